"""One tool per device domain, mapping each intent to the right action.

LLMs get generic action calls wrong (mireds for kelvin, a fan speed sent to the
wrong action, a color to a light without color). These tools check what the
entity supports first and answer 400 naming what it does support, then run the
steps through ``control.async_run_steps`` so the result says what happened.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.climate import ClimateEntityFeature
from homeassistant.components.cover import CoverEntityFeature
from homeassistant.components.fan import FanEntityFeature
from homeassistant.components.light import ColorMode, LightEntityFeature
from homeassistant.components.lock import LockEntityFeature
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import State
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.tool import TOOLS, ToolCall
from .engine import (
    ENTITY_ID_FIELD,
    TRANSITION,
    Expectation,
    Step,
    async_run_steps,
    attribute_is,
    attribute_near,
    controllable_state,
    is_state,
    require,
    require_option,
    supports,
)

RESULT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "entity_id": {"type": "string"},
        "outcome": {
            "enum": ["done", "not_changed", "still_running"],
            "description": "done: the entity reached the requested state; not_changed: it did not in time.",
        },
        "steps": {"type": "array", "items": {"type": "object"}},
        "state": {"type": ["object", "null"]},
        "message": {"type": "string"},
    },
    "required": ["entity_id", "outcome", "steps", "state"],
}
_ON_OFF_TOGGLE = vol.In(["on", "off", "toggle"])


def _toggled(before: State) -> Any:
    return lambda state: state.state != before.state


def _text(value: Any) -> str:
    """Write a value as a person would (50, not 50.0)."""
    return format(value, "g") if isinstance(value, float) else str(value)


def _on_off_steps(state: State, action: str, name: str) -> list[Step]:
    """turn_on/turn_off/toggle with the state each should produce."""
    if action == "toggle":
        return [Step("toggle", {}, f"toggle {name}", _toggled(state))]
    return [Step(f"turn_{action}", {}, f"turn {action}", is_state(action))]


# -- lights -------------------------------------------------------------------

_COLOR_MODES = {
    ColorMode.HS,
    ColorMode.XY,
    ColorMode.RGB,
    ColorMode.RGBW,
    ColorMode.RGBWW,
}


@TOOLS.tool(
    name="ha_control_light",
    description=(
        "Turn a light on, off or toggle it; set brightness (0-255 or percent), color (name, "
        "rgb, hs), color temperature in kelvin, effect, transition. Checks what the light "
        "supports and reports its state after."
    ),
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Optional(
                "action", description="on (default), off or toggle."
            ): _ON_OFF_TOGGLE,
            vol.Optional("brightness", description="0-255."): vol.All(
                vol.Coerce(int), vol.Range(min=0, max=255)
            ),
            vol.Optional("brightness_pct", description="0-100."): vol.All(
                vol.Coerce(float), vol.Range(min=0, max=100)
            ),
            vol.Optional(
                "color_name", description="A CSS color name, e.g. red."
            ): cv.string,
            vol.Optional("rgb_color", description="[r, g, b], 0-255 each."): vol.All(
                [vol.All(vol.Coerce(int), vol.Range(min=0, max=255))],
                vol.Length(min=3, max=3),
            ),
            vol.Optional(
                "hs_color", description="[hue 0-360, saturation 0-100]."
            ): vol.All([vol.Coerce(float)], vol.Length(min=2, max=2)),
            vol.Optional(
                "color_temp_kelvin", description="e.g. 2700 (warm) to 6500 (cold)."
            ): vol.All(vol.Coerce(int), vol.Range(min=1000, max=20000)),
            vol.Optional(
                "effect", description="One of the light's effect_list."
            ): cv.string,
            vol.Optional("transition", description="Seconds."): TRANSITION,
        }
    ),
    result=RESULT_SCHEMA,
)
async def control_light(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Validate against the light's color modes and features, then act."""
    entity_id = args["entity_id"]
    state = controllable_state(call, entity_id, ("light",))
    modes = set(state.attributes.get("supported_color_modes") or [])
    settings: dict[str, Any] = {
        key: args[key]
        for key in (
            "brightness",
            "brightness_pct",
            "color_name",
            "rgb_color",
            "hs_color",
            "color_temp_kelvin",
            "effect",
            "transition",
        )
        if key in args
    }
    action = args.get("action", "on")
    require(
        not (settings.keys() - {"transition"}) or action == "on",
        "action",
        f"brightness, color and effect need action on, not {action}",
    )
    modes_text = ", ".join(sorted(modes)) or "none"
    if {"brightness", "brightness_pct"} & settings.keys():
        require(
            bool(modes - {ColorMode.ONOFF, ColorMode.UNKNOWN}),
            "brightness",
            f"{entity_id} cannot dim (supported color modes: {modes_text})",
        )
    if {"color_name", "rgb_color", "hs_color"} & settings.keys():
        require(
            bool(modes & _COLOR_MODES),
            "color",
            f"{entity_id} has no color (supported color modes: {modes_text})",
        )
    if "color_temp_kelvin" in settings:
        low = state.attributes.get("min_color_temp_kelvin")
        high = state.attributes.get("max_color_temp_kelvin")
        require(
            ColorMode.COLOR_TEMP in modes,
            "color_temp_kelvin",
            f"{entity_id} has no color temperature (supported color modes: {modes_text})",
        )
        if low is not None and high is not None:
            require(
                low <= settings["color_temp_kelvin"] <= high,
                "color_temp_kelvin",
                f"{entity_id} supports {low}-{high} K",
            )
    if "effect" in settings:
        require(
            supports(state, LightEntityFeature.EFFECT),
            "effect",
            f"{entity_id} has no effects",
        )
        require_option(state, "effect", settings["effect"], "effect_list")
    if "transition" in settings:
        require(
            supports(state, LightEntityFeature.TRANSITION),
            "transition",
            f"{entity_id} does not support transitions",
        )
    if action != "on":
        data = (
            {"transition": settings["transition"]} if "transition" in settings else {}
        )
        steps = _on_off_steps(state, action, "the light")
        steps = [
            Step(step.service, data, step.requested, step.expect) for step in steps
        ]
        return await async_run_steps(call, entity_id, "light", steps)

    expectations: list[Expectation] = [is_state(STATE_ON)]
    if "brightness" in settings:
        expectations.append(attribute_near("brightness", settings["brightness"], 3))
    if "brightness_pct" in settings:
        expectations.append(
            attribute_near("brightness", settings["brightness_pct"] * 255 / 100, 3)
        )
    if "color_temp_kelvin" in settings:
        expectations.append(
            attribute_near("color_temp_kelvin", settings["color_temp_kelvin"], 100)
        )
    if "effect" in settings:
        expectations.append(attribute_is("effect", settings["effect"]))
    requested = ", ".join(f"{key} {_text(value)}" for key, value in settings.items())
    return await async_run_steps(
        call,
        entity_id,
        "light",
        [
            Step(
                "turn_on",
                settings,
                f"turn on ({requested})" if requested else "turn on",
                lambda new: all(check(new) for check in expectations),
            )
        ],
    )


# -- switches and locks ---------------------------------------------------------


@TOOLS.tool(
    name="ha_control_switch",
    description="Turn a switch on or off, or toggle it, and report its state after.",
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Required(
                "action", description="What to do (one of the allowed values)."
            ): _ON_OFF_TOGGLE,
        }
    ),
    result=RESULT_SCHEMA,
)
async def control_switch(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Switch it."""
    state = controllable_state(call, args["entity_id"], ("switch",))
    return await async_run_steps(
        call,
        args["entity_id"],
        "switch",
        _on_off_steps(state, args["action"], "the switch"),
    )


@TOOLS.tool(
    name="ha_control_lock",
    description="Lock, unlock or open (unlatch) a lock, with a code if it needs one; reports its state after.",
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Required(
                "action", description="What to do (one of the allowed values)."
            ): vol.In(["lock", "unlock", "open"]),
            vol.Optional(
                "code", description="The lock's code, if it has one."
            ): cv.string,
        }
    ),
    result=RESULT_SCHEMA,
)
async def control_lock(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Lock, unlock or open."""
    state = controllable_state(call, args["entity_id"], ("lock",))
    action = args["action"]
    if action == "open":
        require(
            supports(state, LockEntityFeature.OPEN),
            "action",
            f"{state.entity_id} cannot open (unlatch); use unlock",
        )
    data = {"code": args["code"]} if "code" in args else {}
    expected = {"lock": "locked", "unlock": "unlocked", "open": "open"}[action]
    return await async_run_steps(
        call,
        args["entity_id"],
        "lock",
        [Step(action, data, action, is_state(expected) if action != "open" else None)],
    )


# -- fans -------------------------------------------------------------------------


@TOOLS.tool(
    name="ha_control_fan",
    description=(
        "Control a fan: on/off/toggle, speed percentage, preset mode, oscillation, "
        "direction; each through its own action, in order. Reports the state after."
    ),
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Optional(
                "action", description="What to do (one of the allowed values)."
            ): _ON_OFF_TOGGLE,
            vol.Optional("percentage", description="Speed 0-100."): vol.All(
                vol.Coerce(int), vol.Range(min=0, max=100)
            ),
            vol.Optional(
                "preset_mode", description="One of the fan's preset_modes."
            ): cv.string,
            vol.Optional(
                "oscillating", description="true to oscillate, false to stop."
            ): bool,
            vol.Optional("direction", description="Airflow direction."): vol.In(
                ["forward", "reverse"]
            ),
        }
    ),
    result=RESULT_SCHEMA,
)
async def control_fan(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Turn each field into the action that sets it."""
    entity_id = args["entity_id"]
    state = controllable_state(call, entity_id, ("fan",))
    steps: list[Step] = []
    if "action" in args:
        steps += _on_off_steps(state, args["action"], "the fan")
    if "percentage" in args:
        require(
            supports(state, FanEntityFeature.SET_SPEED),
            "percentage",
            f"{entity_id} has no speeds",
        )
        value = args["percentage"]
        steps.append(
            Step(
                "set_percentage",
                {"percentage": value},
                f"percentage {value}",
                attribute_is("percentage", value),
            )
        )
    if "preset_mode" in args:
        require(
            supports(state, FanEntityFeature.PRESET_MODE),
            "preset_mode",
            f"{entity_id} has no preset modes",
        )
        mode = args["preset_mode"]
        require_option(state, "preset_mode", mode, "preset_modes")
        steps.append(
            Step(
                "set_preset_mode",
                {"preset_mode": mode},
                f"preset {mode}",
                attribute_is("preset_mode", mode),
            )
        )
    if "oscillating" in args:
        require(
            supports(state, FanEntityFeature.OSCILLATE),
            "oscillating",
            f"{entity_id} cannot oscillate",
        )
        value_osc = args["oscillating"]
        steps.append(
            Step(
                "oscillate",
                {"oscillating": value_osc},
                f"oscillating {value_osc}",
                attribute_is("oscillating", value_osc),
            )
        )
    if "direction" in args:
        require(
            supports(state, FanEntityFeature.DIRECTION),
            "direction",
            f"{entity_id} has no direction",
        )
        direction = args["direction"]
        steps.append(
            Step(
                "set_direction",
                {"direction": direction},
                f"direction {direction}",
                attribute_is("direction", direction),
            )
        )
    return await async_run_steps(call, entity_id, "fan", steps)


# -- covers -------------------------------------------------------------------------

_COVER_ACTIONS = {
    "open": ("open_cover", CoverEntityFeature.OPEN, ("open", "opening")),
    "close": ("close_cover", CoverEntityFeature.CLOSE, ("closed", "closing")),
    "stop": ("stop_cover", CoverEntityFeature.STOP, None),
    "tilt_open": ("open_cover_tilt", CoverEntityFeature.OPEN_TILT, None),
    "tilt_close": ("close_cover_tilt", CoverEntityFeature.CLOSE_TILT, None),
}


@TOOLS.tool(
    name="ha_control_cover",
    description=(
        "Open, close or stop a cover (blind, garage door, shutter), set its position "
        "0-100, or open/close/set its tilt. Reports the state after."
    ),
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Optional(
                "action", description="What to do (one of the allowed values)."
            ): vol.In(list(_COVER_ACTIONS)),
            vol.Optional("position", description="0 closed - 100 open."): vol.All(
                vol.Coerce(int), vol.Range(min=0, max=100)
            ),
            vol.Optional("tilt_position", description="0-100."): vol.All(
                vol.Coerce(int), vol.Range(min=0, max=100)
            ),
        }
    ),
    result=RESULT_SCHEMA,
)
async def control_cover(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Move the cover as asked."""
    entity_id = args["entity_id"]
    state = controllable_state(call, entity_id, ("cover",))
    steps: list[Step] = []
    if action := args.get("action"):
        service, feature, reached = _COVER_ACTIONS[action]
        require(
            supports(state, feature),
            "action",
            f"{entity_id} cannot {action.replace('_', ' ')}",
        )
        steps.append(
            Step(
                service,
                {},
                action,
                (lambda new: new.state in reached) if reached else None,
            )
        )
    if "position" in args:
        require(
            supports(state, CoverEntityFeature.SET_POSITION),
            "position",
            f"{entity_id} cannot be set to a position; use action open or close",
        )
        position = args["position"]
        steps.append(
            Step(
                "set_cover_position",
                {"position": position},
                f"position {position}",
                attribute_is("current_position", position),
            )
        )
    if "tilt_position" in args:
        require(
            supports(state, CoverEntityFeature.SET_TILT_POSITION),
            "tilt_position",
            f"{entity_id} has no tilt position",
        )
        tilt = args["tilt_position"]
        steps.append(
            Step(
                "set_cover_tilt_position",
                {"tilt_position": tilt},
                f"tilt {tilt}",
                attribute_is("current_tilt_position", tilt),
            )
        )
    return await async_run_steps(call, entity_id, "cover", steps)


# -- climate --------------------------------------------------------------------------


@TOOLS.tool(
    name="ha_control_climate",
    description=(
        "Control a thermostat or AC: on/off, hvac mode, target temperature or range, "
        "fan, preset and swing mode, humidity; each to its own action, in order."
    ),
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Optional(
                "action", description="What to do (one of the allowed values)."
            ): vol.In(["on", "off"]),
            vol.Optional(
                "hvac_mode", description="One of the entity's hvac_modes."
            ): cv.string,
            vol.Optional("temperature", description="Target temperature."): vol.Coerce(
                float
            ),
            vol.Optional(
                "target_temp_low", description="Lower end of a target range."
            ): vol.Coerce(float),
            vol.Optional(
                "target_temp_high", description="Upper end of a target range."
            ): vol.Coerce(float),
            vol.Optional(
                "fan_mode", description="One of the entity's fan_modes."
            ): cv.string,
            vol.Optional(
                "preset_mode", description="One of the entity's preset_modes."
            ): cv.string,
            vol.Optional(
                "swing_mode", description="One of the entity's swing_modes."
            ): cv.string,
            vol.Optional("humidity", description="Target humidity in %."): vol.All(
                vol.Coerce(int), vol.Range(min=0, max=100)
            ),
        }
    ),
    result=RESULT_SCHEMA,
)
async def control_climate(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Send every field to the action that sets it."""
    entity_id = args["entity_id"]
    state = controllable_state(call, entity_id, ("climate",))
    steps: list[Step] = []
    if action := args.get("action"):
        feature = (
            ClimateEntityFeature.TURN_ON
            if action == "on"
            else ClimateEntityFeature.TURN_OFF
        )
        require(
            supports(state, feature),
            "action",
            f"{entity_id} cannot turn {action}; set hvac_mode",
        )
        steps.append(
            Step(
                f"turn_{action}",
                {},
                f"turn {action}",
                (lambda new: new.state != STATE_OFF)
                if action == "on"
                else is_state(STATE_OFF),
            )
        )
    if mode := args.get("hvac_mode"):
        require_option(state, "hvac_mode", mode, "hvac_modes")
        steps.append(
            Step(
                "set_hvac_mode",
                {"hvac_mode": mode},
                f"hvac_mode {mode}",
                is_state(mode),
            )
        )
    if "temperature" in args:
        require(
            supports(state, ClimateEntityFeature.TARGET_TEMPERATURE),
            "temperature",
            f"{entity_id} takes a range: give target_temp_low and target_temp_high",
        )
        _require_in_range(state, "temperature", args["temperature"])
        value = args["temperature"]
        steps.append(
            Step(
                "set_temperature",
                {"temperature": value},
                f"temperature {value}",
                attribute_near("temperature", value, 0.01),
            )
        )
    if {"target_temp_low", "target_temp_high"} & args.keys():
        require(
            supports(state, ClimateEntityFeature.TARGET_TEMPERATURE_RANGE),
            "target_temp_low",
            f"{entity_id} takes one target: give temperature",
        )
        require(
            {"target_temp_low", "target_temp_high"} <= args.keys(),
            "target_temp_high",
            "give both target_temp_low and target_temp_high",
        )
        low, high = args["target_temp_low"], args["target_temp_high"]
        require(low < high, "target_temp_low", "must be below target_temp_high")
        steps.append(
            Step(
                "set_temperature",
                {"target_temp_low": low, "target_temp_high": high},
                f"range {low}-{high}",
                attribute_near("target_temp_low", low, 0.01),
            )
        )
    for key, feature, service in (
        ("fan_mode", ClimateEntityFeature.FAN_MODE, "set_fan_mode"),
        ("preset_mode", ClimateEntityFeature.PRESET_MODE, "set_preset_mode"),
        ("swing_mode", ClimateEntityFeature.SWING_MODE, "set_swing_mode"),
    ):
        if key in args:
            require(
                supports(state, feature),
                key,
                f"{entity_id} has no {key.replace('_', ' ')}s",
            )
            require_option(state, key, args[key], f"{key}s")
            steps.append(
                Step(
                    service,
                    {key: args[key]},
                    f"{key} {args[key]}",
                    attribute_is(key, args[key]),
                )
            )
    if "humidity" in args:
        require(
            supports(state, ClimateEntityFeature.TARGET_HUMIDITY),
            "humidity",
            f"{entity_id} has no target humidity",
        )
        humidity = args["humidity"]
        steps.append(
            Step(
                "set_humidity",
                {"humidity": humidity},
                f"humidity {humidity}",
                attribute_is("humidity", humidity),
            )
        )
    return await async_run_steps(call, entity_id, "climate", steps)


def _require_in_range(state: State, field_name: str, value: float) -> None:
    """400 naming the entity's own limits."""
    low, high = state.attributes.get("min_temp"), state.attributes.get("max_temp")
    if low is not None and high is not None:
        require(
            low <= value <= high, field_name, f"{state.entity_id} accepts {low}-{high}"
        )
