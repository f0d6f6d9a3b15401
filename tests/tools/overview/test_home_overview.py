"""ha_get_home_overview: facts from real states, only those the caller may see."""

from __future__ import annotations

from http import HTTPStatus
import json

from homeassistant.core import HomeAssistant
import pytest

from ...conftest import Caller, Home


@pytest.fixture
def lively_home(hass: HomeAssistant, home: Home) -> None:
    """States of every kind the overview reports on (home already has lights on)."""
    hass.states.async_set("person.ada", "home", {"friendly_name": "Ada"})
    hass.states.async_set("person.bob", "not_home", {"friendly_name": "Bob"})
    hass.states.async_set("person.cy", "Work", {"friendly_name": "Cy"})
    hass.states.async_set("person.dee", "unknown", {"friendly_name": "Dee"})
    hass.states.async_set(
        "binary_sensor.front_door",
        "on",
        {"device_class": "door", "friendly_name": "Front door"},
    )
    hass.states.async_set("binary_sensor.back_door", "off", {"device_class": "door"})
    hass.states.async_set(
        "binary_sensor.cellar_leak",
        "on",
        {"device_class": "moisture", "friendly_name": "Leak"},
    )
    hass.states.async_set("cover.garage", "open", {"friendly_name": "Garage"})
    hass.states.async_set("lock.front", "unlocked", {"friendly_name": "Front lock"})
    hass.states.async_set("lock.back", "locked")
    hass.states.async_set("alarm_control_panel.house", "triggered")
    hass.states.async_set(
        "climate.living",
        "heat",
        {"current_temperature": 19.5, "temperature": 21, "hvac_action": "heating"},
    )
    hass.states.async_set(
        "weather.home",
        "rainy",
        {"temperature": 8, "temperature_unit": "°C", "humidity": 90},
    )
    hass.states.async_set("sensor.broken", "unavailable")


async def test_overview_reports_what_is_true(admin: Caller, lively_home) -> None:
    response = await admin.call("ha_get_home_overview", {})
    assert response.status == HTTPStatus.OK
    overview = response.body["result"]
    assert overview["people"] == {
        "home": ["Ada"],
        "away": ["Bob", "Cy (Work)"],
        "unknown": ["Dee"],
    }
    assert overview["lights_on"] == {"total": 1, "by_area": {"Kitchen": 1}}
    assert [item["entity_id"] for item in overview["open"]["items"]] == [
        "binary_sensor.front_door",
        "cover.garage",
    ]
    assert overview["unlocked_locks"]["items"] == [
        {"entity_id": "lock.front", "name": "Front lock", "state": "unlocked"}
    ]
    assert overview["alarms"]["items"][0]["state"] == "triggered"
    assert overview["problems"]["items"][0]["entity_id"] == "binary_sensor.cellar_leak"
    assert overview["climate"]["items"][0] == {
        "entity_id": "climate.living",
        "name": "living",
        "state": "heat",
        "hvac_action": "heating",
        "current_temperature": 19.5,
        "temperature": 21,
    }
    assert overview["weather"] == [
        {
            "entity_id": "weather.home",
            "condition": "rainy",
            "temperature": 8,
            "temperature_unit": "°C",
            "humidity": 90,
        }
    ]
    assert overview["unavailable"] == {"count": 1, "examples": ["sensor.broken"]}
    assert len(json.dumps(response.body)) < 10_000


async def test_overview_counts_only_visible_entities(
    limited: Caller, lively_home, booleans
) -> None:
    overview = (await limited.call("ha_get_home_overview", {})).body["result"]
    assert overview["entity_count"] == 1
    assert overview["people"] == {"home": [], "away": [], "unknown": []}
    assert overview["open"] == {"count": 0, "items": []}
    assert overview["unavailable"]["count"] == 0


async def test_capped_lists_report_what_they_left_out(
    hass: HomeAssistant, admin: Caller, setup_integration
) -> None:
    for number in range(23):
        hass.states.async_set(
            f"binary_sensor.window_{number:02d}", "on", {"device_class": "window"}
        )
    for number in range(12):
        hass.states.async_set(f"sensor.gone_{number:02d}", "unavailable")
    response = await admin.call("ha_get_home_overview", {})
    overview = response.body["result"]
    assert overview["open"]["count"] == 23
    assert [item["entity_id"] for item in overview["open"]["items"]] == [
        f"binary_sensor.window_{number:02d}" for number in range(20)
    ]
    assert overview["unavailable"]["count"] == 12
    assert len(overview["unavailable"]["examples"]) == 10
    assert response.body["truncated"] == [
        {"path": "/open/items", "omitted": 3, "reason": "limit"},
        {"path": "/unavailable/examples", "omitted": 2, "reason": "limit"},
    ]
