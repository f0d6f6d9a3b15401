"""ha_get_energy: the Energy dashboard's meters over a window, from statistics imported here."""

from __future__ import annotations

from datetime import datetime, timedelta
from http import HTTPStatus
from typing import Any

from homeassistant.components.energy.data import async_get_manager
from homeassistant.components.recorder.models import StatisticMeanType
from homeassistant.components.recorder.statistics import (
    async_add_external_statistics,
    async_import_statistics,
)
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from ...conftest import Caller

ZONE = "Europe/Amsterdam"
TOOL = "ha_get_energy"
HOURS = 4


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Any, enable_custom_integrations: None
) -> None:
    """The recorder must be set up before the hass fixture (phacc requirement)."""


@pytest.fixture
async def energy(hass: HomeAssistant) -> None:
    """The energy integration (its websocket API before a test client freezes the router)."""
    await hass.config.async_set_time_zone(ZONE)
    hass.config.currency = "EUR"
    assert await async_setup_component(hass, "energy", {})
    await hass.async_block_till_done()


def import_sums(
    hass: HomeAssistant,
    statistic_id: str,
    unit: str | None,
    unit_class: str | None,
    sums: list[float],
    start: datetime,
) -> None:
    """Hourly statistics whose sum reaches ``sums[i]`` at the end of hour i."""
    external = ":" in statistic_id
    metadata = {
        "has_sum": True,
        "mean_type": StatisticMeanType.NONE,
        "name": statistic_id.rsplit(".", maxsplit=1)[-1]
        .rsplit(":", maxsplit=1)[-1]
        .replace("_", " ")
        .title(),
        "source": statistic_id.split(":", maxsplit=1)[0] if external else "recorder",
        "statistic_id": statistic_id,
        "unit_class": unit_class,
        "unit_of_measurement": unit,
    }
    rows = [
        {"start": start + timedelta(hours=hour), "state": total, "sum": total}
        for hour, total in enumerate(sums)
    ]
    (async_add_external_statistics if external else async_import_statistics)(
        hass, metadata, rows
    )


@pytest.fixture
async def window(hass: HomeAssistant, energy) -> tuple[str, str]:
    """Four hours of every kind of meter; returns the window that holds them, as ISO."""
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) - timedelta(
        hours=HOURS + 1
    )
    # The first row's sum is where the meter stood before the window: its change
    # is the difference of the last and that first (statistics count from 0).
    import_sums(hass, "sensor.grid_import", "kWh", "energy", [0, 1.5, 3, 4.5, 6], start)
    import_sums(
        hass, "sensor.grid_export", "Wh", "energy", [0, 500, 1000, 1500, 2000], start
    )
    import_sums(hass, "sensor.grid_cost", "EUR", None, [0, 0.5, 1, 1.5, 1.8], start)
    import_sums(hass, "test:solar", "kWh", "energy", [0, 0, 1, 2.5, 3.25], start)
    import_sums(
        hass, "sensor.battery_out", "kWh", "energy", [0, 0.25, 0.5, 0.75, 1], start
    )
    import_sums(
        hass, "sensor.battery_in", "kWh", "energy", [0, 0.5, 0.5, 0.5, 0.5], start
    )
    import_sums(hass, "sensor.gas", "m³", "volume", [0, 0.1, 0.2, 0.4, 0.8], start)
    import_sums(hass, "sensor.water", "L", "volume", [0, 10, 20, 30, 40], start)
    import_sums(
        hass, "sensor.dishwasher", "kWh", "energy", [0, 0, 1.2, 1.2, 1.2], start
    )
    import_sums(hass, "sensor.kitchen", "kWh", "energy", [0, 1, 2, 3, 4], start)
    await async_wait_recording_done(hass)
    manager = await async_get_manager(hass)
    await manager.async_update(
        {
            "energy_sources": [
                {
                    "type": "grid",
                    "stat_energy_from": "sensor.grid_import",
                    "stat_energy_to": "sensor.grid_export",
                    "stat_cost": "sensor.grid_cost",
                    "entity_energy_price": None,
                    "number_energy_price": None,
                    "stat_compensation": None,
                    "entity_energy_price_export": None,
                    "number_energy_price_export": None,
                    "cost_adjustment_day": 0,
                },
                {
                    "type": "solar",
                    "stat_energy_from": "test:solar",
                    "config_entry_solar_forecast": None,
                },
                {
                    "type": "battery",
                    "stat_energy_from": "sensor.battery_out",
                    "stat_energy_to": "sensor.battery_in",
                },
                {
                    "type": "gas",
                    "stat_energy_from": "sensor.gas",
                    "stat_cost": None,
                    "entity_energy_price": None,
                    "number_energy_price": None,
                },
                {
                    "type": "water",
                    "stat_energy_from": "sensor.water",
                    "stat_cost": None,
                    "entity_energy_price": None,
                    "number_energy_price": None,
                },
            ],
            "device_consumption": [
                {"stat_consumption": "sensor.kitchen", "name": "Kitchen"},
                {
                    "stat_consumption": "sensor.dishwasher",
                    "name": "Dishwasher",
                    "included_in_stat": "sensor.kitchen",
                },
            ],
        }
    )
    for entity_id in (
        "sensor.grid_import",
        "sensor.grid_export",
        "sensor.battery_out",
        "sensor.battery_in",
        "sensor.gas",
        "sensor.water",
        "sensor.dishwasher",
        "sensor.kitchen",
    ):
        hass.states.async_set(entity_id, "0")
    await hass.async_block_till_done()
    return (
        dt_util.as_local(start + timedelta(hours=1)).isoformat(),
        dt_util.as_local(start + timedelta(hours=HOURS + 1)).isoformat(),
    )


async def test_known_sums_come_back_exactly(
    window: tuple[str, str], admin: Caller
) -> None:
    start, end = window
    answer = await admin.ok(TOOL, {"start": start, "end": end})
    assert (answer["start"], answer["end"]) == (start, end)
    assert answer["currency"] == "EUR"
    assert [
        (row["type"], row["flow"], row["statistic_id"], row["amount"], row["unit"])
        for row in answer["sources"]
    ] == [
        ("grid", "imported", "sensor.grid_import", 6.0, "kWh"),
        # Recorded in Wh, answered in kWh like every electricity figure.
        ("grid", "exported", "sensor.grid_export", 2.0, "kWh"),
        ("solar", "produced", "test:solar", 3.25, "kWh"),
        ("battery", "discharged", "sensor.battery_out", 1.0, "kWh"),
        ("battery", "charged", "sensor.battery_in", 0.5, "kWh"),
        ("gas", "consumed", "sensor.gas", pytest.approx(0.8), "m³"),
        ("water", "consumed", "sensor.water", 40.0, "L"),
    ]
    grid_import = answer["sources"][0]
    assert (grid_import["cost"], grid_import["cost_statistic_id"]) == (
        pytest.approx(1.8),
        "sensor.grid_cost",
    )
    # The statistics' own names, as the sources have none of their own.
    assert grid_import["name"] == "Grid Import"
    assert "cost" not in answer["sources"][1]
    assert answer["electricity"] == {
        "unit": "kWh",
        "imported": 6.0,
        "produced": 3.25,
        "discharged": 1.0,
        "exported": 2.0,
        "charged": 0.5,
        # 6 + 3.25 + 1 - 2 - 0.5
        "consumed": 7.75,
    }
    assert answer["devices"] == [
        {
            "name": "Kitchen",
            "statistic_id": "sensor.kitchen",
            "meters": "electricity",
            "unit": "kWh",
            "amount": 4.0,
        },
        {
            "name": "Dishwasher",
            "statistic_id": "sensor.dishwasher",
            "meters": "electricity",
            "unit": "kWh",
            "amount": 1.2,
            "included_in": "sensor.kitchen",
        },
    ]


async def test_a_shorter_window_and_no_devices(
    window: tuple[str, str], admin: Caller
) -> None:
    start, _ = window
    end = (dt_util.parse_datetime(start) + timedelta(hours=2)).isoformat()
    answer = await admin.ok(TOOL, {"start": start, "end": end, "devices": False})
    assert answer["devices"] == []
    # Hours 1 and 2 only: 1.5 + 1.5 imported, 0 + 1 produced.
    assert answer["electricity"]["imported"] == 3.0
    assert answer["electricity"]["produced"] == 1.0


async def test_a_meter_without_statistics_has_no_amount(
    hass: HomeAssistant, window: tuple[str, str], admin: Caller
) -> None:
    manager = await async_get_manager(hass)
    await manager.async_update(
        {
            "energy_sources": [
                {
                    "type": "solar",
                    "stat_energy_from": "sensor.new_panels",
                    "config_entry_solar_forecast": None,
                    "name": "Roof",
                }
            ],
            "device_consumption": [],
        }
    )
    answer = await admin.ok(TOOL, {"start": window[0]})
    assert answer["sources"] == [
        {
            "type": "solar",
            "flow": "produced",
            "name": "Roof",
            "statistic_id": "sensor.new_panels",
            "unit": "kWh",
            "amount": None,
        }
    ]
    assert "electricity" not in answer


async def test_not_set_up_and_hidden_meters(
    hass: HomeAssistant, energy, window: tuple[str, str], admin: Caller, limited: Caller
) -> None:
    # The limited user may read none of the meters' entities: only the external
    # solar statistic (not an entity) is left.
    answer = await limited.ok(TOOL, {"start": window[0], "end": window[1]})
    assert [row["statistic_id"] for row in answer["sources"]] == ["test:solar"]
    assert answer["devices"] == []

    manager = await async_get_manager(hass)
    await manager.async_update({"energy_sources": [], "device_consumption": []})
    assert await admin.refused(TOOL, {}, HTTPStatus.NOT_FOUND) == (
        "the Energy dashboard is not set up; add the grid, solar, gas or water "
        "meters in Settings > Dashboards > Energy"
    )
    assert "start" in await admin.refused(
        TOOL, {"start": "yesterday"}, HTTPStatus.BAD_REQUEST
    )


async def test_a_priced_meter_costs_what_its_cost_sensor_recorded(
    hass: HomeAssistant, window: tuple[str, str], admin: Caller
) -> None:
    manager = await async_get_manager(hass)
    await manager.async_update(
        {
            "energy_sources": [
                {
                    "type": "grid",
                    "stat_energy_from": "sensor.grid_import",
                    "stat_energy_to": None,
                    "stat_cost": None,
                    "entity_energy_price": None,
                    "number_energy_price": 0.3,
                    "stat_compensation": None,
                    "entity_energy_price_export": None,
                    "number_energy_price_export": None,
                    "cost_adjustment_day": 0,
                }
            ],
            "device_consumption": [],
        }
    )
    await hass.async_block_till_done()
    # The energy integration made a cost sensor for the price; its statistics
    # are what the dashboard shows as the cost.
    cost_sensor = hass.data["energy"]["cost_sensors"]["sensor.grid_import"]
    assert hass.states.get(cost_sensor) is not None
    start = dt_util.parse_datetime(window[0])
    import_sums(
        hass, cost_sensor, "EUR", None, [0, 0.45, 0.9], start - timedelta(hours=1)
    )
    await async_wait_recording_done(hass)
    answer = await admin.ok(TOOL, {"start": window[0], "end": window[1]})
    (grid_import,) = answer["sources"]
    assert grid_import["cost_statistic_id"] == cost_sensor
    assert grid_import["cost"] == pytest.approx(0.9)
