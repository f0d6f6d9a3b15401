"""Control tools for media players, vacuums, mowers, valves, humidifiers and more.

Water heaters, sirens and alarm panels too, with the same checks and outcomes as
``domain_control``: supported features first, one action per change, verified.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.alarm_control_panel import AlarmControlPanelEntityFeature
from homeassistant.components.humidifier import HumidifierEntityFeature
from homeassistant.components.lawn_mower import LawnMowerEntityFeature
from homeassistant.components.media_player import MediaPlayerEntityFeature
from homeassistant.components.siren import SirenEntityFeature
from homeassistant.components.vacuum import VacuumEntityFeature
from homeassistant.components.valve import ValveEntityFeature
from homeassistant.components.water_heater import WaterHeaterEntityFeature
from homeassistant.core import State
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.tool import TOOLS, ToolCall
from .domain_control import RESULT_SCHEMA
from .engine import (
    ENTITY_ID_FIELD,
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

type ActionTable = dict[str, tuple[str, int, Expectation | None]]


def _in_states(*states: str) -> Expectation:
    return lambda state: state.state in states


def _action_step(state: State, table: ActionTable, action: str) -> Step:
    """Return the step for a named action, after checking the entity supports it."""
    service, feature, expect = table[action]
    require(
        supports(state, feature),
        "action",
        f"{state.entity_id} cannot {action.replace('_', ' ')}; it can "
        + (
            ", ".join(
                name for name, (_, bit, _) in table.items() if supports(state, bit)
            )
            or "nothing of these"
        ),
    )
    return Step(service, {}, action.replace("_", " "), expect)


def _ranged(
    state: State, field: str, value: float, low_attr: str, high_attr: str
) -> None:
    """400 naming the entity's own limits."""
    low, high = state.attributes.get(low_attr), state.attributes.get(high_attr)
    if low is not None and high is not None:
        require(low <= value <= high, field, f"{state.entity_id} accepts {low}-{high}")


# -- media players -------------------------------------------------------------------

_MEDIA_ACTIONS: ActionTable = {
    "play": ("media_play", MediaPlayerEntityFeature.PLAY, is_state("playing")),
    "pause": ("media_pause", MediaPlayerEntityFeature.PAUSE, is_state("paused")),
    "stop": ("media_stop", MediaPlayerEntityFeature.STOP, None),
    "next": ("media_next_track", MediaPlayerEntityFeature.NEXT_TRACK, None),
    "previous": ("media_previous_track", MediaPlayerEntityFeature.PREVIOUS_TRACK, None),
    "on": (
        "turn_on",
        MediaPlayerEntityFeature.TURN_ON,
        lambda state: state.state != "off",
    ),
    "off": ("turn_off", MediaPlayerEntityFeature.TURN_OFF, is_state("off")),
    "volume_up": (
        "volume_up",
        MediaPlayerEntityFeature.VOLUME_SET | MediaPlayerEntityFeature.VOLUME_STEP,
        None,
    ),
    "volume_down": (
        "volume_down",
        MediaPlayerEntityFeature.VOLUME_SET | MediaPlayerEntityFeature.VOLUME_STEP,
        None,
    ),
    "unjoin": ("unjoin", MediaPlayerEntityFeature.GROUPING, None),
}


@TOOLS.tool(
    name="ha_control_media_player",
    description=(
        "Control a media player: play/pause/stop/next/previous/on/off, volume (set 0-1, "
        "step up/down, mute), source, sound mode, play media, join/unjoin speakers."
    ),
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Optional(
                "action", description="What to do (one of the allowed values)."
            ): vol.In(list(_MEDIA_ACTIONS)),
            vol.Optional("volume_level", description="0.0-1.0."): vol.All(
                vol.Coerce(float), vol.Range(min=0, max=1)
            ),
            vol.Optional("mute", description="true mutes, false unmutes."): bool,
            vol.Optional("source", description="One of source_list."): cv.string,
            vol.Optional(
                "sound_mode", description="One of sound_mode_list."
            ): cv.string,
            vol.Optional(
                "media_content_id", description="What to play (URL, id)."
            ): cv.string,
            vol.Optional(
                "media_content_type", description="e.g. music, playlist, url."
            ): cv.string,
            vol.Optional(
                "join", description="Speakers to group with this one."
            ): vol.All(cv.ensure_list, [cv.entity_id]),
        }
    ),
    result=RESULT_SCHEMA,
)
async def control_media_player(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Each change to the action made for it (volume_set is not volume_up)."""
    entity_id = args["entity_id"]
    state = controllable_state(call, entity_id, ("media_player",))
    steps: list[Step] = []
    if "action" in args:
        steps.append(_action_step(state, _MEDIA_ACTIONS, args["action"]))
    if "volume_level" in args:
        require(
            supports(state, MediaPlayerEntityFeature.VOLUME_SET),
            "volume_level",
            f"{entity_id} cannot set its volume",
        )
        level = args["volume_level"]
        steps.append(
            Step(
                "volume_set",
                {"volume_level": level},
                f"volume {level:g}",
                attribute_near("volume_level", level, 0.01),
            )
        )
    if "mute" in args:
        require(
            supports(state, MediaPlayerEntityFeature.VOLUME_MUTE),
            "mute",
            f"{entity_id} cannot mute",
        )
        steps.append(
            Step(
                "volume_mute",
                {"is_volume_muted": args["mute"]},
                "mute" if args["mute"] else "unmute",
                attribute_is("is_volume_muted", args["mute"]),
            )
        )
    for key, feature, service, options in (
        (
            "source",
            MediaPlayerEntityFeature.SELECT_SOURCE,
            "select_source",
            "source_list",
        ),
        (
            "sound_mode",
            MediaPlayerEntityFeature.SELECT_SOUND_MODE,
            "select_sound_mode",
            "sound_mode_list",
        ),
    ):
        if key in args:
            require(
                supports(state, feature),
                key,
                f"{entity_id} has no {key.replace('_', ' ')}s",
            )
            require_option(state, key, args[key], options)
            steps.append(
                Step(
                    service,
                    {key: args[key]},
                    f"{key} {args[key]}",
                    attribute_is(key, args[key]),
                )
            )
    if "media_content_id" in args:
        require(
            supports(state, MediaPlayerEntityFeature.PLAY_MEDIA),
            "media_content_id",
            f"{entity_id} cannot play media",
        )
        require(
            "media_content_type" in args,
            "media_content_type",
            "give the type too, e.g. music",
        )
        steps.append(
            Step(
                "play_media",
                {
                    "media_content_id": args["media_content_id"],
                    "media_content_type": args["media_content_type"],
                },
                f"play {args['media_content_id']}",
                None,
            )
        )
    if "join" in args:
        require(
            supports(state, MediaPlayerEntityFeature.GROUPING),
            "join",
            f"{entity_id} cannot group speakers",
        )
        for member in args["join"]:
            controllable_state(call, member, ("media_player",))
        steps.append(
            Step(
                "join",
                {"group_members": args["join"]},
                f"join {', '.join(args['join'])}",
                None,
            )
        )
    return await async_run_steps(call, entity_id, "media_player", steps)


# -- vacuums and mowers -------------------------------------------------------------------

_VACUUM_ACTIONS: ActionTable = {
    "start": ("start", VacuumEntityFeature.START, _in_states("cleaning")),
    "pause": ("pause", VacuumEntityFeature.PAUSE, _in_states("paused", "idle")),
    "stop": ("stop", VacuumEntityFeature.STOP, None),
    "return_home": (
        "return_to_base",
        VacuumEntityFeature.RETURN_HOME,
        _in_states("returning", "docked"),
    ),
    "locate": ("locate", VacuumEntityFeature.LOCATE, None),
    "clean_spot": ("clean_spot", VacuumEntityFeature.CLEAN_SPOT, None),
}


@TOOLS.tool(
    name="ha_control_vacuum",
    description="Start, pause, stop, send home, locate or spot-clean a robot vacuum, or set its fan speed.",
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Optional(
                "action", description="What to do (one of the allowed values)."
            ): vol.In(list(_VACUUM_ACTIONS)),
            vol.Optional("fan_speed", description="One of fan_speed_list."): cv.string,
        }
    ),
    result=RESULT_SCHEMA,
)
async def control_vacuum(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Send the vacuum its command."""
    entity_id = args["entity_id"]
    state = controllable_state(call, entity_id, ("vacuum",))
    steps: list[Step] = []
    if "fan_speed" in args:
        require(
            supports(state, VacuumEntityFeature.FAN_SPEED),
            "fan_speed",
            f"{entity_id} has no fan speeds",
        )
        require_option(state, "fan_speed", args["fan_speed"], "fan_speed_list")
        steps.append(
            Step(
                "set_fan_speed",
                {"fan_speed": args["fan_speed"]},
                f"fan speed {args['fan_speed']}",
                attribute_is("fan_speed", args["fan_speed"]),
            )
        )
    if "action" in args:
        steps.append(_action_step(state, _VACUUM_ACTIONS, args["action"]))
    return await async_run_steps(call, entity_id, "vacuum", steps)


_MOWER_ACTIONS: ActionTable = {
    "start_mowing": (
        "start_mowing",
        LawnMowerEntityFeature.START_MOWING,
        _in_states("mowing"),
    ),
    "pause": ("pause", LawnMowerEntityFeature.PAUSE, _in_states("paused")),
    "dock": ("dock", LawnMowerEntityFeature.DOCK, _in_states("returning", "docked")),
}


@TOOLS.tool(
    name="ha_control_lawn_mower",
    description="Start mowing, pause, or send a robot lawn mower to its dock.",
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Required(
                "action", description="What to do (one of the allowed values)."
            ): vol.In(list(_MOWER_ACTIONS)),
        }
    ),
    result=RESULT_SCHEMA,
)
async def control_lawn_mower(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Send the mower its command."""
    state = controllable_state(call, args["entity_id"], ("lawn_mower",))
    return await async_run_steps(
        call,
        args["entity_id"],
        "lawn_mower",
        [_action_step(state, _MOWER_ACTIONS, args["action"])],
    )


# -- valves, humidifiers, water heaters, sirens -----------------------------------------------

_VALVE_ACTIONS: ActionTable = {
    "open": ("open_valve", ValveEntityFeature.OPEN, _in_states("open", "opening")),
    "close": ("close_valve", ValveEntityFeature.CLOSE, _in_states("closed", "closing")),
    "stop": ("stop_valve", ValveEntityFeature.STOP, None),
}


@TOOLS.tool(
    name="ha_control_valve",
    description="Open, close or stop a valve, or set its position 0-100.",
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Optional(
                "action", description="What to do (one of the allowed values)."
            ): vol.In(list(_VALVE_ACTIONS)),
            vol.Optional("position", description="0 closed - 100 open."): vol.All(
                vol.Coerce(int), vol.Range(min=0, max=100)
            ),
        }
    ),
    result=RESULT_SCHEMA,
)
async def control_valve(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Move the valve."""
    entity_id = args["entity_id"]
    state = controllable_state(call, entity_id, ("valve",))
    steps: list[Step] = []
    if "action" in args:
        steps.append(_action_step(state, _VALVE_ACTIONS, args["action"]))
    if "position" in args:
        require(
            supports(state, ValveEntityFeature.SET_POSITION),
            "position",
            f"{entity_id} is open/close only; use action",
        )
        steps.append(
            Step(
                "set_valve_position",
                {"position": args["position"]},
                f"position {args['position']}",
                attribute_is("current_position", args["position"]),
            )
        )
    return await async_run_steps(call, entity_id, "valve", steps)


@TOOLS.tool(
    name="ha_control_humidifier",
    description="Turn a humidifier or dehumidifier on/off/toggle, set its target humidity or mode.",
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Optional(
                "action", description="What to do (one of the allowed values)."
            ): vol.In(["on", "off", "toggle"]),
            vol.Optional("humidity", description="Target humidity in %."): vol.All(
                vol.Coerce(int), vol.Range(min=0, max=100)
            ),
            vol.Optional("mode", description="One of available_modes."): cv.string,
        }
    ),
    result=RESULT_SCHEMA,
)
async def control_humidifier(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """On/off, humidity and mode, each to its action."""
    entity_id = args["entity_id"]
    state = controllable_state(call, entity_id, ("humidifier",))
    steps: list[Step] = []
    if action := args.get("action"):
        expect = (
            (lambda new: new.state != state.state)
            if action == "toggle"
            else is_state(action)
        )
        steps.append(
            Step(
                "toggle" if action == "toggle" else f"turn_{action}", {}, action, expect
            )
        )
    if "humidity" in args:
        _ranged(state, "humidity", args["humidity"], "min_humidity", "max_humidity")
        steps.append(
            Step(
                "set_humidity",
                {"humidity": args["humidity"]},
                f"humidity {args['humidity']}",
                attribute_is("humidity", args["humidity"]),
            )
        )
    if "mode" in args:
        require(
            supports(state, HumidifierEntityFeature.MODES),
            "mode",
            f"{entity_id} has no modes",
        )
        require_option(state, "mode", args["mode"], "available_modes")
        steps.append(
            Step(
                "set_mode",
                {"mode": args["mode"]},
                f"mode {args['mode']}",
                attribute_is("mode", args["mode"]),
            )
        )
    return await async_run_steps(call, entity_id, "humidifier", steps)


@TOOLS.tool(
    name="ha_control_water_heater",
    description="Turn a water heater on/off, set its temperature, operation mode or away mode.",
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Optional(
                "action", description="What to do (one of the allowed values)."
            ): vol.In(["on", "off"]),
            vol.Optional(
                "temperature", description="Target temperature, in the entity's unit."
            ): vol.Coerce(float),
            vol.Optional(
                "operation_mode", description="One of operation_list."
            ): cv.string,
            vol.Optional(
                "away_mode", description="true turns away mode on, false off."
            ): bool,
        }
    ),
    result=RESULT_SCHEMA,
)
async def control_water_heater(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Each change to its action."""
    entity_id = args["entity_id"]
    state = controllable_state(call, entity_id, ("water_heater",))
    steps: list[Step] = []
    if action := args.get("action"):
        require(
            supports(state, WaterHeaterEntityFeature.ON_OFF),
            "action",
            f"{entity_id} cannot turn on or off; set operation_mode",
        )
        steps.append(Step(f"turn_{action}", {}, f"turn {action}", None))
    if "temperature" in args:
        require(
            supports(state, WaterHeaterEntityFeature.TARGET_TEMPERATURE),
            "temperature",
            f"{entity_id} has no target temperature",
        )
        _ranged(state, "temperature", args["temperature"], "min_temp", "max_temp")
        steps.append(
            Step(
                "set_temperature",
                {"temperature": args["temperature"]},
                f"temperature {args['temperature']:g}",
                attribute_near("temperature", args["temperature"], 0.01),
            )
        )
    if "operation_mode" in args:
        require(
            supports(state, WaterHeaterEntityFeature.OPERATION_MODE),
            "operation_mode",
            f"{entity_id} has no operation modes",
        )
        require_option(
            state, "operation_mode", args["operation_mode"], "operation_list"
        )
        steps.append(
            Step(
                "set_operation_mode",
                {"operation_mode": args["operation_mode"]},
                f"operation mode {args['operation_mode']}",
                is_state(args["operation_mode"]),
            )
        )
    if "away_mode" in args:
        require(
            supports(state, WaterHeaterEntityFeature.AWAY_MODE),
            "away_mode",
            f"{entity_id} has no away mode",
        )
        away = args["away_mode"]
        steps.append(
            Step(
                "set_away_mode",
                {"away_mode": away},
                f"away mode {'on' if away else 'off'}",
                attribute_is("away_mode", "on" if away else "off"),
            )
        )
    return await async_run_steps(call, entity_id, "water_heater", steps)


@TOOLS.tool(
    name="ha_control_siren",
    description="Turn a siren on (optionally with tone, volume, duration) or off, or toggle it.",
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Required(
                "action", description="What to do (one of the allowed values)."
            ): vol.In(["on", "off", "toggle"]),
            vol.Optional("tone", description="One of available_tones."): cv.string,
            vol.Optional("volume_level", description="0.0-1.0."): vol.All(
                vol.Coerce(float), vol.Range(min=0, max=1)
            ),
            vol.Optional("duration", description="Seconds."): vol.All(
                vol.Coerce(int), vol.Range(min=1)
            ),
        }
    ),
    result=RESULT_SCHEMA,
)
async def control_siren(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Sound or silence the siren."""
    entity_id, action = args["entity_id"], args["action"]
    state = controllable_state(call, entity_id, ("siren",))
    data: dict[str, Any] = {}
    for key, feature in (
        ("tone", SirenEntityFeature.TONES),
        ("volume_level", SirenEntityFeature.VOLUME_SET),
        ("duration", SirenEntityFeature.DURATION),
    ):
        if key in args:
            require(action == "on", key, "only with action on")
            require(
                supports(state, feature),
                key,
                f"{entity_id} does not support {key.replace('_', ' ')}",
            )
            data[key] = args[key]
    if "tone" in data:
        tones = state.attributes.get("available_tones") or []
        tone_names = tones if isinstance(tones, list) else list(tones)
        require(
            data["tone"] in tone_names,
            "tone",
            f"{entity_id} has tones {', '.join(map(str, tone_names))}",
        )
    if action == "toggle":
        step = Step("toggle", {}, "toggle", lambda new: new.state != state.state)
    else:
        step = Step(f"turn_{action}", data, f"turn {action}", is_state(action))
    return await async_run_steps(call, entity_id, "siren", [step])


# -- alarm panels -------------------------------------------------------------------------------

_ALARM_ACTIONS: dict[str, tuple[str, int | None, str]] = {
    "disarm": ("alarm_disarm", None, "disarmed"),
    "arm_home": (
        "alarm_arm_home",
        AlarmControlPanelEntityFeature.ARM_HOME,
        "armed_home",
    ),
    "arm_away": (
        "alarm_arm_away",
        AlarmControlPanelEntityFeature.ARM_AWAY,
        "armed_away",
    ),
    "arm_night": (
        "alarm_arm_night",
        AlarmControlPanelEntityFeature.ARM_NIGHT,
        "armed_night",
    ),
    "arm_vacation": (
        "alarm_arm_vacation",
        AlarmControlPanelEntityFeature.ARM_VACATION,
        "armed_vacation",
    ),
    "arm_custom_bypass": (
        "alarm_arm_custom_bypass",
        AlarmControlPanelEntityFeature.ARM_CUSTOM_BYPASS,
        "armed_custom_bypass",
    ),
    "trigger": ("alarm_trigger", AlarmControlPanelEntityFeature.TRIGGER, "triggered"),
}


@TOOLS.tool(
    name="ha_control_alarm_panel",
    description=(
        "Arm (home, away, night, vacation, custom bypass), disarm or trigger an alarm "
        "panel, with its code. An arming delay is reported as not yet armed."
    ),
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            **ENTITY_ID_FIELD,
            vol.Required(
                "action", description="What to do (one of the allowed values)."
            ): vol.In(list(_ALARM_ACTIONS)),
            vol.Optional(
                "code", description="The code, if the entity has one."
            ): cv.string,
        }
    ),
    result=RESULT_SCHEMA,
)
async def control_alarm_panel(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Arm or disarm, checking the modes the panel has and whether it needs a code."""
    entity_id, action = args["entity_id"], args["action"]
    state = controllable_state(call, entity_id, ("alarm_control_panel",))
    service, feature, target = _ALARM_ACTIONS[action]
    if feature is not None:
        require(
            supports(state, feature),
            "action",
            f"{entity_id} cannot {action.replace('_', ' ')}; it can "
            + ", ".join(
                name
                for name, (_, bit, _) in _ALARM_ACTIONS.items()
                if bit is None or supports(state, bit)
            ),
        )
    needs_code = state.attributes.get("code_format") is not None and (
        action == "disarm" or state.attributes.get("code_arm_required", True)
    )
    require(
        "code" in args or not needs_code,
        "code",
        f"{entity_id} needs its code for {action.replace('_', ' ')}",
    )
    data = {"code": args["code"]} if "code" in args else {}
    return await async_run_steps(
        call,
        entity_id,
        "alarm_control_panel",
        [Step(service, data, action.replace("_", " "), is_state(target))],
    )
