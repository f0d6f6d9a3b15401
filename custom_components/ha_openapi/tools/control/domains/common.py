"""What several control tables share: value ranges, common fields, on/off/toggle."""

from __future__ import annotations

from collections.abc import Mapping

from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ..description import Action, Field, Setting
from ..engine import attribute, becomes, state_becomes, toggled

PERCENT = vol.All(vol.Coerce(int), vol.Range(min=0, max=100))
LEVEL = vol.All(vol.Coerce(float), vol.Range(min=0, max=1))
TRANSITION = Field(
    name="transition",
    validator=vol.All(vol.Coerce(float), vol.Range(min=0, max=300)),
    description="Seconds.",
)
CODE = Field(
    name="code",
    validator=cv.string,
    description="Code, if the entity needs one",
    secret=True,
)

ON_OFF_TOGGLE: Mapping[str, Action] = {
    "on": Action(service="turn_on", expect=becomes(STATE_ON), says="turn on"),
    "off": Action(service="turn_off", expect=becomes(STATE_OFF), says="turn off"),
    "toggle": Action(service="toggle", expect=toggled),
}


def option_setting(
    name: str,
    options: str,
    *,
    feature: int = 0,
    unsupported: str = "",
    service: str = "",
    verify_state: bool = False,
) -> Setting:
    """Make a setting that picks one of the entity's listed values (a mode, a source)."""
    return Setting(
        name=name,
        validator=cv.string,
        description=f"One of its {options}",
        feature=feature,
        unsupported=unsupported,
        options=options,
        service=service or f"set_{name}",
        verify=state_becomes if verify_state else attribute(name),
    )
