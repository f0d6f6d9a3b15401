"""One config entry at a time: reload, disable and enable, diagnostics; and system facts."""

from __future__ import annotations

from http import HTTPStatus

from homeassistant.components import system_health
from homeassistant.config_entries import ConfigEntryDisabler, ConfigEntryState
from homeassistant.const import __version__ as HA_VERSION
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.entity_component import DATA_INSTANCES
from homeassistant.helpers.system_info import async_get_system_info
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ...conftest import Caller

DERIVATIVE_OPTIONS = {
    "name": "Power change",
    "source": "sensor.power",
    "round": 2.0,
    "time_window": {"hours": 0, "minutes": 0, "seconds": 0},
    "unit_time": "h",
}


@pytest.fixture
async def derivative(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> MockConfigEntry:
    """A real derivative helper's config entry, loaded, of a sensor that exists."""
    hass.states.async_set("sensor.power", "10", {"unit_of_measurement": "W"})
    entry = MockConfigEntry(
        domain="derivative", title="Power change", options=DERIVATIVE_OPTIONS
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.power_change").state != "unavailable"
    return entry


async def test_reload_integration(
    hass: HomeAssistant, admin: Caller, derivative: MockConfigEntry
) -> None:
    sensors = hass.data[DATA_INSTANCES]["sensor"]
    before = sensors.get_entity("sensor.power_change")
    assert await admin.ok("ha_reload_integration", {"entry": "Power change"}) == {
        "entry_id": derivative.entry_id,
        "domain": "derivative",
        "title": "Power change",
        "state": "loaded",
        "reason": None,
    }
    # Unloaded and set up again: the sensor is a new entity object, and working.
    after = sensors.get_entity("sensor.power_change")
    assert after is not None
    assert after is not before
    assert hass.states.get("sensor.power_change").state != "unavailable"
    assert "HA OpenAPI's own entry" in await admin.refused(
        "ha_reload_integration", {"entry": "ha_openapi"}, HTTPStatus.BAD_REQUEST
    )
    assert (
        await admin.refused(
            "ha_reload_integration", {"entry": "Power chnage"}, HTTPStatus.NOT_FOUND
        )
        == "config entry Power chnage not found; did you mean Power change?"
    )


async def test_disable_and_enable_integration(
    hass: HomeAssistant, admin: Caller, derivative: MockConfigEntry
) -> None:
    disabled = await admin.ok(
        "ha_set_integration_enabled", {"entry": derivative.entry_id, "enabled": False}
    )
    assert (disabled["enabled"], disabled["state"]) == (False, "not_loaded")
    assert derivative.disabled_by is ConfigEntryDisabler.USER
    assert derivative.state is ConfigEntryState.NOT_LOADED
    assert "is disabled; ha_set_integration_enabled enables it" in await admin.refused(
        "ha_reload_integration", {"entry": "derivative"}, HTTPStatus.CONFLICT
    )
    enabled = await admin.ok(
        "ha_set_integration_enabled", {"entry": "derivative", "enabled": True}
    )
    await hass.async_block_till_done()
    assert enabled["enabled"] is True
    assert derivative.disabled_by is None
    assert derivative.state is ConfigEntryState.LOADED
    assert "HA OpenAPI's own entry" in await admin.refused(
        "ha_set_integration_enabled",
        {"entry": "HA OpenAPI", "enabled": False},
        HTTPStatus.BAD_REQUEST,
    )


async def test_diagnostics_of_a_config_entry(
    hass: HomeAssistant, admin: Caller, derivative: MockConfigEntry
) -> None:
    diagnostics = await admin.ok("ha_get_diagnostics", {"entry": "derivative"})
    entity = er.async_get(hass).async_get("sensor.power_change")
    assert diagnostics["data"]["config_entry"]["entry_id"] == derivative.entry_id
    assert diagnostics["data"]["config_entry"]["options"]["source"] == "sensor.power"
    assert [item["entity_id"] for item in diagnostics["data"]["entity"]] == [
        entity.entity_id
    ]
    assert diagnostics["integration_manifest"]["domain"] == "derivative"
    assert diagnostics["home_assistant"]["version"] == HA_VERSION
    assert "user" not in diagnostics["home_assistant"]
    assert diagnostics["issues"] == []
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=derivative.entry_id, identifiers={("derivative", "x")}
    )
    assert "derivative offers no device diagnostics" in await admin.refused(
        "ha_get_diagnostics",
        {"entry": "derivative", "device_id": device.id},
        HTTPStatus.NOT_FOUND,
    )
    assert "device nope not found" in await admin.refused(
        "ha_get_diagnostics",
        {"entry": "derivative", "device_id": "nope"},
        HTTPStatus.NOT_FOUND,
    )


async def test_system_info(
    hass: HomeAssistant, admin: Caller, derivative: MockConfigEntry
) -> None:
    info = await admin.ok("ha_get_system_info")
    system = await async_get_system_info(hass)
    assert (info["version"], info["installation_type"], info["python_version"]) == (
        HA_VERSION,
        system["installation_type"],
        system["python_version"],
    )
    assert info["time_zone"] == hass.config.time_zone
    assert info["units"]["temperature"] == hass.config.units.temperature_unit
    assert info["config_dir"] == hass.config.config_dir
    assert info["database"] is None
    assert info["counts"] == {
        "entities": len(hass.states.async_all()),
        "registered_entities": len(er.async_get(hass).entities),
        "devices": len(dr.async_get(hass).devices),
        "integrations": len({c.split(".")[0] for c in hass.config.components}),
        "config_entries": 2,
    }


async def test_system_health(
    hass: HomeAssistant, admin: Caller, setup_integration
) -> None:
    assert await async_setup_component(hass, "system_health", {})
    # Integrations' system health platforms load in the background.
    await hass.async_block_till_done()
    health = await admin.ok("ha_get_system_health")
    expected = await system_health.get_info(hass)
    assert (
        health["integrations"]["homeassistant"]["version"]
        == (expected["homeassistant"]["version"])
    )
    assert health["integrations"].keys() == expected.keys()
