"""Lights, switches, toggle helpers, buttons, selects and scenes.

Hook: ``_check_light``: brightness, color and color temperature against the
light's color modes and kelvin range, and only with action on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
import difflib
from typing import Any

from homeassistant.components.light import ColorMode, LightEntityFeature
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import State
from homeassistant.helpers import config_validation as cv
from homeassistant.util.color import COLORS, color_name_to_rgb
import voluptuous as vol

from ....framework.tool import ToolCall
from ..description import Action, ControlDomain, Field, Setting
from ..engine import (
    Expectation,
    Verify,
    attribute,
    changed,
    require,
    state_becomes,
    state_is,
)
from .common import ON_OFF_TOGGLE, TRANSITION

_DIMMABLE_EXCEPT = {ColorMode.ONOFF, ColorMode.UNKNOWN}
_COLOR_MODES = {
    ColorMode.HS,
    ColorMode.XY,
    ColorMode.RGB,
    ColorMode.RGBW,
    ColorMode.RGBWW,
}
_COLORS = ("color_name", "rgb_color", "hs_color")


def _check_light(call: ToolCall, state: State, arguments: Mapping[str, Any]) -> None:
    """Brightness, color and color temperature need the color modes that carry them."""
    entity_id = state.entity_id
    action = arguments.get("action", "on")
    given = {
        key for key in arguments if key in _LIGHT_MODIFIERS and key != "transition"
    }
    require(
        not given or action == "on",
        "action",
        f"brightness, color and effect need action on, not {action}",
    )
    modes = set(state.attributes.get("supported_color_modes") or [])
    modes_text = ", ".join(sorted(modes)) or "none"
    if given & {"brightness", "brightness_pct"}:
        require(
            bool(modes - _DIMMABLE_EXCEPT),
            "brightness",
            f"{entity_id} cannot dim (supported color modes: {modes_text})",
        )
    if given & set(_COLORS):
        require(
            bool(modes & _COLOR_MODES),
            "color",
            f"{entity_id} has no color (supported color modes: {modes_text})",
        )
    if "color_temp_kelvin" in given:
        require(
            ColorMode.COLOR_TEMP in modes,
            "color_temp_kelvin",
            f"{entity_id} has no color temperature (supported color modes: {modes_text})",
        )
        low = state.attributes.get("min_color_temp_kelvin")
        high = state.attributes.get("max_color_temp_kelvin")
        if low is not None and high is not None:
            require(
                low <= arguments["color_temp_kelvin"] <= high,
                "color_temp_kelvin",
                f"{entity_id} supports {low}-{high} K",
            )


def _percent_to_level(percent: float) -> float:
    return percent * 255 / 100


def _dims_to_zero(arguments: Mapping[str, Any]) -> bool:
    """Whether the brightness asked for rounds to 0, which HA turns into off."""
    if "brightness" in arguments:
        return bool(round(arguments["brightness"]) == 0)
    if "brightness_pct" in arguments:
        return round(_percent_to_level(arguments["brightness_pct"])) == 0
    return False


def _turned_on(before: State, arguments: Mapping[str, Any]) -> Expectation:
    """Expect on, or off when dimmed to 0."""
    return state_is(STATE_OFF if _dims_to_zero(arguments) else STATE_ON)


def _brightness(convert: Callable[[float], float]) -> Verify:
    """Verify a brightness; at 0 the light is off and has none."""
    near = attribute("brightness", tolerance=3, convert=convert)

    def verify(value: float, before: State) -> Expectation:
        if round(convert(value)) == 0:
            return state_is(STATE_OFF)
        return near(value, before)

    return verify


def _known_color(name: str) -> str:
    """Refuse a color name HA does not know (it would fall back to white)."""
    try:
        color_name_to_rgb(name)
    except ValueError:
        close = difflib.get_close_matches(
            name.replace(" ", "").lower(), COLORS, n=3, cutoff=0.6
        )
        hint = f"; did you mean {' or '.join(close)}?" if close else ", e.g. red"
        raise vol.Invalid(f"{name!r} is not a color name{hint}") from None
    return name


_LIGHT_MODIFIERS = {
    field.name: field
    for field in (
        Field(
            name="brightness",
            validator=vol.All(vol.Coerce(int), vol.Range(min=0, max=255)),
            description="0-255; 0 turns the light off.",
            verify=_brightness(float),
        ),
        Field(
            name="brightness_pct",
            validator=vol.All(vol.Coerce(float), vol.Range(min=0, max=100)),
            description="0-100; 0 turns the light off.",
            verify=_brightness(_percent_to_level),
        ),
        Field(
            name="color_name",
            validator=vol.All(cv.string, _known_color),
            description="CSS color name",
        ),
        Field(
            name="rgb_color",
            validator=vol.All(
                [vol.All(vol.Coerce(int), vol.Range(min=0, max=255))],
                vol.Length(min=3, max=3),
            ),
            description="[r, g, b], 0-255 each.",
        ),
        Field(
            name="hs_color",
            validator=vol.All([vol.Coerce(float)], vol.Length(min=2, max=2)),
            description="[hue 0-360, saturation 0-100].",
        ),
        Field(
            name="color_temp_kelvin",
            validator=vol.All(vol.Coerce(int), vol.Range(min=1000, max=20000)),
            description="2700 warm to 6500 cold",
            verify=attribute("color_temp_kelvin", tolerance=100),
        ),
        Field(
            name="effect",
            validator=cv.string,
            description="One of its effect_list",
            feature=LightEntityFeature.EFFECT,
            unsupported="has no effects",
            options="effect_list",
            verify=attribute("effect"),
        ),
        Field(
            name="transition",
            validator=TRANSITION.validator,
            description=TRANSITION.description,
            feature=LightEntityFeature.TRANSITION,
            unsupported="does not support transitions",
        ),
    )
}

LIGHT = ControlDomain(
    tool="ha_control_light",
    description=(
        "Turn a light on/off/toggle; set brightness, color, color temp, effect, transition; checks support."
    ),
    domains=("light",),
    actions={
        **ON_OFF_TOGGLE,
        "on": Action(service="turn_on", expect=_turned_on, says="turn on"),
    },
    default_action="on",
    modifiers=tuple(_LIGHT_MODIFIERS.values()),
    check=_check_light,
)

SWITCH = ControlDomain(
    tool="ha_control_switch",
    description="Turn a switch on, off or toggle it; reports its state after.",
    domains=("switch",),
    actions=ON_OFF_TOGGLE,
    action_required=True,
)

BOOLEAN = ControlDomain(
    tool="ha_set_boolean",
    description="Turn an input_boolean helper on, off or toggle it.",
    domains=("input_boolean",),
    actions=ON_OFF_TOGGLE,
    action_required=True,
)


BUTTON = ControlDomain(
    tool="ha_press_button",
    description="Press a button or input_button entity.",
    domains=("button", "input_button"),
    # A button's state is the time of its last press.
    actions={"press": Action(service="press", expect=changed)},
    ask_action=False,
    default_action="press",
)

SELECT = ControlDomain(
    tool="ha_select_option",
    description=(
        "Choose an option of a select/input_select; an invalid option answers with the valid ones."
    ),
    domains=("select", "input_select"),
    settings=(
        Setting(
            name="option",
            validator=cv.string,
            description="One of the entity's options.",
            required=True,
            options="options",
            service="select_option",
            verify=state_becomes,
        ),
    ),
)

SCENE = ControlDomain(
    tool="ha_activate_scene",
    description="Activate a scene, optionally with a transition.",
    domains=("scene",),
    # A scene's state is the time it was last activated.
    actions={"activate": Action(service="turn_on", expect=changed)},
    ask_action=False,
    default_action="activate",
    modifiers=(TRANSITION,),
)
