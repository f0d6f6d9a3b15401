"""The time window, row cap and entity checks the history tools share.

Times are ISO 8601 (a time without a zone is in Home Assistant's time zone) or
relative to now ('-6h', '-2d', 'now'); the window used is always echoed back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from homeassistant.helpers import config_validation as cv, entity_registry as er
from homeassistant.helpers.recorder import get_instance
from homeassistant.util import dt as dt_util
import voluptuous as vol

from ...framework.errors import InvalidArguments, Unavailable
from ...framework.policy import may_read
from ...framework.readiness import component_problem
from ...framework.schema import OneOrMore
from ...framework.tool import ToolCall
from ..shared import entities_not_found, local_time, parse_time

DEFAULT_WINDOW = timedelta(hours=24)
DEFAULT_MAX_ROWS = 500
MAX_ROWS = 5000
MAX_ENTITIES = 50

TIME = vol.All(cv.string, vol.Length(min=1, max=40))
ENTITY_IDS = OneOrMore(cv.entity_id, min_items=1, max_items=MAX_ENTITIES)
WINDOW_FIELDS = {
    vol.Optional(
        "start",
        description="ISO time or relative (-6h, -2d); default -24h",
    ): TIME,
    vol.Optional("end", description="ISO or relative; default now"): TIME,
}
MAX_ROWS_FIELD = {
    vol.Optional(
        "max_rows",
        default=DEFAULT_MAX_ROWS,
        description="Row cap; newest kept",
    ): vol.All(vol.Coerce(int), vol.Range(min=1, max=MAX_ROWS))
}


def time_window(args: dict[str, Any]) -> tuple[datetime, datetime]:
    """Return the (start, end) the caller asked for, validated.

    Nothing is recorded after now, so the window ends now at the latest (the
    echoed end says so) and a window that starts later is refused.
    """
    now = dt_util.now()
    end = min(parse_time(args["end"], "end", now), now) if "end" in args else now
    start = (
        parse_time(args["start"], "start", now)
        if "start" in args
        else end - DEFAULT_WINDOW
    )
    if start >= now:
        raise InvalidArguments(
            f"start: {local_time(start)} is in the future; nothing is recorded after "
            f"now ({local_time(now)})",
            field="start",
        )
    if start >= end:
        raise InvalidArguments("start: must be before end", field="start")
    return start, end


async def read_recorder[T](call: ToolCall, job: Callable[..., T], *args: Any) -> T:
    """Run a database read on the recorder's executor.

    The recorder can stop between the dispatcher's check and this read; that is
    the recorder being unavailable (503), not a failure of the tool.
    """
    recorder = get_instance(call.hass)
    try:
        return await recorder.async_add_executor_job(job, *args)
    except RuntimeError:
        if problem := component_problem(call.hass, "recorder"):
            raise Unavailable(f"{problem}; {call.tool_name} needs it") from None
        raise


def readable_ids(call: ToolCall, entity_ids: list[str]) -> list[str]:
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


# The result members every history tool shares: the window it used.
WINDOW_RESULT: dict[str, Any] = {
    "start": {"type": "string", "format": "date-time"},
    "end": {"type": "string", "format": "date-time"},
}
