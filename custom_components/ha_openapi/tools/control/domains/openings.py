"""Locks, covers and valves."""

from __future__ import annotations

from homeassistant.components.cover import CoverEntityFeature
from homeassistant.components.lock import LockEntityFeature
from homeassistant.components.valve import ValveEntityFeature

from ..description import Action, ControlDomain, Setting
from ..engine import attribute, becomes, position
from .common import CODE, PERCENT

LOCK = ControlDomain(
    tool="ha_control_lock",
    description=(
        "Lock, unlock or open (unlatch) a lock, with a code if needed; reports state after."
    ),
    domains=("lock",),
    actions={
        "lock": Action(service="lock", expect=becomes("locked")),
        "unlock": Action(service="unlock", expect=becomes("unlocked")),
        "open": Action(
            service="open",
            feature=LockEntityFeature.OPEN,
            unsupported="cannot open (unlatch); use unlock",
            # Unlatching is brief: a lock may report unlocked again right after.
            expect=becomes("open", "opening"),
        ),
    },
    action_required=True,
    modifiers=(CODE,),
)


COVER = ControlDomain(
    tool="ha_control_cover",
    description=(
        "Open, close or stop a cover (blind, garage door), set position or tilt; reports state after."
    ),
    domains=("cover",),
    actions={
        "open": Action(
            service="open_cover",
            feature=CoverEntityFeature.OPEN,
            expect=becomes("open", "opening"),
        ),
        "close": Action(
            service="close_cover",
            feature=CoverEntityFeature.CLOSE,
            expect=becomes("closed", "closing"),
        ),
        "stop": Action(service="stop_cover", feature=CoverEntityFeature.STOP),
        "tilt_open": Action(
            service="open_cover_tilt", feature=CoverEntityFeature.OPEN_TILT
        ),
        "tilt_close": Action(
            service="close_cover_tilt", feature=CoverEntityFeature.CLOSE_TILT
        ),
    },
    settings=(
        Setting(
            name="position",
            validator=PERCENT,
            description="0 closed - 100 open.",
            feature=CoverEntityFeature.SET_POSITION,
            unsupported="cannot be set to a position; use action open or close",
            service="set_cover_position",
            verify=position("current_position"),
        ),
        Setting(
            name="tilt_position",
            validator=PERCENT,
            description="0-100.",
            feature=CoverEntityFeature.SET_TILT_POSITION,
            unsupported="has no tilt position",
            service="set_cover_tilt_position",
            verify=attribute("current_tilt_position"),
        ),
    ),
)


VALVE = ControlDomain(
    tool="ha_control_valve",
    description="Open, close or stop a valve, or set its position.",
    domains=("valve",),
    actions={
        "open": Action(
            service="open_valve",
            feature=ValveEntityFeature.OPEN,
            expect=becomes("open", "opening"),
        ),
        "close": Action(
            service="close_valve",
            feature=ValveEntityFeature.CLOSE,
            expect=becomes("closed", "closing"),
        ),
        "stop": Action(service="stop_valve", feature=ValveEntityFeature.STOP),
    },
    settings=(
        Setting(
            name="position",
            validator=PERCENT,
            description="0 closed - 100 open.",
            feature=ValveEntityFeature.SET_POSITION,
            unsupported="is open/close only; use action",
            service="set_valve_position",
            verify=position("current_position"),
        ),
    ),
)
