"""History of an entity the recorder is told to exclude: said plainly, not an empty success."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from ...conftest import Caller

EXCLUDED = "sensor.secret_power"


@pytest.fixture
def recorder_config() -> dict[str, Any]:
    """Exclude one entity from recording."""
    return {"exclude": {"entities": [EXCLUDED]}}


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Any, enable_custom_integrations: None
) -> None:
    """The recorder must be set up before the hass fixture (phacc requirement)."""


async def test_excluded_entity_is_named(hass: HomeAssistant, admin: Caller) -> None:
    hass.states.async_set(EXCLUDED, "100")
    hass.states.async_set("sensor.recorded_power", "5")
    await async_wait_recording_done(hass)

    response = await admin.call(
        "ha_get_history",
        {"entity_ids": [EXCLUDED, "sensor.recorded_power"], "start": "-1h"},
    )
    assert response.status == HTTPStatus.OK
    result = response.body["result"]
    assert result["not_recorded"] == [EXCLUDED]
    assert result["entities"][EXCLUDED] == []
    assert [row["state"] for row in result["entities"]["sensor.recorded_power"]] == [
        "5"
    ]
