"""Every tool against every kind of caller, checked against a written table.

``PERMISSIONS`` (tests/permissions.py) is the reviewed permission of every tool:
its category, whether only administrators may use it, and whether it reads,
writes or destroys. The registry must match it exactly, so adding a tool or
changing its flags is a visible change to that table. Then: no token gets 401
(Home Assistant's own answer, checked once over all tools), a non-admin gets 403
exactly for the tools the table marks admin-only, and an admin always gets past
the policy (to validation of the empty arguments, or a result).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.ha_openapi.const import CONF_FILE_ACCESS, ToolCategory
from custom_components.ha_openapi.framework.actions import ActionSchema
from custom_components.ha_openapi.framework.tool import TOOLS, Tool

from .conftest import Caller
from .permissions import (
    ACTIONS,
    ADDON_TOOLS,
    DESTROYS,
    FILE_ACCESS,
    PERMISSIONS,
    READ_FILES,
    READS,
    TOOL_NAMES,
    WRITE_FILES,
    WRITES,
)


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
    needs_files = {
        tool.name: str(tool.file_access) for tool in TOOLS if tool.file_access
    }
    assert needs_files == FILE_ACCESS


def test_actions_match_the_action_table() -> None:
    registered = {
        tool.name: {
            name: DESTROYS if action.destructive else WRITES
            for name, action in tool.parameters.actions.items()
        }
        for tool in TOOLS
        if isinstance(tool.parameters, ActionSchema)
    }
    assert registered == ACTIONS


def assert_past_policy(response_status: int, body: dict, tool: str) -> None:
    """The call reached validation or the handler, so policy let the caller through."""
    assert body["tool"] == tool
    if response_status == HTTPStatus.OK:
        assert body["ok"] is True
    elif response_status == HTTPStatus.SERVICE_UNAVAILABLE:
        # Past policy, stopped by a missing dependency (no recorder in these tests).
        assert body["error"]["code"] == "unavailable"
        # The test instance writes no log file.
        assert TOOLS.get(tool).requires_components or tool == "ha_get_error_log"
    else:
        assert response_status == HTTPStatus.BAD_REQUEST, body
        assert body["error"]["code"] == "invalid_arguments"


async def test_no_token_is_401(anonymous: Caller) -> None:
    for tool in TOOL_NAMES:
        response = await anonymous.call(tool, {})
        assert response.status == HTTPStatus.UNAUTHORIZED, tool


async def test_an_invalid_token_is_401(
    hass_client: Any, setup_integration: MockConfigEntry
) -> None:
    # Home Assistant's own answer, before any of the integration's code runs.
    forged = Caller(await hass_client("not-a-token"))
    for tool in TOOL_NAMES:
        response = await forged.call(tool, {})
        assert response.status == HTTPStatus.UNAUTHORIZED, tool


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
    if tool in ADDON_TOOLS:
        # No Supervisor in the tests: not available on this installation.
        assert response.status == HTTPStatus.NOT_FOUND
        assert response.body["error"]["message"].startswith(
            f"{tool} is not available here: add-ons need the Supervisor"
        )
    elif tool in FILE_ACCESS:
        # File access is off until the owner switches it on.
        assert response.status == HTTPStatus.FORBIDDEN
        assert response.body["error"]["message"] == (
            f"{tool} is switched off: file access is off in the HA OpenAPI options"
        )
    else:
        assert_past_policy(response.status, response.body, tool)


@pytest.mark.parametrize(
    ("level", "allowed"),
    [
        ("read_only", {READ_FILES}),
        ("read_write", {READ_FILES, WRITE_FILES}),
    ],
)
async def test_file_access_levels(
    hass, setup_integration, admin: Caller, level: str, allowed: set[str]
) -> None:
    hass.config_entries.async_update_entry(
        setup_integration,
        options={**setup_integration.options, CONF_FILE_ACCESS: level},
    )
    await hass.async_block_till_done()
    health = (await admin.get("health")).body["tools"]["switched_off"]
    paths = (await admin.get("openapi.json")).body["paths"]
    for tool, needed in FILE_ACCESS.items():
        response = await admin.call(tool, {})
        if needed in allowed:
            assert_past_policy(response.status, response.body, tool)
            assert f"/{tool}" in paths
            assert tool not in health
        else:
            assert response.status == HTTPStatus.FORBIDDEN, tool
            reason = f"{tool} is switched off: file access is read-only in the HA OpenAPI options"
            assert response.body["error"]["message"] == reason
            assert health[tool] == reason
            assert f"/{tool}" not in paths


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
