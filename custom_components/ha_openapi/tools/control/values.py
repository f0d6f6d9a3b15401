"""ha_set_value: one ``value`` argument, read the way the entity's domain takes it.

Numbers within the entity's min and max, texts within its length and pattern,
dates and times in ISO form; each domain's reading is one function in
``_STEPS``, so adding a value domain is one entry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
import re
from typing import Any

from homeassistant.core import State
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import InvalidArguments
from ...framework.schema import TextOrNumber
from ...framework.tool import TOOLS, ToolCall
from .engine import (
    CONTROL_RESULT,
    Step,
    async_run_steps,
    controllable_state,
    require,
    require_in_limits,
    state_is,
)


def _number_step(state: State, value: Any) -> Step:
    """Set a number (number, input_number) within min and max."""
    try:
        number = float(value)
    except TypeError, ValueError:
        raise InvalidArguments(
            f"value: {value!r} is not a number", field="value"
        ) from None
    require_in_limits(state, "value", number, ("min", "max"))
    # The entity may round to its step (input_number does, devices often do).
    tolerance = abs(float(state.attributes.get("step") or 0)) / 2 + 1e-9

    def reached(new: State) -> bool:
        try:
            return abs(float(new.state) - number) <= tolerance
        except ValueError:
            return False

    return Step("set_value", {"value": number}, f"value {number:g}", reached)


def _text_step(state: State, value: Any) -> Step:
    """Set a text (text, input_text) within its length and pattern."""
    text = str(value)
    low, high = state.attributes.get("min", 0), state.attributes.get("max", 255)
    require(
        low <= len(text) <= high,
        "value",
        f"{state.entity_id} takes {low}-{high} characters",
    )
    if pattern := state.attributes.get("pattern"):
        require(
            re.fullmatch(pattern, text) is not None,
            "value",
            f"{state.entity_id} only takes text matching {pattern}",
        )
    return Step("set_value", {"value": text}, f"value {text!r}", state_is(text))


def _parsed[T](parse: Callable[[str], T | None], value: Any, form: str) -> T:
    """Parse an ISO date or time; 400 naming the form expected."""
    try:
        parsed = parse(str(value).strip())
    except ValueError:
        parsed = None
    if parsed is None:
        raise InvalidArguments(f"value: {value!r} is not {form}", field="value")
    return parsed


def _aware(moment: datetime) -> datetime:
    """Put a datetime without a zone in Home Assistant's zone, as HA reads it."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt_util.get_default_time_zone())
    return moment


def _date_time_step(state: State, value: Any) -> Step:
    """Set a date, time or datetime entity; its state is the ISO form HA writes."""
    if state.domain == "date":
        day = _parsed(dt_util.parse_date, value, "a date like 2026-11-28")
        return Step(
            "set_value",
            {"date": day.isoformat()},
            f"date {day}",
            state_is(day.isoformat()),
        )
    if state.domain == "time":
        clock = _parsed(dt_util.parse_time, value, "a time like 07:30 or 07:30:00")
        return Step(
            "set_value",
            {"time": clock.isoformat()},
            f"time {clock}",
            state_is(clock.isoformat()),
        )
    moment = _aware(
        _parsed(
            dt_util.parse_datetime, value, "a date and time like 2026-11-28T07:30:00"
        )
    )
    # A datetime entity's state is the moment in UTC, to the second.
    expected = moment.astimezone(UTC).isoformat(timespec="seconds")
    return Step(
        "set_value",
        {"datetime": moment.isoformat()},
        f"datetime {moment.isoformat()}",
        state_is(expected),
    )


def _input_datetime_step(state: State, value: Any) -> Step:
    """Set an input_datetime: a date, time or datetime, as it has.

    Its state is local "2026-11-28 07:30:00", "2026-11-28" or "07:30:00".
    """
    has_date = state.attributes.get("has_date")
    has_time = state.attributes.get("has_time")
    if has_date and has_time:
        moment = _parsed(
            dt_util.parse_datetime, value, "a date and time like 2026-11-28 07:30:00"
        )
        # HA keeps the date and time as written, whatever the zone.
        text = f"{moment.date().isoformat()} {moment.time().replace(microsecond=0).isoformat()}"
        return Step(
            "set_datetime",
            {"datetime": moment.isoformat()},
            f"datetime {text}",
            state_is(text),
        )
    if has_date:
        day = _parsed(dt_util.parse_date, value, "a date like 2026-11-28")
        return Step(
            "set_datetime",
            {"date": day.isoformat()},
            f"date {day}",
            state_is(day.isoformat()),
        )
    clock = _parsed(dt_util.parse_time, value, "a time like 07:30 or 07:30:00")
    text = clock.replace(microsecond=0).isoformat()
    return Step(
        "set_datetime", {"time": clock.isoformat()}, f"time {text}", state_is(text)
    )


_STEPS: dict[str, Callable[[State, Any], Step]] = {
    "number": _number_step,
    "input_number": _number_step,
    "text": _text_step,
    "input_text": _text_step,
    "date": _date_time_step,
    "time": _date_time_step,
    "datetime": _date_time_step,
    "input_datetime": _input_datetime_step,
}


@TOOLS.tool(
    name="ha_set_value",
    description=(
        "Set a number, text, date, time or datetime entity (or input_ helper) within its limits."
    ),
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            vol.Required("entity_id", description="Entity id to set"): cv.entity_id,
            vol.Required(
                "value",
                description="Number, text, or ISO date/time/datetime",
            ): TextOrNumber(),
        }
    ),
    result=CONTROL_RESULT,
)
async def set_value(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Validate against the entity's own limits, then set."""
    state = controllable_state(call, args["entity_id"], tuple(_STEPS))
    step = _STEPS[state.domain](state, args["value"])
    return await async_run_steps(call, state.entity_id, state.domain, [step])
