"""ha_set_value, ha_select_option and ha_press_button on the demo's number, text,
select, button, date and time entities."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any
from unittest.mock import patch

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest

from ...conftest import Caller


@pytest.fixture
async def demo(hass: HomeAssistant) -> None:
    """Demo value entities only."""
    assert await async_setup_component(hass, "homeassistant", {})
    platforms = [
        Platform.NUMBER,
        Platform.SELECT,
        Platform.TEXT,
        Platform.BUTTON,
        Platform.DATE,
        Platform.TIME,
    ]
    with patch(
        "homeassistant.components.demo.COMPONENTS_WITH_CONFIG_ENTRY_DEMO_PLATFORM",
        platforms,
    ):
        assert await async_setup_component(hass, "demo", {})
        await hass.async_block_till_done()


async def call(caller: Caller, tool: str, **arguments: Any) -> Any:
    return await caller.call(tool, arguments)


async def test_values(hass: HomeAssistant, demo, admin: Caller) -> None:
    done = await call(admin, "ha_set_value", entity_id="number.volume", value=55)
    assert done.body["result"]["outcome"] == "done"
    assert float(hass.states.get("number.volume").state) == 55
    too_big = await call(admin, "ha_set_value", entity_id="number.volume", value=150)
    assert too_big.status == HTTPStatus.BAD_REQUEST
    assert "accepts 0.0-100.0" in too_big.body["error"]["message"]

    await call(admin, "ha_set_value", entity_id="text.text", value="Good night")
    assert hass.states.get("text.text").state == "Good night"
    upper = await call(
        admin,
        "ha_set_value",
        entity_id="text.text_with_only_lower_case_characters",
        value="ABC",
    )
    assert upper.status == HTTPStatus.BAD_REQUEST
    assert "only takes text matching" in upper.body["error"]["message"]

    date = await call(admin, "ha_set_value", entity_id="date.date", value="2026-11-28")
    assert date.body["result"]["outcome"] == "done"
    assert hass.states.get("date.date").state == "2026-11-28"
    # A short time is read as HA reads it, and the change is seen as done.
    short = await call(admin, "ha_set_value", entity_id="time.time", value="7:30")
    assert short.body["result"]["outcome"] == "done", short.body
    assert hass.states.get("time.time").state == "07:30:00"
    not_a_time = await call(admin, "ha_set_value", entity_id="time.time", value="7h")
    assert not_a_time.status == HTTPStatus.BAD_REQUEST
    assert not_a_time.body["error"]["field"] == "value"
    late = await call(admin, "ha_set_value", entity_id="date.date", value="2026-2-30")
    assert late.status == HTTPStatus.BAD_REQUEST


async def test_select_and_button(hass: HomeAssistant, demo, admin: Caller) -> None:
    selected = await call(
        admin, "ha_select_option", entity_id="select.speed", option="light_speed"
    )
    assert selected.body["result"]["outcome"] == "done"
    assert hass.states.get("select.speed").state == "light_speed"

    pressed = await call(admin, "ha_press_button", entity_id="button.push")
    assert pressed.body["result"]["outcome"] == "done"
    assert hass.states.get("button.push").state != "unknown"
