"""Buttons, values, options, booleans, scenes, scripts, events and bulk switching.

Like the per-domain tools, each maps the intent to the right action for the
entity's domain, checks the entity's limits first, and reports the outcome.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from homeassistant.const import STATE_ON
from homeassistant.core import State, SupportsResponse
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import InvalidArguments, ToolError, from_home_assistant
from ...framework.tool import TOOLS, ToolCall
from ..shared import async_call_action
from .domain_control import RESULT_SCHEMA
from .engine import (
    ENTITY_ID_FIELD,
    OUTCOME_DONE,
    OUTCOME_STILL_RUNNING,
    TRANSITION,
    Step,
    async_run_steps,
    compact_state,
    controllable_state,
    require,
    require_option,
)

MAX_BULK = 50
# Events that Home Assistant itself fires; faking them would mislead automations.
RESERVED_EVENTS = frozenset(
    {
        "state_changed",
        "call_service",
        "service_registered",
        "service_removed",
        "component_loaded",
        "core_config_updated",
        "homeassistant_start",
        "homeassistant_started",
        "homeassistant_stop",
        "homeassistant_final_write",
        "homeassistant_close",
        "logging_changed",
        "user_added",
        "user_removed",
        "user_updated",
    }
)


def _changed_from(before: State) -> Any:
    return lambda state: (
        state.state != before.state or state.last_updated != before.last_updated
    )


@TOOLS.tool(
    name="ha_press_button",
    description="Press a button or input_button entity and report that the press registered.",
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(ENTITY_ID_FIELD),
    result=RESULT_SCHEMA,
)
async def press_button(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Press it; a button's state is the time of its last press."""
    entity_id = args["entity_id"]
    state = controllable_state(call, entity_id, ("button", "input_button"))
    return await async_run_steps(
        call,
        entity_id,
        state.domain,
        [Step("press", {}, "press", _changed_from(state))],
    )


@TOOLS.tool(
    name="ha_set_value",
    description=(
        "Set the value of a number, input_number, text, input_text, date, time, datetime or "
        "input_datetime entity, within its limits (min, max, step, length, pattern)."
    ),
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Required(
                "value",
                description="A number, a text, or ISO date/time/datetime (2026-11-27, 07:30:00).",
            ): vol.Any(vol.Coerce(float), cv.string),
        }
    ),
    result=RESULT_SCHEMA,
)
async def set_value(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Validate against the entity's own limits, then set."""
    entity_id, value = args["entity_id"], args["value"]
    state = controllable_state(
        call,
        entity_id,
        (
            "number",
            "input_number",
            "text",
            "input_text",
            "date",
            "time",
            "datetime",
            "input_datetime",
        ),
    )
    domain = state.domain
    if domain in ("number", "input_number"):
        number = _number(value)
        low, high = state.attributes.get("min"), state.attributes.get("max")
        if low is not None and high is not None:
            require(low <= number <= high, "value", f"{entity_id} accepts {low}-{high}")
        step = Step(
            "set_value", {"value": number}, f"value {number:g}", _number_state(number)
        )
    elif domain in ("text", "input_text"):
        text = str(value)
        low, high = state.attributes.get("min", 0), state.attributes.get("max", 255)
        require(
            low <= len(text) <= high,
            "value",
            f"{entity_id} takes {low}-{high} characters",
        )
        if pattern := state.attributes.get("pattern"):
            require(
                re.fullmatch(pattern, text) is not None,
                "value",
                f"{entity_id} only takes text matching {pattern}",
            )
        step = Step(
            "set_value",
            {"value": text},
            f"value {text!r}",
            lambda new: new.state == text,
        )
    elif domain == "input_datetime":
        step = _datetime_step(state, str(value))
    else:
        key = {"date": "date", "time": "time", "datetime": "datetime"}[domain]
        # A datetime's state is normalised to UTC; dates and times compare as given.
        expect = None if domain == "datetime" else _state_is(str(value))
        step = Step("set_value", {key: str(value)}, f"{key} {value}", expect)
    return await async_run_steps(call, entity_id, domain, [step])


def _state_is(value: str) -> Any:
    return lambda state: state.state == value


def _number(value: Any) -> float:
    try:
        return float(value)
    except TypeError, ValueError:
        raise InvalidArguments(
            f"value: {value!r} is not a number", field="value"
        ) from None


def _number_state(number: float) -> Any:
    def check(state: State) -> bool:
        try:
            return abs(float(state.state) - number) < 1e-9
        except ValueError:
            return False

    return check


def _datetime_step(state: State, value: str) -> Step:
    """input_datetime takes date, time or datetime depending on what it has."""
    has_date, has_time = (
        state.attributes.get("has_date"),
        state.attributes.get("has_time"),
    )
    key = "datetime" if has_date and has_time else "date" if has_date else "time"
    return Step("set_datetime", {key: value}, f"{key} {value}", None)


@TOOLS.tool(
    name="ha_select_option",
    description="Choose an option of a select or input_select entity; unknown options answer with the valid ones.",
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Required(
                "option", description="One of the entity's options."
            ): cv.string,
        }
    ),
    result=RESULT_SCHEMA,
)
async def select_option(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Select the option."""
    entity_id, option = args["entity_id"], args["option"]
    state = controllable_state(call, entity_id, ("select", "input_select"))
    require_option(state, "option", option, "options")
    return await async_run_steps(
        call,
        entity_id,
        state.domain,
        [
            Step(
                "select_option",
                {"option": option},
                f"option {option}",
                lambda new: new.state == option,
            )
        ],
    )


@TOOLS.tool(
    name="ha_set_boolean",
    description="Turn an input_boolean (toggle helper) on or off, or toggle it.",
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Required(
                "action", description="What to do (one of the allowed values)."
            ): vol.In(["on", "off", "toggle"]),
        }
    ),
    result=RESULT_SCHEMA,
)
async def set_boolean(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Switch the helper."""
    entity_id, action = args["entity_id"], args["action"]
    state = controllable_state(call, entity_id, ("input_boolean",))
    if action == "toggle":
        step = Step("toggle", {}, "toggle", lambda new: new.state != state.state)
    else:
        step = Step(
            f"turn_{action}", {}, f"turn {action}", lambda new: new.state == action
        )
    return await async_run_steps(call, entity_id, "input_boolean", [step])


@TOOLS.tool(
    name="ha_activate_scene",
    description="Activate a scene, optionally with a transition in seconds.",
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Optional("transition", description="Seconds."): TRANSITION,
        }
    ),
    result=RESULT_SCHEMA,
)
async def activate_scene(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Activate it; a scene's state is the time it was last activated."""
    entity_id = args["entity_id"]
    state = controllable_state(call, entity_id, ("scene",))
    data = {"transition": args["transition"]} if "transition" in args else {}
    return await async_run_steps(
        call,
        entity_id,
        "scene",
        [Step("turn_on", data, "activate", _changed_from(state))],
    )


@TOOLS.tool(
    name="ha_run_script",
    description=(
        "Run a script with variables and wait for it (bounded); returns the script's "
        "response if it has one, or says it is still running."
    ),
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            vol.Required("entity_id", description="script.<id>"): cv.entity_id,
            vol.Optional(
                "variables", default=dict, description="Variables for the script."
            ): dict,
        }
    ),
    result=RESULT_SCHEMA,
)
async def run_script(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Call the script's own action, so its response comes back."""
    entity_id = args["entity_id"]
    controllable_state(call, entity_id, ("script",))
    object_id = entity_id.partition(".")[2]
    wants_response = (
        call.hass.services.supports_response("script", object_id)
        is not SupportsResponse.NONE
    )
    completed, response = await async_call_action(
        call, "script", object_id, args["variables"], return_response=wants_response
    )
    result: dict[str, Any] = {
        "entity_id": entity_id,
        "outcome": OUTCOME_DONE if completed else OUTCOME_STILL_RUNNING,
        "steps": [
            {
                "action": f"script.{object_id}",
                "requested": "run",
                "outcome": OUTCOME_DONE if completed else OUTCOME_STILL_RUNNING,
            }
        ],
        "state": compact_state(call.hass.states.get(entity_id)),
    }
    if response:
        result["response"] = response
    if not completed:
        result["message"] = (
            f"{entity_id} is still running; read its state later to see when it ends"
        )
    return result


@TOOLS.tool(
    name="ha_fire_event",
    description="Fire a custom event (e.g. to trigger automations listening for it). Events Home Assistant fires itself are refused.",
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            vol.Required("event_type", description="e.g. my_custom_event"): vol.All(
                cv.string, vol.Match(r"^[a-z0-9_.]+$")
            ),
            vol.Optional(
                "event_data", default=dict, description="Data sent with the event."
            ): dict,
        }
    ),
    result={"type": "object", "properties": {"fired": {"type": "string"}}},
    requires_admin=True,
)
async def fire_event(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Fire it with the caller's context."""
    event_type = args["event_type"]
    require(
        event_type not in RESERVED_EVENTS,
        "event_type",
        f"{event_type} is fired by Home Assistant itself and cannot be faked",
    )
    call.hass.bus.async_fire(event_type, args["event_data"], context=call.context)
    return {"fired": event_type}


_BULK_DOMAINS = (
    "light",
    "switch",
    "fan",
    "input_boolean",
    "media_player",
    "climate",
    "humidifier",
    "siren",
)


@TOOLS.tool(
    name="ha_bulk_control",
    description=(
        f"Turn up to {MAX_BULK} entities on or off, or toggle them (lights, switches, fans, "
        "helpers...), and report each one's outcome; one failure does not stop the rest."
    ),
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            vol.Required("entity_ids", description="The entities to act on."): vol.All(
                cv.ensure_list, [cv.entity_id], vol.Length(min=1, max=MAX_BULK)
            ),
            vol.Required(
                "action", description="What to do (one of the allowed values)."
            ): vol.In(["on", "off", "toggle"]),
        }
    ),
    result={
        "type": "object",
        "properties": {
            "summary": {"type": "object", "additionalProperties": {"type": "integer"}},
            "results": {"type": "array", "items": {"type": "object"}},
        },
    },
)
async def bulk_control(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Act on every entity at once; collect each outcome or error."""
    action = args["action"]

    async def one(entity_id: str) -> dict[str, Any]:
        try:
            state = controllable_state(call, entity_id, _BULK_DOMAINS)
            if action == "toggle":
                step = Step(
                    "toggle", {}, "toggle", lambda new: new.state != state.state
                )
            else:
                expected = STATE_ON if action == "on" else "off"
                step = Step(
                    f"turn_{action}",
                    {},
                    f"turn {action}",
                    lambda new: new.state == expected,
                )
            result = await async_run_steps(call, entity_id, state.domain, [step])
        except (ToolError, HomeAssistantError, vol.Invalid) as err:
            error = err if isinstance(err, ToolError) else from_home_assistant(err)
            return {
                "entity_id": entity_id,
                "outcome": "error",
                "error": error.as_dict(),
            }
        return {
            "entity_id": entity_id,
            "outcome": result["outcome"],
            "state": result["state"]["state"] if result["state"] else None,
        }

    results = await asyncio.gather(
        *(one(entity_id) for entity_id in dict.fromkeys(args["entity_ids"]))
    )
    summary: dict[str, int] = {}
    for result in results:
        summary[result["outcome"]] = summary.get(result["outcome"], 0) + 1
    return {"summary": summary, "results": list(results)}
