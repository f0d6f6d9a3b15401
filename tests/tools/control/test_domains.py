"""Per-domain control tools against Home Assistant's demo entities."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any
from unittest.mock import patch

from homeassistant.const import EVENT_CALL_SERVICE, Platform
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import CONF_OUTCOME_WAIT
from custom_components.ha_openapi.tools import shared

from ...conftest import Caller


@pytest.fixture
async def demo(hass: HomeAssistant) -> None:
    """The demo integration's lights, switches, fans, covers, climate and locks."""
    platforms = [
        Platform.LIGHT,
        Platform.SWITCH,
        Platform.FAN,
        Platform.COVER,
        Platform.CLIMATE,
        Platform.LOCK,
    ]
    assert await async_setup_component(hass, "homeassistant", {})
    # Only these platforms, so the test loads fast; the entities are the real demo ones.
    with patch(
        "homeassistant.components.demo.COMPONENTS_WITH_CONFIG_ENTRY_DEMO_PLATFORM",
        platforms,
    ):
        assert await async_setup_component(hass, "demo", {})
        await hass.async_block_till_done()


async def control(caller: Caller, tool: str, **arguments: Any) -> Any:
    response = await caller.call(tool, arguments)
    assert response.status == HTTPStatus.OK, response.body
    return response.body["result"]


async def refused(caller: Caller, tool: str, **arguments: Any) -> dict[str, Any]:
    response = await caller.call(tool, arguments)
    assert response.status == HTTPStatus.BAD_REQUEST, response.body
    return response.body["error"]


async def test_light_on_with_brightness(
    hass: HomeAssistant, demo, admin: Caller
) -> None:
    result = await control(
        admin, "ha_control_light", entity_id="light.bed_light", brightness_pct=50
    )
    assert result["outcome"] == "done"
    assert result["steps"] == [
        {
            "action": "light.turn_on",
            "requested": "turn on (brightness_pct 50)",
            "outcome": "done",
        }
    ]
    state = hass.states.get("light.bed_light")
    assert state.state == "on"
    assert state.attributes["brightness"] == 128
    assert result["state"]["attributes"]["brightness"] == 128

    off = await control(
        admin, "ha_control_light", entity_id="light.bed_light", action="off"
    )
    assert off["outcome"] == "done"
    assert hass.states.get("light.bed_light").state == "off"


async def test_light_checks_what_it_supports(
    hass: HomeAssistant, demo, admin: Caller
) -> None:
    warm = await refused(
        admin, "ha_control_light", entity_id="light.bed_light", color_temp_kelvin=1500
    )
    assert warm["field"] == "color_temp_kelvin"
    assert "light.bed_light supports 2000-6535 K" in warm["message"]
    no_temp = await refused(
        admin,
        "ha_control_light",
        entity_id="light.office_rgbw_lights",
        color_temp_kelvin=3000,
    )
    assert "supported color modes: rgbw" in no_temp["message"]
    effect = await refused(
        admin, "ha_control_light", entity_id="light.bed_light", effect="disco"
    )
    assert "it supports rainbow, off" in effect["message"]
    dim_off = await refused(
        admin,
        "ha_control_light",
        entity_id="light.bed_light",
        action="off",
        brightness=10,
    )
    assert dim_off["field"] == "action"
    wrong = await refused(admin, "ha_control_light", entity_id="switch.ac")
    assert wrong["message"] == "entity_id: switch.ac is not a light entity"
    assert hass.states.get("light.bed_light").state == "off"


async def test_light_refusals_name_the_tool_argument(
    hass: HomeAssistant, demo, admin: Caller
) -> None:
    both = await refused(
        admin,
        "ha_control_light",
        entity_id="light.bed_light",
        brightness=10,
        brightness_pct=10,
    )
    # ha_control_light has no data argument: the field is its own.
    assert both["field"] == "brightness"
    assert hass.states.get("light.bed_light").state == "off"


async def test_light_brightness_zero_turns_it_off_and_colors_are_checked(
    hass: HomeAssistant, demo, admin: Caller
) -> None:
    await control(admin, "ha_control_light", entity_id="light.kitchen_lights")
    assert hass.states.get("light.kitchen_lights").state == "on"
    for brightness in ({"brightness": 0}, {"brightness_pct": 0}):
        await control(admin, "ha_control_light", entity_id="light.kitchen_lights")
        dark = await control(
            admin, "ha_control_light", entity_id="light.kitchen_lights", **brightness
        )
        assert hass.states.get("light.kitchen_lights").state == "off"
        assert dark["outcome"] == "done", brightness

    unknown = await refused(
        admin,
        "ha_control_light",
        entity_id="light.kitchen_lights",
        color_name="dark blu",
    )
    assert unknown["field"] == "color_name"
    assert unknown["message"] == (
        "color_name: 'dark blu' is not a color name; did you mean darkblue or "
        "darkslateblue?"
    )
    assert hass.states.get("light.kitchen_lights").state == "off"
    red = await control(
        admin, "ha_control_light", entity_id="light.kitchen_lights", color_name="Red"
    )
    assert red["outcome"] == "done"
    assert hass.states.get("light.kitchen_lights").attributes["rgb_color"] == (
        255,
        0,
        0,
    )


async def test_switch_toggle(hass: HomeAssistant, demo, admin: Caller) -> None:
    before = hass.states.get("switch.decorative_lights").state
    result = await control(
        admin,
        "ha_control_switch",
        entity_id="switch.decorative_lights",
        action="toggle",
    )
    assert result["outcome"] == "done"
    assert hass.states.get("switch.decorative_lights").state != before


async def test_fan_fields_each_to_their_action(
    hass: HomeAssistant, demo, admin: Caller
) -> None:
    result = await control(
        admin,
        "ha_control_fan",
        entity_id="fan.living_room_fan",
        action="on",
        percentage=33,
        oscillating=True,
    )
    assert [step["action"] for step in result["steps"]] == [
        "fan.turn_on",
        "fan.set_percentage",
        "fan.oscillate",
    ]
    assert result["outcome"] == "done"
    state = hass.states.get("fan.living_room_fan")
    assert (
        state.state,
        state.attributes["percentage"],
        state.attributes["oscillating"],
    ) == (
        "on",
        33,
        True,
    )
    preset = await refused(
        admin,
        "ha_control_fan",
        entity_id="fan.preset_only_limited_fan",
        preset_mode="turbo",
    )
    assert "it supports auto, smart, sleep, on" in preset["message"]
    # The living room fan lists presets but does not support setting them.
    no_presets = await refused(
        admin, "ha_control_fan", entity_id="fan.living_room_fan", preset_mode="auto"
    )
    assert (
        no_presets["message"] == "preset_mode: fan.living_room_fan has no preset modes"
    )
    sleep = await control(
        admin,
        "ha_control_fan",
        entity_id="fan.preset_only_limited_fan",
        preset_mode="sleep",
    )
    assert sleep["outcome"] == "done"
    assert (
        hass.states.get("fan.preset_only_limited_fan").attributes["preset_mode"]
        == "sleep"
    )


async def test_cover(hass: HomeAssistant, demo, admin: Caller) -> None:
    result = await control(
        admin, "ha_control_cover", entity_id="cover.garage_door", action="open"
    )
    assert result["outcome"] == "done"
    assert hass.states.get("cover.garage_door").state == "open"
    position = await refused(
        admin, "ha_control_cover", entity_id="cover.garage_door", position=50
    )
    assert "cannot be set to a position" in position["message"]


async def test_climate_in_order(hass: HomeAssistant, demo, admin: Caller) -> None:
    result = await control(
        admin,
        "ha_control_climate",
        entity_id="climate.hvac",
        hvac_mode="heat",
        temperature=22,
        fan_mode="on_low",
    )
    assert [step["action"] for step in result["steps"]] == [
        "climate.set_hvac_mode",
        "climate.set_temperature",
        "climate.set_fan_mode",
    ]
    assert result["outcome"] == "done"
    state = hass.states.get("climate.hvac")
    assert (
        state.state,
        state.attributes["temperature"],
        state.attributes["fan_mode"],
    ) == (
        "heat",
        22,
        "on_low",
    )
    mode = await refused(
        admin, "ha_control_climate", entity_id="climate.heatpump", hvac_mode="cool"
    )
    assert mode["field"] == "hvac_mode"
    assert "it supports heat, off" in mode["message"]
    hot = await refused(
        admin, "ha_control_climate", entity_id="climate.hvac", temperature=90
    )
    assert "accepts" in hot["message"]


async def test_lock(hass: HomeAssistant, demo, admin: Caller) -> None:
    result = await control(
        admin, "ha_control_lock", entity_id="lock.front_door", action="unlock"
    )
    assert result["outcome"] == "done"
    assert hass.states.get("lock.front_door").state == "unlocked"
    cannot_open = await refused(
        admin, "ha_control_lock", entity_id="lock.front_door", action="open"
    )
    assert "use unlock" in cannot_open["message"]


async def test_unavailable_entity_is_not_called(
    hass: HomeAssistant, demo, admin: Caller
) -> None:
    hass.states.async_set("light.bed_light", "unavailable")
    # Home Assistant's service registry announces every action it is asked to call.
    calls = async_capture_events(hass, EVENT_CALL_SERVICE)
    response = await admin.call("ha_control_light", {"entity_id": "light.bed_light"})
    assert response.status == HTTPStatus.CONFLICT
    assert response.body["error"]["code"] == "entity_unavailable"
    assert "nothing was sent" in response.body["error"]["message"]
    await hass.async_block_till_done()
    assert calls == []
    # The spy sees a call that does go out.
    await admin.call(
        "ha_control_light", {"entity_id": "light.ceiling_lights", "action": "off"}
    )
    assert [(call.data["domain"], call.data["service"]) for call in calls] == [
        ("light", "turn_off")
    ]


async def test_state_that_does_not_change_is_said_plainly(
    hass: HomeAssistant, demo, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_OUTCOME_WAIT: 0.2}
    )
    # A light whose device never reacts: its state exists, no light entity acts on it.
    hass.states.async_set("light.stuck", "off", {"supported_color_modes": ["onoff"]})
    result = await control(admin, "ha_control_light", entity_id="light.stuck")
    assert result["outcome"] == "not_changed"
    assert result["message"] == "requested turn on; light.stuck is still off"


async def test_permissions(
    hass: HomeAssistant, demo, non_admin: Caller, limited: Caller
) -> None:
    read_only = await non_admin.call(
        "ha_control_switch", {"entity_id": "switch.ac", "action": "on"}
    )
    assert read_only.status == HTTPStatus.FORBIDDEN
    hidden = await limited.call(
        "ha_control_switch", {"entity_id": "switch.ac", "action": "on"}
    )
    assert hidden.status == HTTPStatus.NOT_FOUND
    assert hass.states.get("switch.ac").state == "off"


async def test_slow_action_is_reported_as_still_running(
    hass: HomeAssistant, demo, admin: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo lock takes two seconds to unlock; give the call far less.
    monkeypatch.setattr(shared, "SERVICE_CALL_TIMEOUT", 0.1)
    result = await control(
        admin, "ha_control_lock", entity_id="lock.front_door", action="unlock"
    )
    assert result["outcome"] == "still_running"
    assert result["message"] == (
        "lock.unlock was still running when the wait ended (lock.front_door is "
        "unlocking); it goes on in Home Assistant, so read the state later to see "
        "the outcome"
    )
    assert hass.states.get("lock.front_door").state != "unlocked"
    await hass.async_block_till_done()
    assert hass.states.get("lock.front_door").state == "unlocked"
