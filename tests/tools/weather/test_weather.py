"""ha_get_weather_forecast on the demo weather entities, checked against HA's own service."""

from __future__ import annotations

from http import HTTPStatus
from unittest.mock import patch

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ...conftest import Caller


@pytest.fixture
async def weather(hass: HomeAssistant) -> None:
    """The demo's weather entities."""
    assert await async_setup_component(hass, "homeassistant", {})
    with patch(
        "homeassistant.components.demo.COMPONENTS_WITH_CONFIG_ENTRY_DEMO_PLATFORM",
        [Platform.WEATHER],
    ):
        assert await async_setup_component(hass, "demo", {})
        await hass.async_block_till_done()


async def test_forecast_rows_match_home_assistants(
    hass: HomeAssistant, weather, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    answer = await admin.ok(
        "ha_get_weather_forecast",
        {"entity_id": "weather.demo_weather_north", "type": "hourly", "limit": 3},
    )
    native = await hass.services.async_call(
        "weather",
        "get_forecasts",
        {"entity_id": "weather.demo_weather_north", "type": "hourly"},
        blocking=True,
        return_response=True,
    )
    periods = native["weather.demo_weather_north"]["forecast"][:3]
    assert [row["temperature"] for row in answer["forecast"]] == [
        period["temperature"] for period in periods
    ]
    assert [row["condition"] for row in answer["forecast"]] == [
        period["condition"] for period in periods
    ]
    # The demo dates its periods from "now": the two calls are milliseconds apart.
    assert [
        dt_util.parse_datetime(row["time"]).replace(second=0, microsecond=0)
        for row in answer["forecast"]
    ] == [
        dt_util.parse_datetime(period["datetime"]).replace(second=0, microsecond=0)
        for period in periods
    ]
    state = hass.states.get("weather.demo_weather_north")
    assert answer["units"]["temperature_unit"] == state.attributes["temperature_unit"]


async def test_unsupported_forecast_type_and_unknown_entity(
    hass: HomeAssistant, weather, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    assert (
        await admin.refused(
            "ha_get_weather_forecast",
            {"entity_id": "weather.demo_weather_south", "type": "hourly"},
            HTTPStatus.BAD_REQUEST,
        )
        == "type: weather.demo_weather_south has no hourly forecast; it offers daily"
    )
    missing = await admin.refused(
        "ha_get_weather_forecast",
        {"entity_id": "weather.demo_weather_sout"},
        HTTPStatus.NOT_FOUND,
    )
    assert "weather.demo_weather_south" in missing
