"""Looking back: state history, the logbook and long-term statistics.

All database work runs on the recorder's own executor, as Home Assistant
requires. Times are ISO 8601 (a time without a zone is in Home Assistant's time
zone) or relative to now ('-6h', '-2d', 'now'); the window used is always echoed
back, and rows left out by max_rows (the newest are kept) are reported in the
envelope's ``truncated`` list.
"""

from __future__ import annotations

from datetime import datetime, timedelta
import re
from typing import Any, Literal, cast

from homeassistant.components.recorder import get_instance, history, statistics
from homeassistant.core import State
from homeassistant.helpers import config_validation as cv, entity_registry as er
from homeassistant.util import dt as dt_util
import voluptuous as vol

from ..const import ToolCategory
from ..framework.errors import InvalidArguments, NotFound
from ..framework.output import json_pointer
from ..framework.policy import may_read
from ..framework.tool import TOOLS, ToolCall
from .common import entities_not_found, similar_entity_ids

DEFAULT_WINDOW = timedelta(hours=24)
DEFAULT_MAX_ROWS = 500
MAX_ROWS = 5000
MAX_ENTITIES = 50
PERIODS = ("5minute", "hour", "day", "week", "month")
STATISTIC_TYPES = ("mean", "min", "max", "sum", "state", "change")
_RELATIVE = re.compile(r"^-\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)$")
_UNITS = {
    "s": "seconds",
    "m": "minutes",
    "min": "minutes",
    "h": "hours",
    "d": "days",
    "w": "weeks",
}

_TIME = vol.All(cv.string, vol.Length(min=1, max=40))
_ENTITY_IDS = vol.All(
    cv.ensure_list, [cv.entity_id], vol.Length(min=1, max=MAX_ENTITIES)
)
_WINDOW_FIELDS = {
    vol.Optional(
        "start",
        description="ISO time (zone optional) or relative like -6h, -2d. Default -24h.",
    ): _TIME,
    vol.Optional("end", description="ISO time or relative; default now."): _TIME,
}
_MAX_ROWS = vol.All(vol.Coerce(int), vol.Range(min=1, max=MAX_ROWS))
_MAX_ROWS_FIELD = {
    vol.Optional(
        "max_rows",
        default=DEFAULT_MAX_ROWS,
        description=f"Rows in all (1-{MAX_ROWS}); the newest are kept.",
    ): _MAX_ROWS
}
_OBJECT: dict[str, Any] = {"type": "object", "additionalProperties": True}


def parse_time(value: str, field: str, now: datetime) -> datetime:
    """Parse an absolute or relative time; naive times are in HA's time zone."""
    text = value.strip().lower()
    if text == "now":
        return now
    if match := _RELATIVE.match(text):
        amount, unit = float(match.group(1)), _UNITS[match.group(2)]
        return now - timedelta(**{unit: amount})
    parsed = dt_util.parse_datetime(value.strip())
    if parsed is None and (day := dt_util.parse_date(value.strip())) is not None:
        parsed = datetime(day.year, day.month, day.day)
    if parsed is None:
        raise InvalidArguments(
            f"{field}: {value!r} is not a time; use ISO 8601 (2026-11-27T08:00:00+01:00), "
            "a date, 'now' or a relative time like -6h or -2d",
            field=field,
        )
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt_util.get_default_time_zone())
    return parsed


def time_window(args: dict[str, Any]) -> tuple[datetime, datetime]:
    """Return the (start, end) the caller asked for, validated."""
    now = dt_util.now()
    end = parse_time(args["end"], "end", now) if "end" in args else now
    start = (
        parse_time(args["start"], "start", now)
        if "start" in args
        else end - DEFAULT_WINDOW
    )
    if start >= end:
        raise InvalidArguments("start: must be before end", field="start")
    return start, end


def _readable_ids(call: ToolCall, entity_ids: list[str]) -> list[str]:
    """Ids the caller may read; 404 for ids that exist nowhere (a typo), 403 otherwise."""
    registry = er.async_get(call.hass)
    unknown = [
        entity_id
        for entity_id in entity_ids
        if call.hass.states.get(entity_id) is None
        and registry.async_get(entity_id) is None
    ]
    if unknown:
        raise entities_not_found(call, unknown)
    if hidden := [
        entity_id for entity_id in entity_ids if not may_read(call, entity_id)
    ]:
        raise entities_not_found(call, hidden)
    return list(dict.fromkeys(entity_ids))


@TOOLS.tool(
    name="ha_get_history",
    description=(
        "State history of one or more entities over a time window (ISO or relative like "
        "-6h). Oldest first; capped at max_rows with the newest rows kept and the cut reported."
    ),
    category=ToolCategory.HISTORY,
    parameters=vol.Schema(
        {
            vol.Required(
                "entity_ids", description=f"1-{MAX_ENTITIES} entity ids."
            ): _ENTITY_IDS,
            **_WINDOW_FIELDS,
            vol.Optional(
                "significant_only",
                default=True,
                description="Skip attribute-only changes of most domains.",
            ): bool,
            vol.Optional(
                "include_attributes",
                default=False,
                description="Attributes with every row.",
            ): bool,
            **_MAX_ROWS_FIELD,
        }
    ),
    result=_OBJECT,
    read_only=True,
    requires_components=("recorder",),
)
async def get_history(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Return each entity's states in the window."""
    entity_ids = _readable_ids(call, args["entity_ids"])
    start, end = time_window(args)
    recorder = get_instance(call.hass)
    rows = await recorder.async_add_executor_job(
        history.get_significant_states,
        call.hass,
        start,
        end,
        entity_ids,
        None,
        True,
        args["significant_only"],
        not args["include_attributes"],
        not args["include_attributes"],
    )
    per_entity = max(1, args["max_rows"] // len(entity_ids))
    entities: dict[str, Any] = {}
    for entity_id in entity_ids:
        states = rows.get(entity_id, [])
        if len(states) > per_entity:
            call.report_truncation(
                json_pointer("entities", entity_id),
                len(states) - per_entity,
                "max_rows",
            )
            states = states[-per_entity:]
        entities[entity_id] = [
            _history_row(row, args["include_attributes"]) for row in states
        ]
    result: dict[str, Any] = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "entities": entities,
    }
    if not_recorded := [
        entity_id
        for entity_id in entity_ids
        if recorder.entity_filter is not None and not recorder.entity_filter(entity_id)
    ]:
        result["not_recorded"] = not_recorded
    return result


def _history_row(row: State | dict[str, Any], attributes: bool) -> dict[str, Any]:
    """One state in the history, in the caller's time zone."""
    if isinstance(row, State):
        item: dict[str, Any] = {
            "state": row.state,
            "last_changed": dt_util.as_local(row.last_changed).isoformat(),
        }
        if attributes:
            item["attributes"] = dict(row.attributes)
        return item
    # Minimal rows after the first are dicts with an ISO time in UTC.
    changed = row.get("last_changed")
    parsed = dt_util.parse_datetime(changed) if isinstance(changed, str) else None
    return {
        "state": row.get("state"),
        "last_changed": dt_util.as_local(parsed).isoformat() if parsed else changed,
    }


@TOOLS.tool(
    name="ha_get_logbook",
    description=(
        "Logbook entries (what happened, and who or what caused it) over a time window, "
        "optionally for given entities or devices. Newest rows kept when capped."
    ),
    category=ToolCategory.HISTORY,
    parameters=vol.Schema(
        {
            vol.Optional("entity_ids", description="Only these entities."): _ENTITY_IDS,
            vol.Optional("device_ids", description="Only these devices."): vol.All(
                cv.ensure_list, [cv.string]
            ),
            **_WINDOW_FIELDS,
            **_MAX_ROWS_FIELD,
        }
    ),
    result=_OBJECT,
    read_only=True,
    requires_components=("recorder", "logbook"),
)
async def get_logbook(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Return the logbook entries the caller may see."""
    from homeassistant.components.logbook.helpers import (  # noqa: PLC0415
        async_determine_event_types,
    )
    from homeassistant.components.logbook.processor import EventProcessor  # noqa: PLC0415

    entity_ids = (
        _readable_ids(call, args["entity_ids"]) if "entity_ids" in args else None
    )
    device_ids = args.get("device_ids")
    start, end = time_window(args)
    processor = EventProcessor(
        call.hass,
        tuple(async_determine_event_types(call.hass, entity_ids, device_ids)),
        entity_ids,
        device_ids,
        None,
        timestamp=False,
        include_entity_name=True,
    )
    events = await get_instance(call.hass).async_add_executor_job(
        processor.get_events, start, end
    )
    visible = [
        event
        for event in events
        if "entity_id" not in event or may_read(call, event["entity_id"])
    ]
    if len(visible) > args["max_rows"]:
        call.report_truncation(
            json_pointer("entries"), len(visible) - args["max_rows"], "max_rows"
        )
        visible = visible[-args["max_rows"] :]
    return {"start": start.isoformat(), "end": end.isoformat(), "entries": visible}


@TOOLS.tool(
    name="ha_get_statistics",
    description=(
        "Long-term statistics of sensors (and other statistic ids) per 5minute, hour, "
        "day, week or month: mean, min, max, sum, state, change, with units."
    ),
    category=ToolCategory.HISTORY,
    parameters=vol.Schema(
        {
            vol.Required(
                "statistic_ids", description="Entity ids (or external statistic ids)."
            ): vol.All(
                cv.ensure_list, [cv.string], vol.Length(min=1, max=MAX_ENTITIES)
            ),
            **_WINDOW_FIELDS,
            vol.Optional(
                "period", default="hour", description=", ".join(PERIODS)
            ): vol.In(PERIODS),
            vol.Optional(
                "types",
                default=["mean", "min", "max", "sum", "state", "change"],
                description=", ".join(STATISTIC_TYPES),
            ): vol.All(cv.ensure_list, [vol.In(STATISTIC_TYPES)]),
            **_MAX_ROWS_FIELD,
        }
    ),
    result=_OBJECT,
    read_only=True,
    requires_components=("recorder",),
)
async def get_statistics(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Return the statistics rows and each statistic's unit."""
    statistic_ids = list(dict.fromkeys(args["statistic_ids"]))
    if hidden := [
        statistic_id
        for statistic_id in statistic_ids
        if "." in statistic_id
        and ":" not in statistic_id
        and not may_read(call, statistic_id)
    ]:
        raise entities_not_found(call, hidden)
    start, end = time_window(args)
    recorder = get_instance(call.hass)
    metadata = await recorder.async_add_executor_job(
        lambda: statistics.get_metadata(call.hass, statistic_ids=set(statistic_ids))
    )
    if missing := [
        statistic_id for statistic_id in statistic_ids if statistic_id not in metadata
    ]:
        raise NotFound(
            f"no long-term statistics for {', '.join(missing)}; sensors have them only "
            "when they have a state_class",
            suggestions=[
                match
                for statistic_id in missing
                for match in similar_entity_ids(
                    statistic_id, list(_statistic_ids(call))
                )
            ],
        )
    rows = await recorder.async_add_executor_job(
        statistics.statistics_during_period,
        call.hass,
        start,
        end,
        set(statistic_ids),
        cast(Literal["5minute", "day", "hour", "week", "month"], args["period"]),
        None,
        set(args["types"]),
    )
    per_statistic = max(1, args["max_rows"] // len(statistic_ids))
    result: dict[str, Any] = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "period": args["period"],
        "statistics": {},
    }
    for statistic_id in statistic_ids:
        meta = metadata[statistic_id][1]
        points = rows.get(statistic_id, [])
        if len(points) > per_statistic:
            call.report_truncation(
                json_pointer("statistics", statistic_id, "rows"),
                len(points) - per_statistic,
                "max_rows",
            )
            points = points[-per_statistic:]
        result["statistics"][statistic_id] = {
            "unit": meta.get("unit_of_measurement"),
            "rows": [_statistic_row(point) for point in points],
        }
    return result


def _statistic_row(point: Any) -> dict[str, Any]:
    """One statistics row with ISO times in HA's time zone and no empty values."""
    row: dict[str, Any] = {}
    for key, value in point.items():
        if value is None:
            continue
        if key in ("start", "end", "last_reset") and isinstance(value, (int, float)):
            row[key] = dt_util.as_local(dt_util.utc_from_timestamp(value)).isoformat()
        else:
            row[key] = value
    return row


def _statistic_ids(call: ToolCall) -> list[str]:
    """Entity ids of the caller's visible sensors that keep long-term statistics."""
    return [
        state.entity_id
        for state in call.hass.states.async_all("sensor")
        if "state_class" in state.attributes and may_read(call, state.entity_id)
    ]
