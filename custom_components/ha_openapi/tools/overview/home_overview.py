"""A compact, factual summary of the home, computed from current states.

Every line is derived from an entity the caller may see; nothing is inferred or
invented. Each list is capped; its count is the whole number, and what a cap
left out is reported in the envelope's ``truncated`` list.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from homeassistant.const import (
    ATTR_TEMPERATURE,
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_HOME,
    STATE_NOT_HOME,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import State
from homeassistant.helpers import area_registry as ar
import voluptuous as vol

from ...const import ToolCategory
from ...framework.output import FIXED_LIMIT, json_pointer
from ...framework.policy import may_read
from ...framework.tool import TOOLS, ToolCall
from ..shared import area_of_entity

LIST_CAP = 20
UNAVAILABLE_EXAMPLES = 10
WEATHER_CAP = 3
OPENINGS = {"door", "window", "garage_door", "opening"}
PROBLEMS = {
    "problem",
    "smoke",
    "moisture",
    "gas",
    "safety",
    "carbon_monoxide",
    "tamper",
}
_WHEREABOUTS_UNKNOWN = (STATE_UNKNOWN, STATE_UNAVAILABLE)
QUIET_ALARM_STATES = {"disarmed", STATE_UNAVAILABLE, "unknown"}

_COUNT: dict[str, Any] = {"type": "integer"}
_NAMES: dict[str, Any] = {"type": "array", "items": {"type": "string"}}


def _capped_schema(extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the schema of a capped list of brief entities, with how many in all."""
    brief = {
        "type": "object",
        "properties": {
            "entity_id": {"type": "string"},
            "name": {"type": "string"},
            "state": {"type": "string"},
            "area": {"type": "string"},
            **(extra or {}),
        },
        "required": ["entity_id", "name", "state"],
    }
    return {
        "type": "object",
        "properties": {
            "count": {**_COUNT, "description": "How many in all."},
            "items": {"type": "array", "items": brief},
        },
        "required": ["count", "items"],
    }


_CAPPED = _capped_schema()


@TOOLS.tool(
    name="ha_get_home_overview",
    description=(
        "Home summary now: who is home, lights on, open doors/covers, locks, alarms, climate, unavailable."
    ),
    category=ToolCategory.STATES,
    parameters=vol.Schema({}),
    result={
        "type": "object",
        "properties": {
            "people": {
                "type": "object",
                "properties": {
                    "home": _NAMES,
                    "away": _NAMES,
                    "unknown": {
                        **_NAMES,
                        "description": "People whose whereabouts HA does not know.",
                    },
                },
                "required": ["home", "away", "unknown"],
            },
            "lights_on": {
                "type": "object",
                "properties": {
                    "total": _COUNT,
                    "by_area": {"type": "object", "additionalProperties": _COUNT},
                },
                "required": ["total", "by_area"],
            },
            "open": _CAPPED,
            "unlocked_locks": _CAPPED,
            "alarms": _CAPPED,
            "problems": _CAPPED,
            "climate": _capped_schema(
                {
                    "hvac_action": {"type": "string"},
                    "current_temperature": {"type": "number"},
                    "temperature": {"type": "number"},
                    "current_humidity": {"type": "number"},
                }
            ),
            "weather": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "entity_id": {"type": "string"},
                        "condition": {"type": "string"},
                        "temperature": {"type": "number"},
                        "temperature_unit": {"type": "string"},
                        "humidity": {"type": "number"},
                        "wind_speed": {"type": "number"},
                        "wind_speed_unit": {"type": "string"},
                    },
                    "required": ["entity_id", "condition"],
                },
            },
            "unavailable": {
                "type": "object",
                "properties": {"count": _COUNT, "examples": _NAMES},
                "required": ["count", "examples"],
            },
            "entity_count": {**_COUNT, "description": "Entities the caller may see."},
        },
        "required": [
            "people",
            "lights_on",
            "open",
            "unlocked_locks",
            "alarms",
            "problems",
            "climate",
            "weather",
            "unavailable",
            "entity_count",
        ],
    },
    read_only=True,
    core=True,
)
async def get_home_overview(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Summarize the visible states."""
    area_of = area_of_entity(call.hass)
    area_names = {
        area.id: area.name for area in ar.async_get(call.hass).async_list_areas()
    }
    states = [
        state
        for state in call.hass.states.async_all()
        if may_read(call, state.entity_id)
    ]
    by_domain: dict[str, list[State]] = {}
    for state in states:
        by_domain.setdefault(state.domain, []).append(state)

    def area(state: State) -> str | None:
        area_id = area_of(state.entity_id)
        return area_names.get(area_id) if area_id else None

    people = by_domain.get("person", [])
    lights_on = [
        state for state in by_domain.get("light", []) if state.state == STATE_ON
    ]
    openings = [
        state
        for state in by_domain.get("binary_sensor", [])
        if state.state == STATE_ON and state.attributes.get("device_class") in OPENINGS
    ] + [
        state
        for state in by_domain.get("cover", [])
        if state.state in ("open", "opening")
    ]
    problems = [
        state
        for state in by_domain.get("binary_sensor", [])
        if state.state == STATE_ON and state.attributes.get("device_class") in PROBLEMS
    ]
    unavailable = sorted(
        state.entity_id for state in states if state.state == STATE_UNAVAILABLE
    )
    weather = by_domain.get("weather", [])

    overview = {
        "people": {
            "home": sorted(state.name for state in people if state.state == STATE_HOME),
            "away": sorted(
                f"{state.name} ({state.state})"
                if state.state != STATE_NOT_HOME
                else state.name
                for state in people
                if state.state not in (STATE_HOME, *_WHEREABOUTS_UNKNOWN)
            ),
            "unknown": sorted(
                state.name for state in people if state.state in _WHEREABOUTS_UNKNOWN
            ),
        },
        "lights_on": {
            "total": len(lights_on),
            "by_area": dict(
                sorted(Counter(area(state) or "no area" for state in lights_on).items())
            ),
        },
        "open": _capped(
            call, "open", [_brief(state, area(state)) for state in openings]
        ),
        "unlocked_locks": _capped(
            call,
            "unlocked_locks",
            [
                _brief(state, area(state))
                for state in by_domain.get("lock", [])
                if state.state not in ("locked", STATE_UNAVAILABLE)
            ],
        ),
        "alarms": _capped(
            call,
            "alarms",
            [
                _brief(state, area(state))
                for state in by_domain.get("alarm_control_panel", [])
                if state.state not in QUIET_ALARM_STATES
            ],
        ),
        "problems": _capped(
            call, "problems", [_brief(state, area(state)) for state in problems]
        ),
        "climate": _capped(
            call,
            "climate",
            [_climate(state, area(state)) for state in by_domain.get("climate", [])],
        ),
        "weather": [_weather(state) for state in weather[:WEATHER_CAP]],
        "unavailable": {
            "count": len(unavailable),
            "examples": unavailable[:UNAVAILABLE_EXAMPLES],
        },
        "entity_count": len(states),
    }
    _report_cut(call, ("weather",), len(weather), WEATHER_CAP)
    _report_cut(
        call, ("unavailable", "examples"), len(unavailable), UNAVAILABLE_EXAMPLES
    )
    return overview


def _brief(state: State, area: str | None) -> dict[str, Any]:
    """Entity id, name, state and area of one entity."""
    brief = {"entity_id": state.entity_id, "name": state.name, "state": state.state}
    if area:
        brief["area"] = area
    return brief


def _climate(state: State, area: str | None) -> dict[str, Any]:
    """Mode, action and temperatures of a climate entity."""
    climate = _brief(state, area)
    for key in (
        "hvac_action",
        "current_temperature",
        ATTR_TEMPERATURE,
        "current_humidity",
    ):
        if (value := state.attributes.get(key)) is not None:
            climate[key] = value
    return climate


def _weather(state: State) -> dict[str, Any]:
    """Condition and main readings of a weather entity."""
    weather: dict[str, Any] = {"entity_id": state.entity_id, "condition": state.state}
    for key in (
        "temperature",
        "temperature_unit",
        "humidity",
        "wind_speed",
        "wind_speed_unit",
    ):
        if (value := state.attributes.get(key)) is not None:
            weather[key] = value
    if unit := state.attributes.get(ATTR_UNIT_OF_MEASUREMENT):
        weather["unit"] = unit
    return weather


def _capped(call: ToolCall, key: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """At most LIST_CAP items, sorted, and how many there are in all."""
    items.sort(key=lambda item: item["entity_id"])
    _report_cut(call, (key, "items"), len(items), LIST_CAP)
    return {"count": len(items), "items": items[:LIST_CAP]}


def _report_cut(call: ToolCall, path: tuple[str, ...], total: int, cap: int) -> None:
    """Report a list cut to ``cap`` items."""
    if total > cap:
        call.report_truncation(json_pointer(*path), total - cap, FIXED_LIMIT)
