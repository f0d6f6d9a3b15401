"""Diagnostics: options, tools and call counts, with nothing secret in them."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS

from .conftest import Caller
from .permissions import PERMISSIONS


@pytest.fixture
async def diagnostics(hass: HomeAssistant) -> None:
    """The diagnostics integration (set up before any test client freezes the router)."""
    assert await async_setup_component(hass, "diagnostics", {})


async def test_diagnostics_count_calls_without_secrets(
    diagnostics,
    hass: HomeAssistant,
    hass_client: Any,
    hass_access_token: str,
    hass_admin_user,
    setup_integration: MockConfigEntry,
    admin: Caller,
    booleans,
) -> None:
    await admin.call("ha_get_states", {"entity_ids": ["input_boolean.kitchen"]})
    await admin.call("ha_get_states", {"entity_ids": ["input_boolean.kitchn"]})
    await admin.call("ha_call_service", {"domain": "nope", "service": "nope"})

    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, setup_integration
    )

    assert diagnostics["options"] == DEFAULT_OPTIONS
    assert diagnostics["tools"]["total"] == len(PERMISSIONS)
    assert diagnostics["calls"]["total"] == 3
    assert diagnostics["calls"]["by_tool"] == {"ha_get_states": 2, "ha_call_service": 1}
    assert diagnostics["calls"]["errors_by_code"] == {"not_found": 2}
    recent = diagnostics["calls"]["recent"]
    assert [(call["tool"], call["outcome"], call["status"]) for call in recent] == [
        ("ha_get_states", "success", 200),
        ("ha_get_states", "not_found", 404),
        ("ha_call_service", "not_found", 404),
    ]
    for call in recent:
        # A UTC time in ISO 8601, and a duration to a tenth of a millisecond.
        assert dt_util.parse_datetime(call["time"]).tzinfo == UTC
        assert (
            0
            <= dt_util.utcnow().timestamp()
            - dt_util.parse_datetime(call["time"]).timestamp()
            < 60
        )
        assert call["duration_ms"] == round(call["duration_ms"], 1) >= 0
        assert set(call) == {"time", "tool", "outcome", "status", "duration_ms"}
    text = str(diagnostics)
    assert hass_access_token not in text
    assert hass_admin_user.id not in text
    assert "input_boolean" not in text
