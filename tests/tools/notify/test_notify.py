"""ha_send_notification to a demo notify entity, a notify action and the sidebar."""

from __future__ import annotations

from http import HTTPStatus
from unittest.mock import patch

from homeassistant.components import persistent_notification
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from ...conftest import Caller


@pytest.fixture
async def notify(hass: HomeAssistant) -> None:
    """The demo's notify entity, and the sidebar's notifications."""
    assert await async_setup_component(hass, "homeassistant", {})
    with patch(
        "homeassistant.components.demo.COMPONENTS_WITH_CONFIG_ENTRY_DEMO_PLATFORM",
        [Platform.NOTIFY],
    ):
        assert await async_setup_component(hass, "demo", {})
    assert await async_setup_component(hass, "persistent_notification", {})
    await hass.async_block_till_done()


async def test_a_persistent_notification_appears(
    hass: HomeAssistant, notify, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    sent = await admin.ok(
        "ha_send_notification", {"message": "Dinner is ready", "title": "Kitchen"}
    )
    assert sent["action"] == "persistent_notification.create"
    notifications = persistent_notification._async_get_or_create_notifications(hass)
    notice = notifications[sent["notification_id"]]
    assert (notice["title"], notice["message"]) == ("Kitchen", "Dinner is ready")


async def test_a_notify_entity_and_a_notify_action(
    hass: HomeAssistant, notify, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    delivered = async_capture_events(hass, "notify")
    assert await admin.ok(
        "ha_send_notification",
        {"message": "Door open", "title": "Alarm", "target": "notify.notifier"},
    ) == {"sent_to": "notify.notifier", "action": "notify.send_message"}
    await hass.async_block_till_done()
    assert [event.data for event in delivered] == [
        {"message": "Door open", "title": "Alarm"}
    ]
    # A legacy notify action (as mobile_app registers one per phone).
    calls: list[ServiceCall] = []

    async def phone(call: ServiceCall) -> None:
        calls.append(call)

    hass.services.async_register("notify", "mobile_app_pixel", phone)
    await admin.ok(
        "ha_send_notification", {"message": "Hi", "target": "mobile_app_pixel"}
    )
    assert [call.data["message"] for call in calls] == ["Hi"]
    missing = await admin.refused(
        "ha_send_notification",
        {"message": "Hi", "target": "mobile_app_pixle"},
        HTTPStatus.NOT_FOUND,
    )
    assert missing == (
        "notification target mobile_app_pixle not found; did you mean mobile_app_pixel?"
    )
