"""ha_control_lawn_mower against a real LawnMowerEntity (the demo has no mower)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from homeassistant.components.lawn_mower import (
    LawnMowerActivity,
    LawnMowerEntity,
    LawnMowerEntityFeature,
)
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockPlatform, mock_platform

from ...conftest import Caller


class GardenMower(LawnMowerEntity):
    """A mower that starts and docks, and cannot pause."""

    _attr_name = "Garden mower"
    _attr_activity = LawnMowerActivity.DOCKED
    _attr_supported_features = (
        LawnMowerEntityFeature.START_MOWING | LawnMowerEntityFeature.DOCK
    )

    async def async_start_mowing(self) -> None:
        self._attr_activity = LawnMowerActivity.MOWING
        self.async_write_ha_state()

    async def async_dock(self) -> None:
        self._attr_activity = LawnMowerActivity.RETURNING
        self.async_write_ha_state()


@pytest.fixture
async def mower(hass: HomeAssistant) -> None:
    """Load the mower through the lawn_mower integration, as any platform would be."""

    async def setup_platform(
        hass: HomeAssistant, config: Any, add_entities: Any, info: Any = None
    ) -> None:
        add_entities([GardenMower()])

    mock_platform(
        hass, "test.lawn_mower", MockPlatform(async_setup_platform=setup_platform)
    )
    assert await async_setup_component(
        hass, "lawn_mower", {"lawn_mower": {"platform": "test"}}
    )
    await hass.async_block_till_done()


async def test_mower(hass: HomeAssistant, mower, admin: Caller) -> None:
    started = await admin.call(
        "ha_control_lawn_mower",
        {"entity_id": "lawn_mower.garden_mower", "action": "start_mowing"},
    )
    assert started.status == HTTPStatus.OK
    assert started.body["result"]["outcome"] == "done"
    assert hass.states.get("lawn_mower.garden_mower").state == "mowing"

    pause = await admin.call(
        "ha_control_lawn_mower",
        {"entity_id": "lawn_mower.garden_mower", "action": "pause"},
    )
    assert pause.status == HTTPStatus.BAD_REQUEST
    assert pause.body["error"]["message"] == (
        "action: lawn_mower.garden_mower cannot pause; it can start_mowing, dock"
    )

    docked = await admin.call(
        "ha_control_lawn_mower",
        {"entity_id": "lawn_mower.garden_mower", "action": "dock"},
    )
    assert docked.body["result"]["outcome"] == "done"
    assert hass.states.get("lawn_mower.garden_mower").state == "returning"
