"""Sirens and alarm panels.

Hooks: ``_check_siren``: a tone by id or name, from a list or a mapping of
tones; ``_check_alarm_panel``: a code when the panel needs one for the action.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.components.alarm_control_panel import AlarmControlPanelEntityFeature
from homeassistant.components.siren import SirenEntityFeature
from homeassistant.core import State
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ....framework.tool import ToolCall
from ..description import Action, ControlDomain, Field
from ..engine import becomes, require
from .common import CODE, LEVEL, ON_OFF_TOGGLE


def _check_siren(call: ToolCall, state: State, arguments: Mapping[str, Any]) -> None:
    """Accept a tone from available_tones: a list, or a mapping of ids to names."""
    if "tone" not in arguments:
        return
    tones = state.attributes.get("available_tones") or []
    accepted = [*tones, *tones.values()] if isinstance(tones, dict) else list(tones)
    require(
        arguments["tone"] in accepted,
        "tone",
        f"{state.entity_id} has tones {', '.join(map(str, tones))}",
    )


SIREN = ControlDomain(
    tool="ha_control_siren",
    description=(
        "Turn a siren on (optional tone, volume, duration), off, or toggle it."
    ),
    domains=("siren",),
    actions=ON_OFF_TOGGLE,
    action_required=True,
    modifiers=(
        Field(
            name="tone",
            validator=cv.string,
            description="One of available_tones.",
            feature=SirenEntityFeature.TONES,
        ),
        Field(
            name="volume_level",
            validator=LEVEL,
            description="0.0-1.0.",
            feature=SirenEntityFeature.VOLUME_SET,
        ),
        Field(
            name="duration",
            validator=vol.All(vol.Coerce(int), vol.Range(min=1)),
            description="Seconds.",
            feature=SirenEntityFeature.DURATION,
        ),
    ),
    modifier_actions=dict.fromkeys(("tone", "volume_level", "duration"), ("on",)),
    check=_check_siren,
)


def _check_alarm_panel(
    call: ToolCall, state: State, arguments: Mapping[str, Any]
) -> None:
    """Require the code to disarm, and to arm unless the panel says it needs none."""
    action = arguments["action"]
    needs_code = state.attributes.get("code_format") is not None and (
        action == "disarm" or state.attributes.get("code_arm_required", True)
    )
    require(
        "code" in arguments or not needs_code,
        "code",
        f"{state.entity_id} needs its code for {action.replace('_', ' ')}",
    )


def _arm(mode: str, feature: int) -> Action:
    return Action(
        service=f"alarm_arm_{mode}", feature=feature, expect=becomes(f"armed_{mode}")
    )


ALARM_PANEL = ControlDomain(
    tool="ha_control_alarm_panel",
    description=(
        "Arm, disarm or trigger an alarm panel with its code; during an arming delay it reports not armed."
    ),
    domains=("alarm_control_panel",),
    actions={
        "disarm": Action(service="alarm_disarm", expect=becomes("disarmed")),
        "arm_home": _arm("home", AlarmControlPanelEntityFeature.ARM_HOME),
        "arm_away": _arm("away", AlarmControlPanelEntityFeature.ARM_AWAY),
        "arm_night": _arm("night", AlarmControlPanelEntityFeature.ARM_NIGHT),
        "arm_vacation": _arm("vacation", AlarmControlPanelEntityFeature.ARM_VACATION),
        "arm_custom_bypass": _arm(
            "custom_bypass", AlarmControlPanelEntityFeature.ARM_CUSTOM_BYPASS
        ),
        "trigger": Action(
            service="alarm_trigger",
            feature=AlarmControlPanelEntityFeature.TRIGGER,
            expect=becomes("triggered"),
        ),
    },
    action_required=True,
    modifiers=(CODE,),
    check=_check_alarm_panel,
)
