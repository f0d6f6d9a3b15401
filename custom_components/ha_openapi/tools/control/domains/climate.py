"""Fans, thermostats, humidifiers and water heaters.

Hook: ``_check_climate``: a target range's low end below its high end.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.components.climate import ClimateEntityFeature
from homeassistant.components.fan import FanEntityFeature
from homeassistant.components.humidifier import HumidifierEntityFeature
from homeassistant.components.water_heater import WaterHeaterEntityFeature
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import State
import voluptuous as vol

from ....framework.tool import ToolCall
from ..description import Action, ControlDomain, Field, Setting
from ..engine import attribute, becomes, leaves, require, toggled
from .common import ON_OFF_TOGGLE, PERCENT, option_setting


def half_step(state: State) -> float:
    """How far a temperature may land from the one asked for.

    Thermostats keep their own step or precision (22.26 shows as 22.3 in
    tenths, 22 in whole degrees); HA shows the step, not the precision, so
    without a step the coarsest default precision, a whole degree, is assumed.
    """
    return float(state.attributes.get("target_temp_step") or 1.0) / 2


FAN = ControlDomain(
    tool="ha_control_fan",
    description=(
        "Control a fan: on/off/toggle, speed, preset, oscillation, direction; reports state after."
    ),
    domains=("fan",),
    actions=ON_OFF_TOGGLE,
    settings=(
        Setting(
            name="percentage",
            validator=PERCENT,
            description="Speed 0-100.",
            feature=FanEntityFeature.SET_SPEED,
            unsupported="has no speeds",
            service="set_percentage",
            verify=attribute("percentage"),
        ),
        option_setting(
            "preset_mode",
            "preset_modes",
            feature=FanEntityFeature.PRESET_MODE,
            unsupported="has no preset modes",
        ),
        Setting(
            name="oscillating",
            validator=bool,
            description="true oscillates, false stops",
            feature=FanEntityFeature.OSCILLATE,
            unsupported="cannot oscillate",
            service="oscillate",
            verify=attribute("oscillating"),
        ),
        Setting(
            name="direction",
            validator=vol.In(["forward", "reverse"]),
            description="Airflow direction",
            feature=FanEntityFeature.DIRECTION,
            unsupported="has no direction",
            service="set_direction",
            verify=attribute("direction"),
        ),
    ),
)


def _check_climate(call: ToolCall, state: State, arguments: Mapping[str, Any]) -> None:
    """Refuse a target range whose low end is not below its high end."""
    if "target_temp_low" in arguments and "target_temp_high" in arguments:
        require(
            arguments["target_temp_low"] < arguments["target_temp_high"],
            "target_temp_low",
            "must be below target_temp_high",
        )


CLIMATE = ControlDomain(
    tool="ha_control_climate",
    description=(
        "Control a thermostat/AC: power, hvac mode, target temp or range, fan, preset, swing, humidity."
    ),
    domains=("climate",),
    actions={
        "on": Action(
            service="turn_on",
            feature=ClimateEntityFeature.TURN_ON,
            expect=leaves(STATE_OFF),
            unsupported="cannot turn on; set hvac_mode",
            says="turn on",
        ),
        "off": Action(
            service="turn_off",
            feature=ClimateEntityFeature.TURN_OFF,
            expect=becomes(STATE_OFF),
            unsupported="cannot turn off; set hvac_mode",
            says="turn off",
        ),
        "toggle": Action(
            service="toggle",
            feature=ClimateEntityFeature.TURN_ON | ClimateEntityFeature.TURN_OFF,
            expect=toggled,
            unsupported="cannot toggle; set hvac_mode",
        ),
    },
    settings=(
        option_setting("hvac_mode", "hvac_modes", verify_state=True),
        Setting(
            name="temperature",
            validator=vol.Coerce(float),
            description="Target temperature.",
            feature=ClimateEntityFeature.TARGET_TEMPERATURE,
            unsupported="takes a range: give target_temp_low and target_temp_high",
            limits=("min_temp", "max_temp"),
            service="set_temperature",
            verify=attribute("temperature", tolerance=half_step),
        ),
        Setting(
            name="target_temp_low",
            validator=vol.Coerce(float),
            description="Lower end of a target range.",
            feature=ClimateEntityFeature.TARGET_TEMPERATURE_RANGE,
            unsupported="takes one target: give temperature",
            limits=("min_temp", "max_temp"),
            service="set_temperature",
            verify=attribute("target_temp_low", tolerance=half_step),
            companions=(
                Field(
                    name="target_temp_high",
                    validator=vol.Coerce(float),
                    description="Upper end of a target range.",
                    limits=("min_temp", "max_temp"),
                    verify=attribute("target_temp_high", tolerance=half_step),
                ),
            ),
            requires=("target_temp_high",),
        ),
        option_setting(
            "fan_mode",
            "fan_modes",
            feature=ClimateEntityFeature.FAN_MODE,
            unsupported="has no fan modes",
        ),
        option_setting(
            "preset_mode",
            "preset_modes",
            feature=ClimateEntityFeature.PRESET_MODE,
            unsupported="has no preset modes",
        ),
        option_setting(
            "swing_mode",
            "swing_modes",
            feature=ClimateEntityFeature.SWING_MODE,
            unsupported="has no swing modes",
        ),
        Setting(
            name="humidity",
            validator=PERCENT,
            description="Target humidity in %.",
            feature=ClimateEntityFeature.TARGET_HUMIDITY,
            unsupported="has no target humidity",
            limits=("min_humidity", "max_humidity"),
            service="set_humidity",
            verify=attribute("humidity"),
        ),
    ),
    check=_check_climate,
)


HUMIDIFIER = ControlDomain(
    tool="ha_control_humidifier",
    description=("Turn a (de)humidifier on/off/toggle; set target humidity or mode."),
    domains=("humidifier",),
    actions=ON_OFF_TOGGLE,
    settings=(
        Setting(
            name="humidity",
            validator=PERCENT,
            description="Target humidity in %.",
            limits=("min_humidity", "max_humidity"),
            service="set_humidity",
            verify=attribute("humidity"),
        ),
        option_setting(
            "mode",
            "available_modes",
            feature=HumidifierEntityFeature.MODES,
            unsupported="has no modes",
        ),
    ),
)

_HEATER_ON_OFF = "cannot turn on or off; set operation_mode"

WATER_HEATER = ControlDomain(
    tool="ha_control_water_heater",
    description=(
        "Turn a water heater on/off; set temperature, operation mode or away mode."
    ),
    domains=("water_heater",),
    actions={
        "on": Action(
            service="turn_on",
            feature=WaterHeaterEntityFeature.ON_OFF,
            unsupported=_HEATER_ON_OFF,
            says="turn on",
            # A water heater's state is its operation mode; "off" when it is off.
            expect=leaves(STATE_OFF),
        ),
        "off": Action(
            service="turn_off",
            feature=WaterHeaterEntityFeature.ON_OFF,
            unsupported=_HEATER_ON_OFF,
            says="turn off",
            expect=becomes(STATE_OFF),
        ),
    },
    settings=(
        Setting(
            name="temperature",
            validator=vol.Coerce(float),
            description="Target, in the entity's unit",
            feature=WaterHeaterEntityFeature.TARGET_TEMPERATURE,
            unsupported="has no target temperature",
            limits=("min_temp", "max_temp"),
            service="set_temperature",
            verify=attribute("temperature", tolerance=half_step),
        ),
        option_setting(
            "operation_mode",
            "operation_list",
            feature=WaterHeaterEntityFeature.OPERATION_MODE,
            unsupported="has no operation modes",
            verify_state=True,
        ),
        Setting(
            name="away_mode",
            validator=bool,
            description="true on, false off",
            feature=WaterHeaterEntityFeature.AWAY_MODE,
            unsupported="has no away mode",
            service="set_away_mode",
            verify=attribute(
                "away_mode", convert=lambda away: STATE_ON if away else STATE_OFF
            ),
        ),
    ),
)
