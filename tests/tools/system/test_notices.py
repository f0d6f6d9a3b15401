"""Repairs and persistent notifications, as Home Assistant holds them."""

from __future__ import annotations

from http import HTTPStatus

from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ...conftest import Caller


async def test_repairs_are_listed_translated(
    hass: HomeAssistant, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    ir.async_create_issue(
        hass,
        "homeassistant",
        "country_not_configured",
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="country_not_configured",
        learn_more_url="homeassistant://config/general",
    )
    ir.async_create_issue(
        hass,
        "homeassistant",
        "storage_corruption",
        is_fixable=True,
        severity=ir.IssueSeverity.CRITICAL,
        translation_key="storage_corruption",
        translation_placeholders={"storage_key": "core.area_registry"},
    )
    ir.async_ignore_issue(hass, "homeassistant", "storage_corruption", True)
    listed = (await admin.ok("ha_list_repairs"))["repairs"]
    assert [
        {
            key: repair[key]
            for key in ("domain", "issue_id", "severity", "fixable", "title")
        }
        for repair in listed
    ] == [
        {
            "domain": "homeassistant",
            "issue_id": "country_not_configured",
            "severity": "warning",
            "fixable": False,
            "title": "The country has not been configured",
        }
    ]
    assert listed[0]["learn_more_url"] == "homeassistant://config/general"
    assert listed[0]["description"].startswith("No country has been configured")
    everything = (await admin.ok("ha_list_repairs", {"include_ignored": True}))[
        "repairs"
    ]
    ignored = next(repair for repair in everything if repair["ignored"])
    assert (ignored["title"], ignored["severity"], ignored["fixable"]) == (
        "Storage corruption detected for core.area_registry",
        "critical",
        True,
    )


async def test_notifications_listed_and_dismissed(
    hass: HomeAssistant, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    assert await async_setup_component(hass, "persistent_notification", {})
    persistent_notification.async_create(
        hass, "The back door battery is low", title="Battery", notification_id="battery"
    )
    persistent_notification.async_create(hass, "Update ready", notification_id="update")
    listed = (await admin.ok("ha_list_notifications"))["notifications"]
    assert [
        (notice["notification_id"], notice["title"], notice["message"])
        for notice in listed
    ] == [
        ("battery", "Battery", "The back door battery is low"),
        ("update", None, "Update ready"),
    ]
    assert await admin.ok(
        "ha_dismiss_notification", {"notification_id": "battery"}
    ) == {"dismissed": "battery"}
    assert [
        notice["notification_id"]
        for notice in (await admin.ok("ha_list_notifications"))["notifications"]
    ] == ["update"]
    assert (
        await admin.refused(
            "ha_dismiss_notification",
            {"notification_id": "updat"},
            HTTPStatus.NOT_FOUND,
        )
        == "notification updat not found; did you mean update?"
    )
