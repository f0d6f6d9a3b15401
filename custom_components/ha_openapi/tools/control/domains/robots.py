"""Robot vacuums and lawn mowers."""

from __future__ import annotations

from homeassistant.components.lawn_mower import LawnMowerEntityFeature
from homeassistant.components.vacuum import VacuumEntityFeature

from ..description import Action, ControlDomain
from ..engine import becomes
from .common import option_setting

VACUUM = ControlDomain(
    tool="ha_control_vacuum",
    description=(
        "Start, pause, stop, dock, locate or spot-clean a robot vacuum, or set its fan speed."
    ),
    domains=("vacuum",),
    actions={
        "start": Action(
            service="start",
            feature=VacuumEntityFeature.START,
            expect=becomes("cleaning"),
        ),
        "pause": Action(
            service="pause",
            feature=VacuumEntityFeature.PAUSE,
            expect=becomes("paused", "idle"),
        ),
        "stop": Action(service="stop", feature=VacuumEntityFeature.STOP),
        "return_home": Action(
            service="return_to_base",
            feature=VacuumEntityFeature.RETURN_HOME,
            expect=becomes("returning", "docked"),
        ),
        "locate": Action(service="locate", feature=VacuumEntityFeature.LOCATE),
        "clean_spot": Action(
            service="clean_spot", feature=VacuumEntityFeature.CLEAN_SPOT
        ),
    },
    # The fan speed first, so that a start runs at the speed asked for.
    settings=(
        option_setting(
            "fan_speed",
            "fan_speed_list",
            feature=VacuumEntityFeature.FAN_SPEED,
            unsupported="has no fan speeds",
        ),
    ),
    settings_first=True,
)

LAWN_MOWER = ControlDomain(
    tool="ha_control_lawn_mower",
    description="Start mowing, pause, or dock a robot lawn mower.",
    domains=("lawn_mower",),
    actions={
        "start_mowing": Action(
            service="start_mowing",
            feature=LawnMowerEntityFeature.START_MOWING,
            expect=becomes("mowing"),
        ),
        "pause": Action(
            service="pause",
            feature=LawnMowerEntityFeature.PAUSE,
            expect=becomes("paused"),
        ),
        "dock": Action(
            service="dock",
            feature=LawnMowerEntityFeature.DOCK,
            expect=becomes("returning", "docked"),
        ),
    },
    action_required=True,
)
