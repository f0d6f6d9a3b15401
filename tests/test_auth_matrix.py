"""Every tool against every kind of caller, checked against a written table.

``PERMISSIONS`` is the reviewed permission of every tool: its category, whether
only administrators may use it, and whether it reads, writes or destroys. The
registry must match it exactly, so adding a tool or changing its flags is a
visible change to this table. Then: no token gets 401, a non-admin gets 403
exactly for the tools the table marks admin-only, and an admin always gets past
the policy (to validation of the empty arguments, or a result).
"""

from __future__ import annotations

from http import HTTPStatus

import pytest
import voluptuous as vol

from custom_components.ha_openapi.const import ToolCategory
from custom_components.ha_openapi.framework.tool import TOOLS, Tool

from .conftest import Caller

ADMIN, ANYONE = True, False
READS, WRITES, DESTROYS = "reads", "writes", "destroys"

PERMISSIONS: dict[str, tuple[str, bool, str]] = {
    "ha_get_states": ("states", ANYONE, READS),
    "ha_search_entities": ("states", ANYONE, READS),
    "ha_get_home_overview": ("states", ANYONE, READS),
    "ha_call_service": ("services", ANYONE, WRITES),
    "ha_list_services": ("services", ANYONE, READS),
    "ha_describe_service": ("services", ANYONE, READS),
    "ha_list_areas": ("registry", ANYONE, READS),
    "ha_list_floors": ("registry", ANYONE, READS),
    "ha_list_labels": ("registry", ANYONE, READS),
    "ha_list_devices": ("registry", ANYONE, READS),
    "ha_get_device": ("registry", ANYONE, READS),
    "ha_list_integrations": ("registry", ADMIN, READS),
    "ha_update_entity": ("registry", ADMIN, WRITES),
    "ha_update_device": ("registry", ADMIN, WRITES),
    "ha_create_area": ("registry", ADMIN, WRITES),
    "ha_update_area": ("registry", ADMIN, WRITES),
    "ha_delete_area": ("registry", ADMIN, DESTROYS),
    "ha_create_floor": ("registry", ADMIN, WRITES),
    "ha_update_floor": ("registry", ADMIN, WRITES),
    "ha_delete_floor": ("registry", ADMIN, DESTROYS),
    "ha_create_label": ("registry", ADMIN, WRITES),
    "ha_update_label": ("registry", ADMIN, WRITES),
    "ha_delete_label": ("registry", ADMIN, DESTROYS),
    "ha_get_history": ("history", ANYONE, READS),
    "ha_get_logbook": ("history", ANYONE, READS),
    "ha_get_statistics": ("history", ANYONE, READS),
    "ha_control_light": ("control", ANYONE, WRITES),
    "ha_control_switch": ("control", ANYONE, WRITES),
    "ha_control_fan": ("control", ANYONE, WRITES),
    "ha_control_cover": ("control", ANYONE, WRITES),
    "ha_control_climate": ("control", ANYONE, WRITES),
    "ha_control_lock": ("control", ANYONE, WRITES),
    "ha_control_media_player": ("control", ANYONE, WRITES),
    "ha_control_vacuum": ("control", ANYONE, WRITES),
    "ha_control_lawn_mower": ("control", ANYONE, WRITES),
    "ha_control_valve": ("control", ANYONE, WRITES),
    "ha_control_humidifier": ("control", ANYONE, WRITES),
    "ha_control_water_heater": ("control", ANYONE, WRITES),
    "ha_control_siren": ("control", ANYONE, WRITES),
    "ha_control_alarm_panel": ("control", ANYONE, WRITES),
    "ha_control_remote": ("control", ANYONE, WRITES),
    # Home Assistant shows updates to administrators only.
    "ha_install_update": ("control", ADMIN, WRITES),
    "ha_press_button": ("control", ANYONE, WRITES),
    "ha_set_value": ("control", ANYONE, WRITES),
    "ha_select_option": ("control", ANYONE, WRITES),
    "ha_set_boolean": ("control", ANYONE, WRITES),
    "ha_activate_scene": ("control", ANYONE, WRITES),
    "ha_run_script": ("control", ANYONE, WRITES),
    # An event can trigger any automation; HA's own events are refused anyway.
    "ha_fire_event": ("control", ADMIN, WRITES),
    "ha_bulk_control": ("control", ANYONE, WRITES),
}
TOOL_NAMES = list(PERMISSIONS)


def test_registry_matches_the_permission_table() -> None:
    registered = {
        tool.name: (
            str(tool.category),
            tool.requires_admin,
            READS if tool.read_only else DESTROYS if tool.destructive else WRITES,
        )
        for tool in TOOLS
    }
    assert registered == PERMISSIONS


def assert_past_policy(response_status: int, body: dict, tool: str) -> None:
    """The call reached validation or the handler, so policy let the caller through."""
    assert body["tool"] == tool
    if response_status == HTTPStatus.OK:
        assert body["ok"] is True
    elif response_status == HTTPStatus.SERVICE_UNAVAILABLE:
        # Past policy, stopped by a missing dependency (no recorder in these tests).
        assert body["error"]["code"] == "unavailable"
        assert TOOLS.get(tool).requires_components
    else:
        assert response_status == HTTPStatus.BAD_REQUEST, body
        assert body["error"]["code"] == "invalid_arguments"


@pytest.mark.parametrize("tool", TOOL_NAMES)
async def test_no_token_is_401(anonymous: Caller, tool: str) -> None:
    response = await anonymous.call(tool, {})
    assert response.status == HTTPStatus.UNAUTHORIZED


@pytest.mark.parametrize("tool", TOOL_NAMES)
async def test_non_admin(non_admin: Caller, tool: str) -> None:
    response = await non_admin.call(tool, {})
    _, admin_only, _ = PERMISSIONS[tool]
    if admin_only:
        assert response.status == HTTPStatus.FORBIDDEN
        assert response.body["error"]["code"] == "forbidden"
    else:
        assert_past_policy(response.status, response.body, tool)


@pytest.mark.parametrize("tool", TOOL_NAMES)
async def test_admin(admin: Caller, tool: str) -> None:
    response = await admin.call(tool, {})
    assert_past_policy(response.status, response.body, tool)


async def test_admin_only_tool_is_hidden_and_refused_for_non_admins(
    hass_admin_user, register_tool, admin: Caller, non_admin: Caller
) -> None:
    async def whoami(call, args):
        return {"user": call.user.name}

    register_tool(
        Tool(
            name="ha_test_admin_only",
            description="Test tool that only administrators may use.",
            category=ToolCategory.STATES,
            parameters=vol.Schema({}),
            result={"type": "object"},
            handler=whoami,
            read_only=True,
            requires_admin=True,
        )
    )

    refused = await non_admin.call("ha_test_admin_only")
    assert refused.status == HTTPStatus.FORBIDDEN
    assert (
        "only available to Home Assistant administrators"
        in refused.body["error"]["message"]
    )
    assert (
        "/ha_test_admin_only" not in (await non_admin.get("openapi.json")).body["paths"]
    )

    allowed = await admin.call("ha_test_admin_only")
    assert allowed.status == HTTPStatus.OK
    assert allowed.body["result"] == {"user": hass_admin_user.name}
    assert "/ha_test_admin_only" in (await admin.get("openapi.json")).body["paths"]
