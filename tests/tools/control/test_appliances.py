"""Media players, vacuums, valves, humidifiers, water heaters, sirens and alarm panels
against Home Assistant's demo entities."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any
from unittest.mock import patch

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import CONF_OUTCOME_WAIT

from ...conftest import Caller


@pytest.fixture
async def demo(hass: HomeAssistant) -> None:
    """The demo integration's appliances (only these platforms, for speed)."""
    assert await async_setup_component(hass, "homeassistant", {})
    platforms = [
        Platform.MEDIA_PLAYER,
        Platform.VACUUM,
        Platform.VALVE,
        Platform.HUMIDIFIER,
        Platform.WATER_HEATER,
        Platform.SIREN,
        Platform.ALARM_CONTROL_PANEL,
    ]
    with patch(
        "homeassistant.components.demo.COMPONENTS_WITH_CONFIG_ENTRY_DEMO_PLATFORM",
        platforms,
    ):
        assert await async_setup_component(hass, "demo", {})
        await hass.async_block_till_done()


async def ok(caller: Caller, tool: str, **arguments: Any) -> Any:
    response = await caller.call(tool, arguments)
    assert response.status == HTTPStatus.OK, response.body
    return response.body["result"]


async def bad(caller: Caller, tool: str, **arguments: Any) -> str:
    response = await caller.call(tool, arguments)
    assert response.status == HTTPStatus.BAD_REQUEST, response.body
    return response.body["error"]["message"]


async def test_media_player(hass: HomeAssistant, demo, admin: Caller) -> None:
    result = await ok(
        admin,
        "ha_control_media_player",
        entity_id="media_player.living_room",
        action="pause",
        volume_level=0.5,
        mute=True,
    )
    assert [step["action"] for step in result["steps"]] == [
        "media_player.media_pause",
        "media_player.volume_set",
        "media_player.volume_mute",
    ]
    assert result["outcome"] == "done"
    state = hass.states.get("media_player.living_room")
    assert (
        state.state,
        state.attributes["volume_level"],
        state.attributes["is_volume_muted"],
    ) == (
        "paused",
        0.5,
        True,
    )
    await ok(
        admin,
        "ha_control_media_player",
        entity_id="media_player.lounge_room",
        source="dvd",
    )
    assert hass.states.get("media_player.lounge_room").attributes["source"] == "dvd"
    assert "it supports dvd, youtube" in await bad(
        admin,
        "ha_control_media_player",
        entity_id="media_player.lounge_room",
        source="vhs",
    )
    assert "cannot set its volume" in await bad(
        admin,
        "ha_control_media_player",
        entity_id="media_player.search",
        volume_level=0.2,
    )


async def test_vacuum(hass: HomeAssistant, demo, admin: Caller) -> None:
    vacuum = "vacuum.demo_vacuum_1_first_floor"
    result = await ok(
        admin, "ha_control_vacuum", entity_id=vacuum, fan_speed="max", action="start"
    )
    assert result["outcome"] == "done"
    state = hass.states.get(vacuum)
    assert (state.state, state.attributes["fan_speed"]) == ("cleaning", "max")
    assert "cannot start" in await bad(
        admin,
        "ha_control_vacuum",
        entity_id="vacuum.demo_vacuum_4_fourth_floor",
        action="start",
    )


async def test_valve(hass: HomeAssistant, demo, admin: Caller) -> None:
    result = await ok(
        admin, "ha_control_valve", entity_id="valve.front_garden", action="close"
    )
    assert result["outcome"] == "done"
    assert hass.states.get("valve.front_garden").state in ("closing", "closed")
    assert "open/close only" in await bad(
        admin, "ha_control_valve", entity_id="valve.front_garden", position=50
    )


async def test_humidifier(hass: HomeAssistant, demo, admin: Caller) -> None:
    await ok(
        admin, "ha_control_humidifier", entity_id="humidifier.hygrostat", mode="eco"
    )
    assert hass.states.get("humidifier.hygrostat").attributes["mode"] == "eco"
    assert "it supports home, eco" in await bad(
        admin, "ha_control_humidifier", entity_id="humidifier.hygrostat", mode="away"
    )
    await ok(
        admin, "ha_control_humidifier", entity_id="humidifier.humidifier", humidity=40
    )
    assert hass.states.get("humidifier.humidifier").attributes["humidity"] == 40
    await ok(
        admin,
        "ha_control_humidifier",
        entity_id="humidifier.dehumidifier",
        action="off",
    )
    assert hass.states.get("humidifier.dehumidifier").state == "off"


async def test_water_heater(hass: HomeAssistant, demo, admin: Caller) -> None:
    heater = "water_heater.demo_water_heater_celsius"
    result = await ok(
        admin,
        "ha_control_water_heater",
        entity_id=heater,
        temperature=50,
        operation_mode="electric",
    )
    assert result["outcome"] == "done"
    state = hass.states.get(heater)
    assert (state.state, state.attributes["temperature"]) == ("electric", 50)
    assert "accepts 43.3-60.0" in await bad(
        admin, "ha_control_water_heater", entity_id=heater, temperature=70
    )


async def test_siren(hass: HomeAssistant, demo, admin: Caller) -> None:
    siren = "siren.siren_with_all_features"
    await ok(admin, "ha_control_siren", entity_id=siren, action="off")
    assert hass.states.get(siren).state == "off"
    result = await ok(
        admin, "ha_control_siren", entity_id=siren, action="on", tone="fire", duration=5
    )
    assert result["outcome"] == "done"
    assert "has tones fire, alarm" in await bad(
        admin, "ha_control_siren", entity_id=siren, action="on", tone="bell"
    )
    assert "does not support tone" in await bad(
        admin, "ha_control_siren", entity_id="siren.siren", action="on", tone="fire"
    )


async def test_alarm_panel(
    hass: HomeAssistant, demo, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    panel = "alarm_control_panel.security"
    assert "needs its code" in await bad(
        admin, "ha_control_alarm_panel", entity_id=panel, action="arm_away"
    )
    # The demo panel arms after a delay of a few seconds; wait it out.
    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_OUTCOME_WAIT: 15}
    )
    result = await ok(
        admin, "ha_control_alarm_panel", entity_id=panel, action="arm_away", code="1234"
    )
    assert result["outcome"] == "done"
    assert hass.states.get(panel).state == "armed_away"
    # HA's own words for a wrong code, not its translation key.
    wrong = await admin.call(
        "ha_control_alarm_panel",
        {"entity_id": panel, "action": "disarm", "code": "0000"},
    )
    assert wrong.status == HTTPStatus.BAD_REQUEST
    assert wrong.body["error"]["message"] == "Invalid alarm code provided"
    assert hass.states.get(panel).state == "armed_away"
    disarmed = await ok(
        admin, "ha_control_alarm_panel", entity_id=panel, action="disarm", code="1234"
    )
    assert disarmed["outcome"] == "done"
    assert hass.states.get(panel).state == "disarmed"
