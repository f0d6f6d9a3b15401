"""ha_set_value: one ``value`` argument, read the way the entity's domain takes it.

Numbers within the entity's min and max, texts within its length and pattern,
dates and times in ISO form; each domain's reading is one function in
``_STEPS``, so adding a value domain is one entry.
"""

from __future__ import annotations

from collections.abc import Callable
import re
from typing import Any

from homeassistant.core import State
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import InvalidArguments
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

    def reached(new: State) -> bool:
        try:
            return abs(float(new.state) - number) < 1e-9
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


def _date_time_step(state: State, value: Any) -> Step:
    """Set a date, time or datetime: an ISO value under the domain's own key."""
    key = state.domain
    # A datetime's state is normalised to UTC; dates and times compare as given.
    expect = None if key == "datetime" else state_is(str(value))
    return Step("set_value", {key: str(value)}, f"{key} {value}", expect)


def _input_datetime_step(state: State, value: Any) -> Step:
    """Set an input_datetime: a date, time or datetime, as it has."""
    has_date = state.attributes.get("has_date")
    has_time = state.attributes.get("has_time")
    key = "datetime" if has_date and has_time else "date" if has_date else "time"
    return Step("set_datetime", {key: str(value)}, f"{key} {value}", None)


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
        "Set the value of a number, input_number, text, input_text, date, time, datetime or "
        "input_datetime entity, within its limits (min, max, step, length, pattern)."
    ),
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            vol.Required(
                "entity_id", description="The entity to set, e.g. number.volume."
            ): cv.entity_id,
            vol.Required(
                "value",
                description="A number, a text, or ISO date/time/datetime (2026-11-27, 07:30:00).",
            ): vol.Any(vol.Coerce(float), cv.string),
        }
    ),
    result=CONTROL_RESULT,
)
async def set_value(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Validate against the entity's own limits, then set."""
    state = controllable_state(call, args["entity_id"], tuple(_STEPS))
    step = _STEPS[state.domain](state, args["value"])
    return await async_run_steps(call, state.entity_id, state.domain, [step])
