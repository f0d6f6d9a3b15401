"""The pieces tools of several subjects share, and the only module they share.

Entity lookup with 404s that suggest only what the caller may see, the shape of
a state, registry lookups by id or name, and calling an action as the user.
A subject package imports from here and from the framework, never from another
subject.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import datetime, timedelta, tzinfo
from functools import lru_cache
import logging
import re
from typing import Any

from homeassistant.components import websocket_api
from homeassistant.const import ATTR_FRIENDLY_NAME
from homeassistant.core import HomeAssistant, ServiceResponse, State, callback
from homeassistant.exceptions import HomeAssistantError, ServiceNotFound
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
    label_registry as lr,
)
from homeassistant.helpers.check_config import async_check_ha_config_file
from homeassistant.helpers.collection import StorageCollection
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util
import voluptuous as vol

from ..framework.errors import (
    Conflict,
    HomeAssistantFailure,
    InvalidArguments,
    NotFound,
    close_matches,
    from_home_assistant,
    not_found,
)
from ..framework.policy import may_read, visible_entity_ids
from ..framework.tool import ToolCall

_LOGGER = logging.getLogger(__name__)

# How many missing entity ids a 404 names (and looks for near misses of).
NAMED_MISSING = 5
# A blocking call that runs longer is reported as still running, never as done.
SERVICE_CALL_TIMEOUT = 30

STATE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "entity_id": {"type": "string"},
        "name": {"type": ["string", "null"], "description": "Friendly name."},
        "state": {"type": "string"},
        "attributes": {"type": "object", "additionalProperties": True},
        "last_changed": {"type": "string", "format": "date-time"},
        "last_updated": {"type": "string", "format": "date-time"},
    },
    "required": ["entity_id", "state", "last_changed"],
}


def local_time(moment: datetime) -> str:
    """Return ``moment`` as ISO 8601 in Home Assistant's time zone, with its offset.

    The one form of every time a tool answers with, so an agent reads the home's
    clock (08:15+01:00) rather than converting UTC.
    """
    return _local_iso(moment, dt_util.get_default_time_zone())


@lru_cache(maxsize=4096)
def _local_iso(moment: datetime, zone: tzinfo) -> str:
    # States share their time objects across reads; format each once per zone.
    return moment.astimezone(zone).isoformat()


def serialize_state(
    state: State, attributes: list[str] | None = None
) -> dict[str, Any]:
    """Return the caller-facing form of a state, with all or the named attributes.

    The attributes are the state's read-only mapping, not a copy.
    """
    return {
        "entity_id": state.entity_id,
        "name": state.attributes.get(ATTR_FRIENDLY_NAME),
        "state": state.state,
        "attributes": state.attributes
        if attributes is None
        else {
            key: state.attributes[key] for key in attributes if key in state.attributes
        },
        "last_changed": local_time(state.last_changed),
        "last_updated": local_time(state.last_updated),
    }


@callback
def readable_states(call: ToolCall, entity_ids: list[str]) -> list[State]:
    """Return the states of ``entity_ids``; 404 naming every id the caller cannot see."""
    states: list[State] = []
    missing: list[str] = []
    for entity_id in dict.fromkeys(entity_ids):
        state = call.hass.states.get(entity_id)
        if state is None or not may_read(call, entity_id):
            missing.append(entity_id)
        else:
            states.append(state)
    if missing:
        raise entities_not_found(call, missing)
    return states


def similar_entity_ids(
    entity_id: str, candidates: list[str], limit: int = 3
) -> list[str]:
    """Return existing ids that ``entity_id`` was probably meant to be.

    Ids of one domain share a long prefix, so comparing whole ids would rate
    every light alike; compare object ids within the domain first, then whole ids
    only when that finds nothing, for a mistyped domain (lights.kitchen).
    """
    domain, _, object_id = entity_id.partition(".")
    same_domain = {
        candidate.partition(".")[2]: candidate
        for candidate in candidates
        if candidate.startswith(f"{domain}.")
    }
    if matches := close_matches(object_id, same_domain, limit):
        return [same_domain[match] for match in matches]
    return close_matches(entity_id, candidates, limit, cutoff=0.8)


@callback
def entities_not_found(call: ToolCall, missing: list[str]) -> NotFound:
    """Build the 404 for entity ids, suggesting only entities the caller may see.

    Only the first few missing ids are named and matched (matching is slow and
    a message of thousands of ids helps no one); the rest are counted.
    """
    visible = visible_entity_ids(call)
    parts: list[str] = []
    suggestions: list[str] = []
    for entity_id in missing[:NAMED_MISSING]:
        matches = similar_entity_ids(entity_id, visible)
        suggestions.extend(matches)
        hint = f" (did you mean {' or '.join(matches)}?)" if matches else ""
        parts.append(f"{entity_id}{hint}")
    if len(missing) > NAMED_MISSING:
        parts.append(f"and {len(missing) - NAMED_MISSING} more")
    noun = "entity" if len(missing) == 1 else "entities"
    return NotFound(f"{noun} not found: {', '.join(parts)}", suggestions=suggestions)


def resolve_by_id_or_name[T](
    kind: str,
    value: str,
    entries: Iterable[T],
    entry_id: Callable[[T], str],
    entry_name: Callable[[T], str],
) -> T:
    """Find a registry entry by id, or by name ignoring case; 404 with suggestions."""
    candidates = list(entries)
    folded = value.casefold()
    for entry in candidates:
        if entry_id(entry) == value or entry_name(entry).casefold() == folded:
            return entry
    names = [entry_name(entry) for entry in candidates]
    ids = [entry_id(entry) for entry in candidates]
    # Suggest names; ids only when no name is close (a mistyped id).
    raise not_found(kind, value, names if close_matches(value, names) else ids)


@callback
def area_of_entity(hass: HomeAssistant) -> Callable[[str], str | None]:
    """Return a function that gives an entity's area id: its own, else its device's."""
    entities = er.async_get(hass)
    devices = dr.async_get(hass)

    def area_id(entity_id: str) -> str | None:
        if (entry := entities.async_get(entity_id)) is None:
            return None
        if entry.area_id:
            return entry.area_id
        device = devices.async_get(entry.device_id) if entry.device_id else None
        return device.area_id if device else None

    return area_id


@callback
def resolve_area(hass: HomeAssistant, value: str) -> ar.AreaEntry:
    """Return the area with this id or name."""
    return resolve_by_id_or_name(
        "area",
        value,
        ar.async_get(hass).async_list_areas(),
        lambda a: a.id,
        lambda a: a.name,
    )


@callback
def resolve_floor(hass: HomeAssistant, value: str) -> fr.FloorEntry:
    """Return the floor with this id or name."""
    return resolve_by_id_or_name(
        "floor",
        value,
        fr.async_get(hass).async_list_floors(),
        lambda floor: floor.floor_id,
        lambda floor: floor.name,
    )


@callback
def resolve_label(hass: HomeAssistant, value: str) -> lr.LabelEntry:
    """Return the label with this id or name."""
    return resolve_by_id_or_name(
        "label",
        value,
        lr.async_get(hass).async_list_labels(),
        lambda label: label.label_id,
        lambda label: label.name,
    )


@callback
def all_devices(hass: HomeAssistant) -> list[dr.DeviceEntry]:
    """Return every device entry.

    Iterating ``devices`` yields ids up to HA 2026.7 and entries from 2026.8, where
    using it as a mapping is deprecated.
    """
    registry = dr.async_get(hass)
    devices: Iterable[Any] = registry.devices
    # 2026.10 adds entry subtypes (ChildDeviceEntry) that 2026.3 does not know.
    entries: Iterable[Any] = (
        device if isinstance(device, dr.DeviceEntry) else registry.async_get(device)
        for device in devices
    )
    return [entry for entry in entries if entry is not None]


@callback
def resolve_device(call: ToolCall, value: str) -> dr.DeviceEntry:
    """Return the device with this id or name (as the user named it, or as it came).

    Only devices the caller may see count: a hidden device is as unknown as a
    missing one, and never suggested.
    """
    return resolve_by_id_or_name(
        "device",
        value,
        visible_devices(call),
        lambda device: device.id,
        lambda device: device.name_by_user or device.name or device.id,
    )


@callback
def visible_entities_by_device(call: ToolCall) -> dict[str, list[str]]:
    """Return the entity ids the caller may see, per device, sorted."""
    by_device: dict[str, list[str]] = {}
    for entry in er.async_get(call.hass).entities.values():
        if entry.device_id and may_read(call, entry.entity_id):
            by_device.setdefault(entry.device_id, []).append(entry.entity_id)
    for entity_ids in by_device.values():
        entity_ids.sort()
    return by_device


@callback
def visible_devices(call: ToolCall) -> list[dr.DeviceEntry]:
    """Return the devices the caller may see.

    A device with entities is visible when one of them is; a device without any
    (a hub, a bridge) is visible to everyone.
    """
    visible = visible_entities_by_device(call)
    with_entities = {
        entry.device_id
        for entry in er.async_get(call.hass).entities.values()
        if entry.device_id
    }
    return [
        device
        for device in all_devices(call.hass)
        if device.id in visible or device.id not in with_entities
    ]


def device_entry_ids(device: dr.DeviceEntry) -> set[str]:
    """Return the config entries a device belongs to.

    From HA 2026.8 a device has one ``config_entry_id`` and ``config_entries`` is
    deprecated; before, ``config_entries`` is the only way.
    """
    if hasattr(device, "config_entry_id"):
        entry_id: str | None = device.config_entry_id
        return {entry_id} if entry_id else set()
    return set(device.config_entries)


async def async_call_action(
    call: ToolCall,
    domain: str,
    service: str,
    service_data: dict[str, Any],
    *,
    return_response: bool = False,
) -> tuple[bool, ServiceResponse]:
    """Call an action as the user; return whether it finished in time, and its response.

    The call is tracked by hass and shielded: a dropped connection or our timeout
    never cancels the action itself.
    """
    hass = call.hass
    task = hass.async_create_task(
        hass.services.async_call(
            domain,
            service,
            service_data,
            blocking=True,
            context=call.context,
            return_response=return_response,
        ),
        f"ha_openapi call {domain}.{service}",
    )
    try:
        if task.done():  # it ran to the end as it started (no await suspended it)
            return True, task.result()
        async with asyncio.timeout(SERVICE_CALL_TIMEOUT):
            return True, await asyncio.shield(task)
    except TimeoutError:
        task.add_done_callback(_log_late_failure)
        return False, None
    except ServiceNotFound as err:
        if (err.domain, err.service) == (domain, service):
            raise
        # A script or automation calls an action that is gone: it, not the
        # action called here, is what is missing.
        raise Conflict(
            f"{domain}.{service} stopped: it calls {err.domain}.{err.service}, which "
            "does not exist; fix the script or automation that calls it"
        ) from None
    except HomeAssistantError as err:
        if err.generate_message and (message := await _english_message(hass, err)):
            raise from_home_assistant(err, message) from err
        raise
    except vol.Invalid:
        raise
    except Exception as err:
        # The action's own code failed: Home Assistant's failure, not this tool's.
        _LOGGER.warning(
            "Action %s.%s failed inside Home Assistant (request %s)",
            domain,
            service,
            call.request_id,
            exc_info=err,
        )
        raise HomeAssistantFailure(
            f"{domain}.{service} failed inside Home Assistant ({type(err).__name__}); "
            f"the Home Assistant log has the details under request {call.request_id}"
        ) from err


async def _english_message(
    hass: HomeAssistant, error: HomeAssistantError
) -> str | None:
    """Return the English text of an error HA raised by translation key.

    HA turns the key into text only from translations it has already loaded,
    which it has not for a platform's own integration (the demo's manual alarm
    says just "invalid_code").
    """
    domain, key = error.translation_domain, error.translation_key
    if not domain or not key:
        return None
    translations = await async_get_translations(hass, "en", "exceptions", {domain})
    if not (
        message := translations.get(f"component.{domain}.exceptions.{key}.message")
    ):
        return None
    with suppress(KeyError, IndexError, ValueError):
        message = message.format(**(error.translation_placeholders or {}))
    return message.rstrip(".")


@callback
def _log_late_failure(task: asyncio.Task[ServiceResponse]) -> None:
    """Log the outcome of an action that outlived its call, so it is never lost."""
    if not task.cancelled() and (error := task.exception()) is not None:
        _LOGGER.warning(
            "Action called through HA OpenAPI failed after timing out: %s", error
        )


def live_collection(
    hass: HomeAssistant, prefix: str
) -> StorageCollection[Any, Any] | None:
    """Return the storage collection Home Assistant itself uses for ``prefix``.

    The collection is not kept in ``hass.data``; its websocket ``<prefix>/list``
    command is a bound method of the object that holds it, and that command is
    registered in ``hass.data``. A second collection made here would not be the
    one Home Assistant's entities and UI listen to. None when unreachable.
    """
    handler: Any = hass.data.get(websocket_api.DOMAIN, {}).get(
        f"{prefix}/list", (None,)
    )[0]
    while hasattr(handler, "__wrapped__"):
        handler = handler.__wrapped__
    found = getattr(getattr(handler, "__self__", None), "storage_collection", None)
    return found if isinstance(found, StorageCollection) else None


_LINE_NUMBER = re.compile(r"line \d+")


async def async_check_configuration(
    hass: HomeAssistant,
) -> tuple[list[dict[str, str | None]], list[dict[str, str | None]]]:
    """Run Home Assistant's config check; return its errors and warnings.

    Each is ``{"domain", "message"}``, as ``POST /api/config/core/check_config``
    reports them (with the domain, which that endpoint leaves out).
    """
    try:
        result = await async_check_ha_config_file(hass)
    except HomeAssistantError as err:
        return [{"domain": None, "message": str(err)}], []
    return (
        [{"domain": error.domain, "message": error.message} for error in result.errors],
        [
            {"domain": warning.domain, "message": warning.message}
            for warning in result.warnings
        ],
    )


def config_problem_texts(problems: list[dict[str, str | None]]) -> set[str]:
    """Problems as comparable texts: line numbers left out, since edits move them."""
    return {
        _LINE_NUMBER.sub(
            "line …", f"{problem['domain'] or 'configuration'}: {problem['message']}"
        )
        for problem in problems
    }


_RELATIVE_TIME = re.compile(r"^([+-])\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)$")
_TIME_UNITS = {
    "s": "seconds",
    "m": "minutes",
    "min": "minutes",
    "h": "hours",
    "d": "days",
    "w": "weeks",
}


def parse_time(value: str, field: str, now: datetime) -> datetime:
    """Parse an absolute or relative time; naive times are in HA's time zone."""
    text = value.strip().lower()
    if text == "now":
        return now
    try:
        if match := _RELATIVE_TIME.match(text):
            sign, amount = match.group(1), float(match.group(2))
            offset = timedelta(**{_TIME_UNITS[match.group(3)]: amount})
            return now + offset if sign == "+" else now - offset
        # Python's parser raises for what only looks like a time (+25:00, day 32).
        parsed = dt_util.parse_datetime(value.strip())
        if parsed is None and (day := dt_util.parse_date(value.strip())) is not None:
            parsed = datetime(day.year, day.month, day.day)
    except OverflowError, ValueError:
        parsed = None
    if parsed is None:
        raise InvalidArguments(
            f"{field}: {value!r} is not a time; use ISO 8601 (2026-11-27T08:00:00+01:00), "
            "a date, 'now' or a relative time like -6h, -2d or +7d",
            field=field,
        )
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt_util.get_default_time_zone())
    return parsed
