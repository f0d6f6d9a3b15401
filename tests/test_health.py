"""GET /api/ha_openapi/health: real versions, counts and checks."""

from __future__ import annotations

from http import HTTPStatus

from homeassistant.const import __version__ as HA_VERSION
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .conftest import Caller
from .permissions import ADDON_TOOLS, ADMIN_ONLY, PERMISSIONS, READ_ONLY


async def test_health_reports_versions_and_tools(admin: Caller) -> None:
    response = await admin.get("health")
    assert response.status == HTTPStatus.OK
    report = response.body
    # No recorder in this test: the tools that need it are listed, the rest work.
    assert report["status"] == "degraded"
    assert report["tools"]["unavailable"] == [
        "ha_converse",
        "ha_create_backup",
        "ha_dismiss_notification",
        "ha_get_automation",
        "ha_get_calendar_events",
        "ha_get_camera_image",
        "ha_get_dashboard",
        "ha_get_energy",
        "ha_get_history",
        "ha_get_logbook",
        "ha_get_scene",
        "ha_get_script",
        "ha_get_statistics",
        "ha_get_system_health",
        "ha_get_system_log",
        "ha_get_trace",
        "ha_list_automations",
        "ha_list_backups",
        "ha_list_blueprints",
        "ha_list_conversation_agents",
        "ha_list_dashboards",
        "ha_list_notifications",
        "ha_list_resources",
        "ha_list_scenes",
        "ha_list_scripts",
        "ha_list_traces",
        "ha_manage_automation",
        "ha_manage_calendar_event",
        "ha_manage_card",
        "ha_manage_dashboard",
        "ha_manage_resource",
        "ha_manage_scene",
        "ha_manage_script",
        "ha_manage_view",
        "ha_patch_dashboard",
        "ha_save_dashboard_config",
        "ha_set_automation_enabled",
        "ha_trigger_automation",
    ]
    assert report["home_assistant_version"] == HA_VERSION
    assert report["integration_version"] == "0.1.0"
    assert report["tools"]["total"] == len(PERMISSIONS) == 112
    assert report["tools"]["by_category"] == {
        "states": 4,
        "services": 3,
        "registry": 11,
        "history": 4,
        "control": 24,
        "dashboards": 9,
        "automations": 8,
        "scripts": 3,
        "scenes": 3,
        "helpers": 2,
        "system": 19,
        "changes": 2,
        "templates": 1,
        "assist": 2,
        "notifications": 1,
        "calendars": 6,
        "cameras": 1,
        "files": 7,
        "catalogue": 2,
    }
    # File access is off by default: the file tools are switched off, and say why.
    assert report["tools"]["switched_off"] == {
        tool: f"{tool} is switched off: file access is off in the HA OpenAPI options"
        for tool in (
            "ha_list_files",
            "ha_read_file",
            "ha_search_files",
            "ha_write_file",
            "ha_manage_file",
            "ha_get_yaml",
            "ha_set_yaml_key",
        )
    }
    # No Supervisor here: the add-on tools are not offered, and the report says why.
    assert report["tools"]["not_supported"] == dict.fromkeys(
        ADDON_TOOLS,
        "add-ons need the Supervisor (Home Assistant OS or a Supervised installation); "
        "this installation has none",
    )
    assert report["tools"]["usable_by_caller"] == 101
    assert report["checks"]["entity_exposure"]["ok"] is True


async def test_health_reports_missing_dependencies(admin: Caller) -> None:
    checks = (await admin.get("health")).body["checks"]
    assert checks["lovelace"] == {"ok": False, "detail": "lovelace is not loaded"}
    assert checks["recorder"] == {"ok": False, "detail": "the recorder is not running"}


@pytest.fixture
async def lovelace(hass: HomeAssistant) -> None:
    """Lovelace loaded (before any test client freezes the router)."""
    assert await async_setup_component(hass, "lovelace", {})


async def test_health_sees_loaded_dependencies(lovelace, admin: Caller) -> None:
    checks = (await admin.get("health")).body["checks"]
    assert checks["lovelace"]["ok"] is True
    assert "resources in storage mode" in checks["lovelace"]["detail"]


async def test_health_counts_tools_for_the_caller(
    hass: HomeAssistant, setup_integration: MockConfigEntry, non_admin: Caller
) -> None:
    from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
    from custom_components.ha_openapi.const import CONF_READ_ONLY

    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_READ_ONLY: True}
    )
    await hass.async_block_till_done()
    report = (await non_admin.get("health")).body
    # The read-only tools, and ha_call_tool (whose target's own mode applies).
    assert report["tools"]["usable_by_caller"] == len(READ_ONLY - ADMIN_ONLY) + 1 == 26


async def test_health_when_not_loaded(
    hass: HomeAssistant, setup_integration: MockConfigEntry, admin: Caller
) -> None:
    await hass.config_entries.async_unload(setup_integration.entry_id)
    response = await admin.get("health")
    assert response.status == HTTPStatus.SERVICE_UNAVAILABLE
    assert set(response.body) == {"ok", "tool", "request_id", "error"}
    assert response.body["tool"] == "health"
    assert response.body["error"]["code"] == "unavailable"
    assert "not set up, or is disabled" in response.body["error"]["message"]


async def test_health_needs_a_token(anonymous: Caller) -> None:
    assert (await anonymous.get("health")).status == HTTPStatus.UNAUTHORIZED
