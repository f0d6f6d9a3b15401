"""Calendars: events in a window, and creating, changing and deleting them where allowed.

Events are read from the calendar entity itself (the calendar.get_events action
leaves out the uid that changing an event needs). Writes go to the entity the
way Home Assistant's calendar panel does, after the same checks: the caller may
control the calendar, it supports the change, and the event is valid.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from homeassistant.auth.permissions.const import POLICY_CONTROL
from homeassistant.components.calendar import (
    WEBSOCKET_EVENT_SCHEMA,
    CalendarEntity,
    CalendarEntityFeature,
    CalendarEvent,
)
from homeassistant.components.calendar.const import DATA_COMPONENT
from homeassistant.const import ATTR_FRIENDLY_NAME, ATTR_SUPPORTED_FEATURES
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import voluptuous as vol

from ...const import ToolCategory
from ...framework.actions import ActionTool
from ...framework.errors import (
    Conflict,
    Forbidden,
    InvalidArguments,
    NotFound,
    describe_invalid,
)
from ...framework.policy import visible_entity_ids
from ...framework.schema import OneOrMore, confirm_field, require_confirmation
from ...framework.tool import TOOLS, ToolCall
from ..shared import parse_time, readable_states

CALENDAR = "calendar"
MAX_EVENTS = 200
MAX_CALENDARS = 20
DEFAULT_DAYS = 7
# Where an event is looked for by its uid, around now.
_UID_SEARCH = timedelta(days=5 * 366)
_ABILITIES = {
    "create": CalendarEntityFeature.CREATE_EVENT,
    "delete": CalendarEntityFeature.DELETE_EVENT,
    "update": CalendarEntityFeature.UPDATE_EVENT,
}
_TIME = vol.All(cv.string, vol.Length(min=1, max=40))
_EVENT = {
    "type": "object",
    "properties": {
        "calendar": {"type": "string"},
        "uid": {"type": ["string", "null"]},
        "recurrence_id": {"type": ["string", "null"]},
        "summary": {"type": "string"},
        "start": {"type": "string"},
        "end": {"type": "string"},
        "all_day": {"type": "boolean"},
        "description": {"type": ["string", "null"]},
        "location": {"type": ["string", "null"]},
        "rrule": {"type": ["string", "null"]},
    },
    "required": ["calendar", "uid", "summary", "start", "end", "all_day"],
}
_WHEN = "ISO time (HA zone if none), or date for all-day"


def _text(moment: date | datetime) -> str:
    if isinstance(moment, datetime):
        return dt_util.as_local(moment).isoformat(timespec="seconds")
    return moment.isoformat()


def _event(calendar: str, event: CalendarEvent) -> dict[str, Any]:
    return {
        "calendar": calendar,
        "uid": event.uid,
        "recurrence_id": event.recurrence_id,
        "summary": event.summary,
        "start": _text(event.start),
        "end": _text(event.end),
        "all_day": not isinstance(event.start, datetime),
        "description": event.description,
        "location": event.location,
        "rrule": event.rrule,
    }


def _entity(call: ToolCall, entity_id: str) -> CalendarEntity:
    """Return the calendar entity the caller may read; 404 otherwise."""
    (state,) = readable_states(call, [entity_id])
    entity = call.hass.data[DATA_COMPONENT].get_entity(state.entity_id)
    if entity is None:
        raise NotFound(f"{entity_id} is not a calendar")
    return entity


def _writable(call: ToolCall, entity_id: str, ability: str) -> CalendarEntity:
    """Return the calendar, if the caller may change it and it allows ``ability``."""
    entity = _entity(call, entity_id)
    if not call.user.permissions.check_entity(entity.entity_id, POLICY_CONTROL):
        raise Forbidden(f"you may not change {entity.entity_id}")
    if not (entity.supported_features or 0) & _ABILITIES[ability]:
        allowed = [
            name
            for name, flag in _ABILITIES.items()
            if (entity.supported_features or 0) & flag
        ]
        raise InvalidArguments(
            f"entity_id: {entity.entity_id} does not let events be {ability}d; it allows "
            + (", ".join(allowed) or "only reading"),
            field="entity_id",
        )
    return entity


def _moment(value: str, field: str) -> date | datetime:
    """Return a date for a date-only value, else a time in Home Assistant's zone."""
    if (day := dt_util.parse_date(value.strip())) is not None and len(
        value.strip()
    ) == 10:
        return day
    return parse_time(value, field, dt_util.now())


def _validated(event: dict[str, Any]) -> dict[str, Any]:
    try:
        return dict(WEBSOCKET_EVENT_SCHEMA(event))
    except vol.Invalid as err:
        raise describe_invalid(err) from None


async def _async_find(
    call: ToolCall, entity: CalendarEntity, uid: str, recurrence_id: str | None
) -> CalendarEvent:
    now = dt_util.now()
    events = await entity.async_get_events(
        call.hass, now - _UID_SEARCH, now + _UID_SEARCH
    )
    for event in events:
        if event.uid == uid and (
            recurrence_id is None or event.recurrence_id == recurrence_id
        ):
            return event
    raise NotFound(
        f"event {uid} not found in {entity.entity_id}; ha_get_calendar_events lists uids"
    )


@TOOLS.tool(
    name="ha_list_calendars",
    description="List calendars with id, name and which event changes they allow.",
    category=ToolCategory.CALENDARS,
    parameters=vol.Schema({}),
    result={
        "type": "object",
        "properties": {
            "calendars": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "entity_id": {"type": "string"},
                        "name": {"type": ["string", "null"]},
                        "allows": {"type": "array", "items": {"type": "string"}},
                    },
                },
            }
        },
        "required": ["calendars"],
    },
    read_only=True,
)
async def list_calendars(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """List the calendar entities the caller may see."""
    calendars = []
    for entity_id in sorted(visible_entity_ids(call)):
        if not entity_id.startswith(f"{CALENDAR}.") or not (
            state := call.hass.states.get(entity_id)
        ):
            continue
        features = int(state.attributes.get(ATTR_SUPPORTED_FEATURES) or 0)
        calendars.append(
            {
                "entity_id": entity_id,
                "name": state.attributes.get(ATTR_FRIENDLY_NAME),
                "allows": [
                    name for name, flag in _ABILITIES.items() if features & flag
                ],
            }
        )
    return {"calendars": calendars}


@TOOLS.tool(
    name="ha_get_calendar_events",
    description=(
        "Events of one or more calendars in a time range (default next 7 days), with uids for edits."
    ),
    category=ToolCategory.CALENDARS,
    parameters=vol.Schema(
        {
            vol.Required("entity_id", description="One calendar or a list."): OneOrMore(
                cv.entity_id, min_items=1, max_items=MAX_CALENDARS
            ),
            vol.Optional("start", description="Default now."): _TIME,
            vol.Optional("end", description=f"Default +{DEFAULT_DAYS}d."): _TIME,
        }
    ),
    result={
        "type": "object",
        "properties": {
            "start": {"type": "string"},
            "end": {"type": "string"},
            "events": {"type": "array", "items": _EVENT},
        },
        "required": ["start", "end", "events"],
    },
    read_only=True,
    requires_components=(CALENDAR,),
)
async def get_calendar_events(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Ask each calendar entity for its events in the window, sorted by start."""
    now = dt_util.now()
    start = parse_time(args.get("start", "now"), "start", now)
    end = parse_time(args.get("end", f"+{DEFAULT_DAYS}d"), "end", now)
    if end <= start:
        raise InvalidArguments("end: must be after start", field="end")
    events = []
    for entity_id in args["entity_id"]:
        entity = _entity(call, entity_id)
        try:
            found = await entity.async_get_events(call.hass, start, end)
        except HomeAssistantError as err:
            raise Conflict(
                f"{entity.entity_id} could not list its events: {err}"
            ) from None
        events += [_event(entity.entity_id, event) for event in found]
    events.sort(key=lambda event: (event["start"], event["calendar"]))
    if len(events) > MAX_EVENTS:
        call.report_truncation(
            "/events", len(events) - MAX_EVENTS, "the first events kept"
        )
    return {"start": _text(start), "end": _text(end), "events": events[:MAX_EVENTS]}


_EVENT_FIELDS = {
    vol.Optional("description", description="Notes."): vol.All(
        cv.string, vol.Length(max=4000)
    ),
    vol.Optional("location", description="Where."): vol.All(
        cv.string, vol.Length(max=500)
    ),
    vol.Optional("rrule", description="RRULE, e.g. FREQ=WEEKLY;BYDAY=MO"): cv.string,
}


EVENTS = ActionTool(
    name="ha_manage_calendar_event",
    description=(
        "Create, change or delete an event in a calendar that allows it; update "
        "and delete find it by uid (ha_get_calendar_events), fields not given stay."
    ),
    category=ToolCategory.CALENDARS,
    result={
        "anyOf": [
            _EVENT,
            {
                "type": "object",
                "properties": {"deleted": _EVENT},
                "required": ["deleted"],
            },
        ]
    },
    requires_components=(CALENDAR,),
)


@EVENTS.action(
    "create",
    vol.Schema(
        {
            vol.Required("entity_id", description="The calendar."): cv.entity_id,
            vol.Required("summary", description="The event's title."): vol.All(
                cv.string, vol.Length(min=1, max=255)
            ),
            vol.Required("start", description=_WHEN): _TIME,
            vol.Required("end", description="Same form as start."): _TIME,
            **_EVENT_FIELDS,
        }
    ),
)
async def create_calendar_event(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Create it through the entity, then read it back."""
    entity = _writable(call, args["entity_id"], "create")
    event = _validated(
        {
            "dtstart": _moment(args["start"], "start"),
            "dtend": _moment(args["end"], "end"),
            "summary": args["summary"],
            **{
                key: args[key]
                for key in ("description", "location", "rrule")
                if key in args
            },
        }
    )
    before = {
        (found.uid, found.recurrence_id)
        for found in await _async_events_around(call, entity, event)
    }
    try:
        await entity.async_create_event(**event)
    except HomeAssistantError as err:
        raise Conflict(f"{entity.entity_id} did not create the event: {err}") from None
    added = [
        found
        for found in await _async_events_around(call, entity, event)
        if (found.uid, found.recurrence_id) not in before
        and found.summary == event["summary"]
    ]
    if not added:
        raise Conflict(f"{entity.entity_id} does not show the event after creating it")
    return _event(entity.entity_id, added[0])


async def _async_events_around(
    call: ToolCall, entity: CalendarEntity, event: dict[str, Any]
) -> list[CalendarEvent]:
    """Return the calendar's events over the span of ``event`` (a day around all-day ones)."""
    start, end = event["dtstart"], event["dtend"]
    if not isinstance(start, datetime):
        start = dt_util.start_of_local_day(start)
        end = dt_util.start_of_local_day(end) + timedelta(days=1)
    return await entity.async_get_events(call.hass, start, end + timedelta(seconds=1))


@EVENTS.action(
    "update",
    vol.Schema(
        {
            vol.Required("entity_id", description="The calendar."): cv.entity_id,
            vol.Required("uid", description="The event's uid."): cv.string,
            vol.Optional(
                "recurrence_id", description="Only this occurrence of a series"
            ): cv.string,
            vol.Optional("summary", description="The event's title."): vol.All(
                cv.string, vol.Length(min=1, max=255)
            ),
            vol.Optional("start", description=_WHEN): _TIME,
            vol.Optional("end", description="Same form as start."): _TIME,
            **_EVENT_FIELDS,
        }
    ),
)
async def update_calendar_event(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Merge the changes into the event, validate, update, and read it back."""
    entity = _writable(call, args["entity_id"], "update")
    current = await _async_find(call, entity, args["uid"], args.get("recurrence_id"))
    event = _validated(
        {
            "dtstart": _moment(args["start"], "start")
            if "start" in args
            else current.start,
            "dtend": _moment(args["end"], "end") if "end" in args else current.end,
            "summary": args.get("summary", current.summary),
            **{
                key: value
                for key in ("description", "location", "rrule")
                if (value := args.get(key, getattr(current, key))) is not None
            },
        }
    )
    try:
        await entity.async_update_event(
            args["uid"], event, recurrence_id=args.get("recurrence_id")
        )
    except (HomeAssistantError, ValueError) as err:
        raise Conflict(f"{entity.entity_id} did not update the event: {err}") from None
    return _event(
        entity.entity_id,
        await _async_find(call, entity, args["uid"], args.get("recurrence_id")),
    )


@EVENTS.action(
    "delete",
    vol.Schema(
        {
            vol.Required("entity_id", description="The calendar."): cv.entity_id,
            vol.Required("uid", description="The event's uid."): cv.string,
            vol.Optional(
                "recurrence_id",
                description="Only this occurrence of a series",
            ): cv.string,
            **confirm_field(),
        }
    ),
    destructive=True,
)
async def delete_calendar_event(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Delete through the entity and check the event is gone."""
    require_confirmation(args, "delete an event")
    entity = _writable(call, args["entity_id"], "delete")
    event = await _async_find(call, entity, args["uid"], args.get("recurrence_id"))
    try:
        await entity.async_delete_event(
            args["uid"], recurrence_id=args.get("recurrence_id")
        )
    except (HomeAssistantError, ValueError) as err:
        raise Conflict(f"{entity.entity_id} did not delete the event: {err}") from None
    try:
        await _async_find(call, entity, args["uid"], args.get("recurrence_id"))
    except NotFound:
        return {"deleted": _event(entity.entity_id, event)}
    raise Conflict(f"the event is still in {entity.entity_id} after deleting it")


TOOLS.register(EVENTS.tool())
