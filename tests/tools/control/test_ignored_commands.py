"""A command the entity ignores is reported not_changed, in every control domain.

Each entity here is a real entity class of its domain, loaded through the
domain's own integration (helpers through the helper's own component), whose
service handlers record that they ran and write the state again unchanged, as
a device that drops a command does. Nothing in Home Assistant or the
integration is patched: the action reaches the entity, the entity does
nothing, and the tool must say so, with the message naming what was asked and
what the entity still is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from http import HTTPStatus
from typing import Any

from homeassistant.components.alarm_control_panel import (
    AlarmControlPanelEntity,
    AlarmControlPanelEntityFeature,
    AlarmControlPanelState,
    CodeFormat,
)
from homeassistant.components.button import ButtonEntity
from homeassistant.components.climate import (
    ClimateEntity,
    ClimateEntityFeature,
    HVACMode,
)
from homeassistant.components.cover import CoverEntity, CoverEntityFeature
from homeassistant.components.date import DateEntity
from homeassistant.components.datetime import DateTimeEntity
from homeassistant.components.fan import FanEntity, FanEntityFeature
from homeassistant.components.humidifier import (
    HumidifierEntity,
    HumidifierEntityFeature,
)
from homeassistant.components.input_boolean import InputBoolean
from homeassistant.components.input_datetime import InputDatetime
from homeassistant.components.input_number import InputNumber
from homeassistant.components.input_select import InputSelect
from homeassistant.components.input_text import InputText
from homeassistant.components.lawn_mower import (
    LawnMowerActivity,
    LawnMowerEntity,
    LawnMowerEntityFeature,
)
from homeassistant.components.light import ColorMode, LightEntity, LightEntityFeature
from homeassistant.components.lock import LockEntity, LockEntityFeature
from homeassistant.components.media_player import (
    MediaPlayerEntity,
    MediaPlayerEntityFeature,
    MediaPlayerState,
)
from homeassistant.components.number import NumberEntity
from homeassistant.components.remote import RemoteEntity, RemoteEntityFeature
from homeassistant.components.scene import Scene
from homeassistant.components.select import SelectEntity
from homeassistant.components.siren import SirenEntity, SirenEntityFeature
from homeassistant.components.switch import SwitchEntity
from homeassistant.components.text import TextEntity
from homeassistant.components.time import TimeEntity
from homeassistant.components.update import UpdateEntity, UpdateEntityFeature
from homeassistant.components.vacuum import (
    StateVacuumEntity,
    VacuumActivity,
    VacuumEntityFeature,
)
from homeassistant.components.valve import ValveEntity, ValveEntityFeature
from homeassistant.components.water_heater import (
    WaterHeaterEntity,
    WaterHeaterEntityFeature,
)
from homeassistant.const import UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_component import DATA_INSTANCES
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockPlatform,
    mock_platform,
)

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import CONF_OUTCOME_WAIT

from ...conftest import Caller

# -- entities that ignore what they are told ------------------------------------


class Ignores:
    """Mixed into a real entity class: every handler records itself, changes nothing.

    Keyword arguments become the entity's ``_attr_`` values (its name, its
    state); positional ones go to the class itself (a helper's config).
    """

    calls: list[str]

    def __init__(self, *args: Any, **attributes: Any) -> None:
        super().__init__(*args)
        self.calls = []
        for key, value in attributes.items():
            setattr(self, f"_attr_{key}", value)

    def ignore(self, handler: str) -> None:
        """Record the handler, then write the state as it was."""
        self.calls.append(handler)
        self.async_write_ha_state()  # type: ignore[attr-defined]


class OnOff(Ignores):
    """Turn on and off for the toggle-like domains; toggle ends in one of them."""

    # Fans pass their percentage and preset mode by position.
    async def async_turn_on(self, *args: Any, **kwargs: Any) -> None:
        self.ignore("turn_on")

    async def async_turn_off(self, **kwargs: Any) -> None:
        self.ignore("turn_off")


class Light(OnOff, LightEntity):
    pass


class Switch(OnOff, SwitchEntity):
    pass


class Siren(OnOff, SirenEntity):
    pass


class Remote(OnOff, RemoteEntity):
    pass


class Fan(OnOff, FanEntity):
    _attr_supported_features = (
        FanEntityFeature.TURN_ON
        | FanEntityFeature.TURN_OFF
        | FanEntityFeature.SET_SPEED
    )

    async def async_set_percentage(self, percentage: int) -> None:
        self.ignore("set_percentage")


class Humidifier(OnOff, HumidifierEntity):
    _attr_supported_features = HumidifierEntityFeature.MODES

    async def async_set_humidity(self, humidity: int) -> None:
        self.ignore("set_humidity")

    async def async_set_mode(self, mode: str) -> None:
        self.ignore("set_mode")


class WaterHeater(OnOff, WaterHeaterEntity):
    _attr_temperature_unit = UnitOfTemperature.CELSIUS
    _attr_supported_features = (
        WaterHeaterEntityFeature.TARGET_TEMPERATURE
        | WaterHeaterEntityFeature.OPERATION_MODE
        | WaterHeaterEntityFeature.AWAY_MODE
        | WaterHeaterEntityFeature.ON_OFF
    )

    async def async_set_temperature(self, **kwargs: Any) -> None:
        self.ignore("set_temperature")

    async def async_set_operation_mode(self, operation_mode: str) -> None:
        self.ignore("set_operation_mode")

    async def async_turn_away_mode_on(self) -> None:
        self.ignore("turn_away_mode_on")


class Thermostat(OnOff, ClimateEntity):
    _attr_temperature_unit = UnitOfTemperature.CELSIUS

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        self.ignore("set_hvac_mode")

    async def async_set_temperature(self, **kwargs: Any) -> None:
        self.ignore("set_temperature")

    async def async_set_fan_mode(self, fan_mode: str) -> None:
        self.ignore("set_fan_mode")


class Cover(Ignores, CoverEntity):
    _attr_supported_features = (
        CoverEntityFeature.OPEN
        | CoverEntityFeature.CLOSE
        | CoverEntityFeature.SET_POSITION
        | CoverEntityFeature.SET_TILT_POSITION
    )

    async def async_open_cover(self, **kwargs: Any) -> None:
        self.ignore("open_cover")

    async def async_close_cover(self, **kwargs: Any) -> None:
        self.ignore("close_cover")

    async def async_set_cover_position(self, **kwargs: Any) -> None:
        self.ignore("set_cover_position")

    async def async_set_cover_tilt_position(self, **kwargs: Any) -> None:
        self.ignore("set_cover_tilt_position")


class Valve(Ignores, ValveEntity):
    async def async_open_valve(self) -> None:
        self.ignore("open_valve")

    async def async_close_valve(self) -> None:
        self.ignore("close_valve")

    async def async_set_valve_position(self, position: int) -> None:
        self.ignore("set_valve_position")


class Lock(Ignores, LockEntity):
    _attr_supported_features = LockEntityFeature.OPEN

    async def async_lock(self, **kwargs: Any) -> None:
        self.ignore("lock")

    async def async_unlock(self, **kwargs: Any) -> None:
        self.ignore("unlock")

    async def async_open(self, **kwargs: Any) -> None:
        self.ignore("open")


class Speaker(OnOff, MediaPlayerEntity):
    _attr_supported_features = (
        MediaPlayerEntityFeature.TURN_ON
        | MediaPlayerEntityFeature.TURN_OFF
        | MediaPlayerEntityFeature.PLAY
        | MediaPlayerEntityFeature.PAUSE
        | MediaPlayerEntityFeature.VOLUME_SET
        | MediaPlayerEntityFeature.VOLUME_MUTE
        | MediaPlayerEntityFeature.SELECT_SOURCE
    )

    async def async_media_play(self) -> None:
        self.ignore("media_play")

    async def async_media_pause(self) -> None:
        self.ignore("media_pause")

    async def async_set_volume_level(self, volume: float) -> None:
        self.ignore("set_volume_level")

    async def async_mute_volume(self, mute: bool) -> None:
        self.ignore("mute_volume")

    async def async_select_source(self, source: str) -> None:
        self.ignore("select_source")


class Vacuum(Ignores, StateVacuumEntity):
    _attr_supported_features = (
        VacuumEntityFeature.STATE
        | VacuumEntityFeature.START
        | VacuumEntityFeature.PAUSE
        | VacuumEntityFeature.RETURN_HOME
        | VacuumEntityFeature.FAN_SPEED
    )
    _attr_fan_speed_list = ["quiet", "max"]  # noqa: RUF012
    _attr_fan_speed = "quiet"

    async def async_start(self) -> None:
        self.ignore("start")

    async def async_pause(self) -> None:
        self.ignore("pause")

    async def async_return_to_base(self, **kwargs: Any) -> None:
        self.ignore("return_to_base")

    async def async_set_fan_speed(self, fan_speed: str, **kwargs: Any) -> None:
        self.ignore("set_fan_speed")


class Mower(Ignores, LawnMowerEntity):
    _attr_supported_features = (
        LawnMowerEntityFeature.START_MOWING
        | LawnMowerEntityFeature.PAUSE
        | LawnMowerEntityFeature.DOCK
    )

    async def async_start_mowing(self) -> None:
        self.ignore("start_mowing")

    async def async_pause(self) -> None:
        self.ignore("pause")

    async def async_dock(self) -> None:
        self.ignore("dock")


class Panel(Ignores, AlarmControlPanelEntity):
    async def async_alarm_disarm(self, code: str | None = None) -> None:
        self.ignore("alarm_disarm")

    async def async_alarm_arm_home(self, code: str | None = None) -> None:
        self.ignore("alarm_arm_home")

    async def async_alarm_arm_away(self, code: str | None = None) -> None:
        self.ignore("alarm_arm_away")

    async def async_alarm_trigger(self, code: str | None = None) -> None:
        self.ignore("alarm_trigger")


class Firmware(Ignores, UpdateEntity):
    async def async_install(
        self, version: str | None, backup: bool, **kwargs: Any
    ) -> None:
        self.ignore("install")


class Select(Ignores, SelectEntity):
    async def async_select_option(self, option: str) -> None:
        self.ignore("select_option")


class Number(Ignores, NumberEntity):
    async def async_set_native_value(self, value: float) -> None:
        self.ignore("set_native_value")


class Text(Ignores, TextEntity):
    async def async_set_value(self, value: str) -> None:
        self.ignore("set_value")


class Day(Ignores, DateEntity):
    async def async_set_value(self, value: date) -> None:
        self.ignore("set_value")


class Clock(Ignores, TimeEntity):
    async def async_set_value(self, value: time) -> None:
        self.ignore("set_value")


class Moment(Ignores, DateTimeEntity):
    async def async_set_value(self, value: datetime) -> None:
        self.ignore("set_value")


class Button(Ignores, ButtonEntity):
    async def async_press(self) -> None:
        self.ignore("press")


class Mood(Ignores, Scene):
    async def async_activate(self, **kwargs: Any) -> None:
        self.ignore("activate")


# Helpers: the real helper classes, made from their YAML config.


class StuckBoolean(OnOff, InputBoolean):
    pass


class StuckNumber(Ignores, InputNumber):
    # set_value calls async_set_value up to HA 2026.3, async_set_native_value after.
    async def async_set_value(self, value: float) -> None:
        self.ignore("set_value")

    async def async_set_native_value(self, value: float) -> None:
        self.ignore("set_value")


class StuckText(Ignores, InputText):
    async def async_set_value(self, value: str) -> None:
        self.ignore("set_value")


class StuckSelect(Ignores, InputSelect):
    async def async_select_option(self, option: str) -> None:
        self.ignore("select_option")


class StuckDatetime(Ignores, InputDatetime):
    async def async_set_datetime(self, **kwargs: Any) -> None:
        self.ignore("set_datetime")


def _datetime_helper(object_id: str, initial: str, **has: bool) -> StuckDatetime:
    return StuckDatetime.from_yaml(
        {
            "id": object_id,
            "name": object_id,
            "has_date": has.get("has_date", False),
            "has_time": has.get("has_time", False),
            "initial": initial,
        }
    )


# Each entity by the id Home Assistant gives it, made fresh for every test.
ENTITIES: dict[str, Callable[[], Entity]] = {
    "light.dark": lambda: Light(
        name="Dark",
        is_on=False,
        color_mode=ColorMode.ONOFF,
        supported_color_modes={ColorMode.ONOFF},
    ),
    "light.lit": lambda: Light(
        name="Lit",
        is_on=True,
        brightness=200,
        color_mode=ColorMode.COLOR_TEMP,
        supported_color_modes={ColorMode.COLOR_TEMP},
        color_temp_kelvin=4000,
        min_color_temp_kelvin=2000,
        max_color_temp_kelvin=6500,
        supported_features=LightEntityFeature.EFFECT,
        effect_list=["rainbow", "none"],
        effect="none",
    ),
    "switch.dark": lambda: Switch(name="Dark", is_on=False),
    "switch.lit": lambda: Switch(name="Lit", is_on=True),
    "fan.still": lambda: Fan(name="Still", percentage=0),
    "fan.spinning": lambda: Fan(name="Spinning", percentage=30),
    "cover.shut": lambda: Cover(name="Shut", current_cover_position=0, is_closed=True),
    "cover.ajar": lambda: Cover(
        name="Ajar",
        current_cover_position=60,
        current_cover_tilt_position=30,
        is_closed=False,
    ),
    "climate.cold": lambda: Thermostat(
        name="Cold",
        supported_features=ClimateEntityFeature.TARGET_TEMPERATURE
        | ClimateEntityFeature.FAN_MODE
        | ClimateEntityFeature.TURN_ON
        | ClimateEntityFeature.TURN_OFF,
        hvac_modes=[HVACMode.OFF, HVACMode.HEAT],
        hvac_mode=HVACMode.OFF,
        target_temperature=18.0,
        fan_modes=["auto", "high"],
        fan_mode="auto",
    ),
    "climate.warm": lambda: Thermostat(
        name="Warm",
        supported_features=ClimateEntityFeature.TARGET_TEMPERATURE
        | ClimateEntityFeature.TURN_ON
        | ClimateEntityFeature.TURN_OFF,
        hvac_modes=[HVACMode.OFF, HVACMode.HEAT],
        hvac_mode=HVACMode.HEAT,
        target_temperature=21.0,
    ),
    "climate.ranged": lambda: Thermostat(
        name="Ranged",
        supported_features=ClimateEntityFeature.TARGET_TEMPERATURE_RANGE,
        hvac_modes=[HVACMode.OFF, HVACMode.HEAT_COOL],
        hvac_mode=HVACMode.HEAT_COOL,
        target_temperature_low=20.0,
        target_temperature_high=25.0,
    ),
    "lock.front": lambda: Lock(name="Front", is_locked=True),
    "lock.back": lambda: Lock(name="Back", is_locked=False),
    "media_player.quiet": lambda: Speaker(name="Quiet", state=MediaPlayerState.OFF),
    "media_player.held": lambda: Speaker(name="Held", state=MediaPlayerState.PAUSED),
    "media_player.loud": lambda: Speaker(
        name="Loud",
        state=MediaPlayerState.PLAYING,
        volume_level=0.2,
        is_volume_muted=False,
        source="TV",
        source_list=["TV", "Radio"],
    ),
    "vacuum.rover": lambda: Vacuum(name="Rover", activity=VacuumActivity.DOCKED),
    "vacuum.sweeper": lambda: Vacuum(name="Sweeper", activity=VacuumActivity.CLEANING),
    "lawn_mower.garden": lambda: Mower(
        name="Garden", activity=LawnMowerActivity.DOCKED
    ),
    "lawn_mower.meadow": lambda: Mower(
        name="Meadow", activity=LawnMowerActivity.MOWING
    ),
    "valve.shut": lambda: Valve(
        name="Shut",
        supported_features=ValveEntityFeature.OPEN | ValveEntityFeature.CLOSE,
        reports_position=False,
        is_closed=True,
    ),
    # A valve with positions opens and closes through its set_valve_position.
    "valve.ajar": lambda: Valve(
        name="Ajar",
        supported_features=ValveEntityFeature.OPEN
        | ValveEntityFeature.CLOSE
        | ValveEntityFeature.SET_POSITION,
        reports_position=True,
        current_valve_position=60,
    ),
    "humidifier.dry": lambda: Humidifier(
        name="Dry", is_on=False, available_modes=["normal", "eco"], mode="normal"
    ),
    "humidifier.damp": lambda: Humidifier(
        name="Damp",
        is_on=True,
        target_humidity=40,
        available_modes=["normal", "eco"],
        mode="normal",
    ),
    "water_heater.boiler": lambda: WaterHeater(
        name="Boiler",
        current_operation="eco",
        operation_list=["eco", "performance", "off"],
        target_temperature=50.0,
        min_temp=30.0,
        max_temp=70.0,
        is_away_mode_on=False,
    ),
    "water_heater.tank": lambda: WaterHeater(
        name="Tank",
        current_operation="off",
        operation_list=["eco", "performance", "off"],
        target_temperature=50.0,
    ),
    "siren.quiet": lambda: Siren(
        name="Quiet",
        is_on=False,
        supported_features=SirenEntityFeature.TURN_ON
        | SirenEntityFeature.TURN_OFF
        | SirenEntityFeature.VOLUME_SET,
    ),
    "siren.loud": lambda: Siren(
        name="Loud",
        is_on=True,
        supported_features=SirenEntityFeature.TURN_ON | SirenEntityFeature.TURN_OFF,
    ),
    "alarm_control_panel.home": lambda: Panel(
        name="Home",
        alarm_state=AlarmControlPanelState.DISARMED,
        supported_features=AlarmControlPanelEntityFeature.ARM_HOME
        | AlarmControlPanelEntityFeature.ARM_AWAY
        | AlarmControlPanelEntityFeature.TRIGGER,
        code_format=None,
        code_arm_required=False,
    ),
    "alarm_control_panel.away": lambda: Panel(
        name="Away",
        alarm_state=AlarmControlPanelState.ARMED_AWAY,
        supported_features=AlarmControlPanelEntityFeature.ARM_AWAY,
        code_format=None,
        code_arm_required=False,
    ),
    "alarm_control_panel.coded": lambda: Panel(
        name="Coded",
        alarm_state=AlarmControlPanelState.DISARMED,
        supported_features=AlarmControlPanelEntityFeature.ARM_HOME,
        code_format=CodeFormat.NUMBER,
        code_arm_required=True,
    ),
    "remote.idle": lambda: Remote(name="Idle", is_on=False),
    "remote.busy": lambda: Remote(
        name="Busy",
        is_on=True,
        supported_features=RemoteEntityFeature.ACTIVITY,
        activity_list=["Watch TV", "Play game"],
        current_activity="Watch TV",
    ),
    "update.stale": lambda: Firmware(
        name="Stale",
        installed_version="1.0",
        latest_version="1.1",
        supported_features=UpdateEntityFeature.INSTALL
        | UpdateEntityFeature.SPECIFIC_VERSION,
    ),
    "select.mode": lambda: Select(
        name="Mode", options=["eco", "comfort"], current_option="eco"
    ),
    "number.level": lambda: Number(
        name="Level",
        native_value=10.0,
        native_min_value=0.0,
        native_max_value=100.0,
        native_step=1.0,
    ),
    "text.note": lambda: Text(name="Note", native_value="old"),
    "date.day": lambda: Day(name="Day", native_value=date(2026, 1, 1)),
    "time.alarm": lambda: Clock(name="Alarm", native_value=time(6, 0)),
    "datetime.moment": lambda: Moment(
        name="Moment", native_value=datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    ),
    "button.doorbell": lambda: Button(name="Doorbell"),
    "scene.evening": lambda: Mood(name="Evening"),
    "input_boolean.stuck": lambda: StuckBoolean.from_yaml(
        {"id": "stuck", "name": "Stuck", "initial": False}
    ),
    "input_number.stuck": lambda: StuckNumber.from_yaml(
        {
            "id": "stuck",
            "name": "Stuck",
            "min": 0.0,
            "max": 100.0,
            "step": 1.0,
            "initial": 10.0,
            "mode": "slider",
        }
    ),
    "input_text.stuck": lambda: StuckText.from_yaml(
        {
            "id": "stuck",
            "name": "Stuck",
            "min": 0,
            "max": 100,
            "initial": "old",
            "mode": "text",
        }
    ),
    "input_select.stuck": lambda: StuckSelect.from_yaml(
        {
            "id": "stuck",
            "name": "Stuck",
            "options": ["eco", "comfort"],
            "initial": "eco",
        }
    ),
    "input_datetime.both": lambda: _datetime_helper(
        "both", "2026-01-01 06:00:00", has_date=True, has_time=True
    ),
    "input_datetime.day": lambda: _datetime_helper("day", "2026-01-01", has_date=True),
    "input_datetime.clock": lambda: _datetime_helper(
        "clock", "06:00:00", has_time=True
    ),
}


@pytest.fixture
async def entity(hass: HomeAssistant, entity_id: str) -> Any:
    """The test's entity, added through its domain's own integration.

    Requested before ``admin``: some domains (media_player) add HTTP views,
    which must come before the test client starts.
    """
    entity = ENTITIES[entity_id]()
    domain = entity_id.partition(".")[0]
    if domain.startswith("input_") or domain == "scene":
        # Helpers have no platforms, and scene configs name only Home Assistant's
        # own: the domain's component takes the entity, and its services call the
        # entity's handlers as for any of its entities.
        assert await async_setup_component(hass, domain, {})
        await hass.data[DATA_INSTANCES][domain].async_add_entities([entity])
    else:

        async def setup_platform(
            hass: HomeAssistant, config: Any, add_entities: Any, info: Any = None
        ) -> None:
            add_entities([entity])

        mock_platform(
            hass, f"test.{domain}", MockPlatform(async_setup_platform=setup_platform)
        )
        assert await async_setup_component(hass, domain, {domain: {"platform": "test"}})
    await hass.async_block_till_done()
    assert hass.states.get(entity_id) is not None, f"{entity_id} was not added"
    return entity


@pytest.fixture
def short_wait(hass: HomeAssistant, setup_integration: MockConfigEntry) -> None:
    """A change that never comes is not waited for long."""
    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_OUTCOME_WAIT: 0.2}
    )


# -- the cases ----------------------------------------------------------------------


@dataclass(frozen=True)
class Ignored:
    """A command, what the tool must answer, and what the entity still is."""

    tool: str
    arguments: dict[str, Any]
    message: str
    # The entity's state after, and any attributes the command would have changed.
    state: str
    attributes: dict[str, Any] = field(default_factory=dict)
    # The entity's handlers that ran, in order.
    calls: tuple[str, ...] = ()


def case(
    tool: str,
    entity_id: str,
    arguments: dict[str, Any],
    message: str,
    state: str,
    *,
    calls: tuple[str, ...],
    attributes: dict[str, Any] | None = None,
) -> Any:
    """One row of the table, named by its entity and arguments."""
    name = "-".join(
        [entity_id, *(f"{key}={value}" for key, value in arguments.items())]
    )
    return pytest.param(
        entity_id,
        Ignored(tool, arguments, message, state, attributes or {}, calls),
        id=name,
    )


LIGHT, SWITCH, FAN = "ha_control_light", "ha_control_switch", "ha_control_fan"
COVER, CLIMATE, LOCK = "ha_control_cover", "ha_control_climate", "ha_control_lock"
MEDIA, VACUUM = "ha_control_media_player", "ha_control_vacuum"
MOWER, VALVE = "ha_control_lawn_mower", "ha_control_valve"
HUMIDIFIER, HEATER = "ha_control_humidifier", "ha_control_water_heater"
SIREN, PANEL = "ha_control_siren", "ha_control_alarm_panel"
REMOTE, UPDATE = "ha_control_remote", "ha_install_update"
SELECT, VALUE, BOOLEAN = "ha_select_option", "ha_set_value", "ha_set_boolean"

CASES = [
    # Lights: on, off and toggle each expect their state; modifiers their values.
    case(
        LIGHT,
        "light.dark",
        {"action": "on"},
        "requested turn on; light.dark is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        LIGHT,
        "light.lit",
        {"action": "off"},
        "requested turn off; light.lit is still on",
        "on",
        calls=("turn_off",),
    ),
    case(
        LIGHT,
        "light.dark",
        {"action": "toggle"},
        "requested toggle; light.dark is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        LIGHT,
        "light.lit",
        {"action": "toggle"},
        "requested toggle; light.lit is still on",
        "on",
        calls=("turn_off",),
    ),
    case(
        LIGHT,
        "light.lit",
        {"action": "on", "brightness_pct": 50},
        "requested turn on (brightness_pct 50); light.lit is still on",
        "on",
        attributes={"brightness": 200},
        calls=("turn_on",),
    ),
    # Brightness 0 is off: Home Assistant calls turn_off, and off is expected.
    case(
        LIGHT,
        "light.lit",
        {"action": "on", "brightness": 0},
        "requested turn on (brightness 0); light.lit is still on",
        "on",
        attributes={"brightness": 200},
        calls=("turn_off",),
    ),
    case(
        LIGHT,
        "light.lit",
        {"action": "on", "color_temp_kelvin": 2700},
        "requested turn on (color_temp_kelvin 2700); light.lit is still on",
        "on",
        attributes={"color_temp_kelvin": 4000},
        calls=("turn_on",),
    ),
    case(
        LIGHT,
        "light.lit",
        {"action": "on", "effect": "rainbow"},
        "requested turn on (effect rainbow); light.lit is still on",
        "on",
        attributes={"effect": "none"},
        calls=("turn_on",),
    ),
    # Switches.
    case(
        SWITCH,
        "switch.dark",
        {"action": "on"},
        "requested turn on; switch.dark is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        SWITCH,
        "switch.lit",
        {"action": "off"},
        "requested turn off; switch.lit is still on",
        "on",
        calls=("turn_off",),
    ),
    case(
        SWITCH,
        "switch.dark",
        {"action": "toggle"},
        "requested toggle; switch.dark is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        SWITCH,
        "switch.lit",
        {"action": "toggle"},
        "requested toggle; switch.lit is still on",
        "on",
        calls=("turn_off",),
    ),
    # Fans.
    case(
        FAN,
        "fan.still",
        {"action": "on"},
        "requested turn on; fan.still is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        FAN,
        "fan.spinning",
        {"action": "off"},
        "requested turn off; fan.spinning is still on",
        "on",
        calls=("turn_off",),
    ),
    case(
        FAN,
        "fan.still",
        {"action": "toggle"},
        "requested toggle; fan.still is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        FAN,
        "fan.spinning",
        {"percentage": 70},
        "requested percentage 70; fan.spinning is still on",
        "on",
        attributes={"percentage": 30},
        calls=("set_percentage",),
    ),
    # Covers: open and close expect the end or the way there; a position the same.
    case(
        COVER,
        "cover.shut",
        {"action": "open"},
        "requested open; cover.shut is still closed",
        "closed",
        calls=("open_cover",),
    ),
    case(
        COVER,
        "cover.ajar",
        {"action": "close"},
        "requested close; cover.ajar is still open",
        "open",
        calls=("close_cover",),
    ),
    case(
        COVER,
        "cover.ajar",
        {"position": 20},
        "requested position 20; cover.ajar is still open",
        "open",
        attributes={"current_position": 60},
        calls=("set_cover_position",),
    ),
    case(
        COVER,
        "cover.ajar",
        {"tilt_position": 80},
        "requested tilt_position 80; cover.ajar is still open",
        "open",
        attributes={"current_tilt_position": 30},
        calls=("set_cover_tilt_position",),
    ),
    # Thermostats.
    case(
        CLIMATE,
        "climate.cold",
        {"action": "on"},
        "requested turn on; climate.cold is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        CLIMATE,
        "climate.warm",
        {"action": "off"},
        "requested turn off; climate.warm is still heat",
        "heat",
        calls=("turn_off",),
    ),
    case(
        CLIMATE,
        "climate.cold",
        {"action": "toggle"},
        "requested toggle; climate.cold is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        CLIMATE,
        "climate.cold",
        {"hvac_mode": "heat"},
        "requested hvac_mode heat; climate.cold is still off",
        "off",
        calls=("set_hvac_mode",),
    ),
    case(
        CLIMATE,
        "climate.cold",
        {"temperature": 21},
        "requested temperature 21; climate.cold is still off",
        "off",
        attributes={"temperature": 18},
        calls=("set_temperature",),
    ),
    case(
        CLIMATE,
        "climate.ranged",
        {"target_temp_low": 18, "target_temp_high": 24},
        "requested target_temp_low 18 (target_temp_high 24); "
        "climate.ranged is still heat_cool",
        "heat_cool",
        attributes={"target_temp_low": 20, "target_temp_high": 25},
        calls=("set_temperature",),
    ),
    case(
        CLIMATE,
        "climate.cold",
        {"fan_mode": "high"},
        "requested fan_mode high; climate.cold is still off",
        "off",
        attributes={"fan_mode": "auto"},
        calls=("set_fan_mode",),
    ),
    # Locks.
    case(
        LOCK,
        "lock.back",
        {"action": "lock"},
        "requested lock; lock.back is still unlocked",
        "unlocked",
        calls=("lock",),
    ),
    case(
        LOCK,
        "lock.front",
        {"action": "unlock"},
        "requested unlock; lock.front is still locked",
        "locked",
        calls=("unlock",),
    ),
    case(
        LOCK,
        "lock.back",
        {"action": "open"},
        "requested open; lock.back is still unlocked",
        "unlocked",
        calls=("open",),
    ),
    # Media players.
    case(
        MEDIA,
        "media_player.quiet",
        {"action": "on"},
        "requested turn on; media_player.quiet is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        MEDIA,
        "media_player.loud",
        {"action": "off"},
        "requested turn off; media_player.loud is still playing",
        "playing",
        calls=("turn_off",),
    ),
    case(
        MEDIA,
        "media_player.quiet",
        {"action": "toggle"},
        "requested toggle; media_player.quiet is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        MEDIA,
        "media_player.held",
        {"action": "play"},
        "requested play; media_player.held is still paused",
        "paused",
        calls=("media_play",),
    ),
    case(
        MEDIA,
        "media_player.loud",
        {"action": "pause"},
        "requested pause; media_player.loud is still playing",
        "playing",
        calls=("media_pause",),
    ),
    case(
        MEDIA,
        "media_player.loud",
        {"volume_level": 0.5},
        "requested volume_level 0.5; media_player.loud is still playing",
        "playing",
        attributes={"volume_level": 0.2},
        calls=("set_volume_level",),
    ),
    case(
        MEDIA,
        "media_player.loud",
        {"mute": True},
        "requested mute true; media_player.loud is still playing",
        "playing",
        attributes={"is_volume_muted": False},
        calls=("mute_volume",),
    ),
    case(
        MEDIA,
        "media_player.loud",
        {"source": "Radio"},
        "requested source Radio; media_player.loud is still playing",
        "playing",
        attributes={"source": "TV"},
        calls=("select_source",),
    ),
    # Vacuums.
    case(
        VACUUM,
        "vacuum.rover",
        {"action": "start"},
        "requested start; vacuum.rover is still docked",
        "docked",
        calls=("start",),
    ),
    case(
        VACUUM,
        "vacuum.sweeper",
        {"action": "pause"},
        "requested pause; vacuum.sweeper is still cleaning",
        "cleaning",
        calls=("pause",),
    ),
    case(
        VACUUM,
        "vacuum.sweeper",
        {"action": "return_home"},
        "requested return home; vacuum.sweeper is still cleaning",
        "cleaning",
        calls=("return_to_base",),
    ),
    case(
        VACUUM,
        "vacuum.rover",
        {"fan_speed": "max"},
        "requested fan_speed max; vacuum.rover is still docked",
        "docked",
        attributes={"fan_speed": "quiet"},
        calls=("set_fan_speed",),
    ),
    # Lawn mowers.
    case(
        MOWER,
        "lawn_mower.garden",
        {"action": "start_mowing"},
        "requested start mowing; lawn_mower.garden is still docked",
        "docked",
        calls=("start_mowing",),
    ),
    case(
        MOWER,
        "lawn_mower.meadow",
        {"action": "pause"},
        "requested pause; lawn_mower.meadow is still mowing",
        "mowing",
        calls=("pause",),
    ),
    case(
        MOWER,
        "lawn_mower.meadow",
        {"action": "dock"},
        "requested dock; lawn_mower.meadow is still mowing",
        "mowing",
        calls=("dock",),
    ),
    # Valves.
    case(
        VALVE,
        "valve.shut",
        {"action": "open"},
        "requested open; valve.shut is still closed",
        "closed",
        calls=("open_valve",),
    ),
    case(
        VALVE,
        "valve.ajar",
        {"action": "close"},
        "requested close; valve.ajar is still open",
        "open",
        calls=("set_valve_position",),
    ),
    case(
        VALVE,
        "valve.ajar",
        {"position": 20},
        "requested position 20; valve.ajar is still open",
        "open",
        attributes={"current_position": 60},
        calls=("set_valve_position",),
    ),
    # Humidifiers.
    case(
        HUMIDIFIER,
        "humidifier.dry",
        {"action": "on"},
        "requested turn on; humidifier.dry is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        HUMIDIFIER,
        "humidifier.damp",
        {"action": "off"},
        "requested turn off; humidifier.damp is still on",
        "on",
        calls=("turn_off",),
    ),
    case(
        HUMIDIFIER,
        "humidifier.dry",
        {"action": "toggle"},
        "requested toggle; humidifier.dry is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        HUMIDIFIER,
        "humidifier.damp",
        {"humidity": 55},
        "requested humidity 55; humidifier.damp is still on",
        "on",
        attributes={"humidity": 40},
        calls=("set_humidity",),
    ),
    case(
        HUMIDIFIER,
        "humidifier.damp",
        {"mode": "eco"},
        "requested mode eco; humidifier.damp is still on",
        "on",
        attributes={"mode": "normal"},
        calls=("set_mode",),
    ),
    # Water heaters: the state is the operation mode.
    case(
        HEATER,
        "water_heater.boiler",
        {"temperature": 60},
        "requested temperature 60; water_heater.boiler is still eco",
        "eco",
        attributes={"temperature": 50},
        calls=("set_temperature",),
    ),
    case(
        HEATER,
        "water_heater.boiler",
        {"operation_mode": "performance"},
        "requested operation_mode performance; water_heater.boiler is still eco",
        "eco",
        calls=("set_operation_mode",),
    ),
    case(
        HEATER,
        "water_heater.boiler",
        {"away_mode": True},
        "requested away_mode true; water_heater.boiler is still eco",
        "eco",
        attributes={"away_mode": "off"},
        calls=("turn_away_mode_on",),
    ),
    case(
        HEATER,
        "water_heater.tank",
        {"action": "on"},
        "requested turn on; water_heater.tank is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        HEATER,
        "water_heater.boiler",
        {"action": "off"},
        "requested turn off; water_heater.boiler is still eco",
        "eco",
        calls=("turn_off",),
    ),
    # Sirens.
    case(
        SIREN,
        "siren.quiet",
        {"action": "on"},
        "requested turn on; siren.quiet is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        SIREN,
        "siren.loud",
        {"action": "off"},
        "requested turn off; siren.loud is still on",
        "on",
        calls=("turn_off",),
    ),
    case(
        SIREN,
        "siren.quiet",
        {"action": "toggle"},
        "requested toggle; siren.quiet is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        SIREN,
        "siren.quiet",
        {"action": "on", "volume_level": 0.5},
        "requested turn on (volume_level 0.5); siren.quiet is still off",
        "off",
        calls=("turn_on",),
    ),
    # Alarm panels; a code is never repeated back.
    case(
        PANEL,
        "alarm_control_panel.home",
        {"action": "arm_away"},
        "requested arm away; alarm_control_panel.home is still disarmed",
        "disarmed",
        calls=("alarm_arm_away",),
    ),
    case(
        PANEL,
        "alarm_control_panel.home",
        {"action": "trigger"},
        "requested trigger; alarm_control_panel.home is still disarmed",
        "disarmed",
        calls=("alarm_trigger",),
    ),
    case(
        PANEL,
        "alarm_control_panel.away",
        {"action": "disarm"},
        "requested disarm; alarm_control_panel.away is still armed_away",
        "armed_away",
        calls=("alarm_disarm",),
    ),
    case(
        PANEL,
        "alarm_control_panel.coded",
        {"action": "arm_home", "code": "1234"},
        "requested arm home; alarm_control_panel.coded is still disarmed",
        "disarmed",
        calls=("alarm_arm_home",),
    ),
    # Remotes: an activity shows in current_activity, not in the state.
    case(
        REMOTE,
        "remote.idle",
        {"action": "on"},
        "requested turn on; remote.idle is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        REMOTE,
        "remote.busy",
        {"action": "off"},
        "requested turn off; remote.busy is still on",
        "on",
        calls=("turn_off",),
    ),
    case(
        REMOTE,
        "remote.idle",
        {"action": "toggle"},
        "requested toggle; remote.idle is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        REMOTE,
        "remote.busy",
        {"activity": "Play game"},
        "requested activity Play game; remote.busy is still on",
        "on",
        attributes={"current_activity": "Watch TV"},
        calls=("turn_on",),
    ),
    # Updates: the message gives the version still installed.
    case(
        UPDATE,
        "update.stale",
        {},
        "requested install; update.stale is still at version 1.0",
        "on",
        attributes={"installed_version": "1.0"},
        calls=("install",),
    ),
    case(
        UPDATE,
        "update.stale",
        {"version": "1.2"},
        "requested install (version 1.2); update.stale is still at version 1.0",
        "on",
        attributes={"installed_version": "1.0"},
        calls=("install",),
    ),
    # Selects, numbers, texts, dates and times.
    case(
        SELECT,
        "select.mode",
        {"option": "comfort"},
        "requested option comfort; select.mode is still eco",
        "eco",
        calls=("select_option",),
    ),
    case(
        VALUE,
        "number.level",
        {"value": 42},
        "requested value 42; number.level is still 10.0",
        "10.0",
        calls=("set_native_value",),
    ),
    case(
        VALUE,
        "text.note",
        {"value": "new"},
        "requested value 'new'; text.note is still old",
        "old",
        calls=("set_value",),
    ),
    case(
        VALUE,
        "date.day",
        {"value": "2026-11-28"},
        "requested date 2026-11-28; date.day is still 2026-01-01",
        "2026-01-01",
        calls=("set_value",),
    ),
    case(
        VALUE,
        "time.alarm",
        {"value": "07:30"},
        "requested time 07:30:00; time.alarm is still 06:00:00",
        "06:00:00",
        calls=("set_value",),
    ),
    # Read in Home Assistant's zone (US/Pacific in tests); the state is in UTC.
    case(
        VALUE,
        "datetime.moment",
        {"value": "2026-11-28T07:30:00"},
        "requested datetime 2026-11-28T07:30:00-08:00; "
        "datetime.moment is still 2026-01-01T12:00:00+00:00",
        "2026-01-01T12:00:00+00:00",
        calls=("set_value",),
    ),
    # Helpers.
    case(
        BOOLEAN,
        "input_boolean.stuck",
        {"action": "on"},
        "requested turn on; input_boolean.stuck is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        BOOLEAN,
        "input_boolean.stuck",
        {"action": "toggle"},
        "requested toggle; input_boolean.stuck is still off",
        "off",
        calls=("turn_on",),
    ),
    case(
        SELECT,
        "input_select.stuck",
        {"option": "comfort"},
        "requested option comfort; input_select.stuck is still eco",
        "eco",
        calls=("select_option",),
    ),
    case(
        VALUE,
        "input_number.stuck",
        {"value": 42},
        "requested value 42; input_number.stuck is still 10.0",
        "10.0",
        calls=("set_value",),
    ),
    case(
        VALUE,
        "input_text.stuck",
        {"value": "new"},
        "requested value 'new'; input_text.stuck is still old",
        "old",
        calls=("set_value",),
    ),
    case(
        VALUE,
        "input_datetime.both",
        {"value": "2026-11-28 07:30:00"},
        "requested datetime 2026-11-28 07:30:00; "
        "input_datetime.both is still 2026-01-01 06:00:00",
        "2026-01-01 06:00:00",
        calls=("set_datetime",),
    ),
    case(
        VALUE,
        "input_datetime.day",
        {"value": "2026-11-28"},
        "requested date 2026-11-28; input_datetime.day is still 2026-01-01",
        "2026-01-01",
        calls=("set_datetime",),
    ),
    case(
        VALUE,
        "input_datetime.clock",
        {"value": "07:30"},
        "requested time 07:30:00; input_datetime.clock is still 06:00:00",
        "06:00:00",
        calls=("set_datetime",),
    ),
]


@pytest.mark.parametrize(("entity_id", "ignored"), CASES)
async def test_an_ignored_command_is_not_changed(
    hass: HomeAssistant,
    entity: Any,
    admin: Caller,
    short_wait: None,
    entity_id: str,
    ignored: Ignored,
) -> None:
    response = await admin.call(
        ignored.tool, {"entity_id": entity_id, **ignored.arguments}
    )
    assert response.status == HTTPStatus.OK, response.body
    result = response.body["result"]
    # The command reached the entity's own handler, which did nothing with it.
    assert entity.calls == list(ignored.calls)
    assert result["outcome"] == "not_changed", result
    assert result["message"] == ignored.message
    state = hass.states.get(entity_id)
    assert state.state == ignored.state
    for name, value in ignored.attributes.items():
        assert state.attributes[name] == value, name


@pytest.mark.parametrize(
    ("action", "entity_id", "still", "calls"),
    [
        ("on", "switch.dark", "off", ["turn_on"]),
        ("off", "switch.lit", "on", ["turn_off"]),
        ("toggle", "switch.dark", "off", ["turn_on"]),
    ],
    ids=["on", "off", "toggle"],
)
async def test_bulk_reports_an_ignored_switch_not_changed(
    hass: HomeAssistant,
    entity: Any,
    admin: Caller,
    short_wait: None,
    action: str,
    entity_id: str,
    still: str,
    calls: list[str],
) -> None:
    response = await admin.call(
        "ha_bulk_control", {"entity_ids": [entity_id], "action": action}
    )
    assert response.status == HTTPStatus.OK, response.body
    assert entity.calls == calls
    # Bulk answers each entity's outcome and state, with no message of its own.
    assert response.body["result"] == {
        "summary": {"not_changed": 1},
        "results": [{"entity_id": entity_id, "outcome": "not_changed", "state": still}],
    }
    assert hass.states.get(entity_id).state == still


@pytest.mark.parametrize(
    ("tool", "entity_id", "calls"),
    [
        ("ha_press_button", "button.doorbell", ["press"]),
        ("ha_activate_scene", "scene.evening", ["activate"]),
    ],
    ids=["button", "scene"],
)
async def test_a_press_is_recorded_by_home_assistant_even_when_ignored(
    hass: HomeAssistant,
    entity: Any,
    admin: Caller,
    short_wait: None,
    tool: str,
    entity_id: str,
    calls: list[str],
) -> None:
    """Buttons and scenes cannot ignore: HA stamps the press before the handler runs.

    Their state is the time of the last press or activation, which Home
    Assistant writes itself, so the press is done whatever the device does.
    """
    before = hass.states.get(entity_id).state
    response = await admin.call(tool, {"entity_id": entity_id})
    assert response.status == HTTPStatus.OK, response.body
    assert entity.calls == calls
    assert response.body["result"]["outcome"] == "done"
    assert hass.states.get(entity_id).state != before


@pytest.mark.parametrize("entity_id", ["switch.lit"])
async def test_a_command_for_the_state_it_already_has_is_done_at_once(
    hass: HomeAssistant, entity: Any, admin: Caller, short_wait: None, entity_id: str
) -> None:
    lit = hass.states.get(entity_id)
    response = await admin.call(
        "ha_control_switch", {"entity_id": entity_id, "action": "on"}
    )
    assert response.status == HTTPStatus.OK, response.body
    assert entity.calls == ["turn_on"]
    # Already on: nothing changes, and nothing needs to for it to be done.
    assert response.body["result"]["outcome"] == "done"
    assert hass.states.get(entity_id).last_changed == lit.last_changed
