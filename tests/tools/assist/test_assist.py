"""ha_converse with Home Assistant's own agent and the demo's lights."""

from __future__ import annotations

from http import HTTPStatus
from unittest.mock import patch

from awesomeversion import AwesomeVersion
from homeassistant.const import Platform, __version__ as HA_VERSION
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.ignore_uncaught_exceptions import (
    IGNORE_UNCAUGHT_EXCEPTIONS,
)

from ...conftest import Caller

# Before 2026.10 Home Assistant's intent handler runs the refused action in a
# background task whose Unauthorized nobody retrieves (and reports success):
# the test harness would raise that exception at teardown.
if AwesomeVersion(HA_VERSION) < AwesomeVersion("2026.10.0"):
    IGNORE_UNCAUGHT_EXCEPTIONS.append(
        (__name__, "test_a_user_who_may_not_control_is_told_so")
    )


@pytest.fixture
async def assist(hass: HomeAssistant) -> None:
    """The demo's lights and Home Assistant's conversation agent."""
    assert await async_setup_component(hass, "homeassistant", {})
    with patch(
        "homeassistant.components.demo.COMPONENTS_WITH_CONFIG_ENTRY_DEMO_PLATFORM",
        [Platform.LIGHT],
    ):
        assert await async_setup_component(hass, "demo", {})
    assert await async_setup_component(hass, "conversation", {})
    assert await async_setup_component(hass, "intent", {})
    await hass.async_block_till_done()


async def test_the_default_agent_turns_a_light_on(
    hass: HomeAssistant,
    assist,
    hass_admin_user,
    admin: Caller,
    setup_integration: MockConfigEntry,
) -> None:
    assert hass.states.get("light.bed_light").state == "off"
    context_users: list[str | None] = []
    hass.bus.async_listen(
        "state_changed",
        lambda event: (
            context_users.append(event.context.user_id)
            if event.data["entity_id"] == "light.bed_light"
            else None
        ),
    )
    answer = await admin.ok("ha_converse", {"text": "turn on the bed light"})
    # The listener is a job of its own; let it run before reading what it saw.
    await hass.async_block_till_done()
    assert hass.states.get("light.bed_light").state == "on"
    assert context_users == [hass_admin_user.id]
    assert answer["response_type"] == "action_done"
    assert answer["success"] == [
        {"name": "Bed Light", "type": "entity", "id": "light.bed_light"}
    ]
    assert answer["speech"]
    assert answer["conversation_id"]
    agents = await admin.ok("ha_list_conversation_agents")
    assert agents["default"] == "conversation.home_assistant"
    assert "conversation.home_assistant" in [
        agent["agent_id"] for agent in agents["agents"]
    ]
    assert "conversation agent conversation.nope not found" in await admin.refused(
        "ha_converse",
        {"text": "hello", "agent_id": "conversation.nope"},
        HTTPStatus.NOT_FOUND,
    )


async def test_a_user_who_may_not_control_is_told_so(
    hass: HomeAssistant, assist, limited: Caller
) -> None:
    answer = await limited.ok("ha_converse", {"text": "turn on the bed light"})
    assert hass.states.get("light.bed_light").state == "off"
    assert answer["response_type"] == "error"
    assert answer["success"] == []
