"""The tools as a Home Assistant LLM API, through HA's own llm helper and MCP server."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from homeassistant.components.homeassistant.exposed_entities import (
    async_expose_entity,
)
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import llm
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_capture_events,
)

from custom_components.ha_openapi.const import EVENT_TOOL_CALLED

from .conftest import Caller
from .permissions import ADDON_TOOLS, ADMIN_ONLY, COMPACT_ONLY, FILE_ACCESS, PERMISSIONS

# Not offered to models: an image has no place in an LLM's text.
BINARY_TOOLS = {"ha_get_camera_image"}
# What an administrator's agent gets with default options: no file tools (file
# access is off), no add-on tools (no Supervisor here).
ADMIN_TOOLS = (
    PERMISSIONS.keys()
    - FILE_ACCESS.keys()
    - set(ADDON_TOOLS)
    - BINARY_TOOLS
    - COMPACT_ONLY
)
USER_TOOLS = PERMISSIONS.keys() - ADMIN_ONLY - BINARY_TOOLS - COMPACT_ONLY
HAS_TOOL_RESULT = hasattr(llm, "ToolResult")


def llm_context(user_id: str | None) -> llm.LLMContext:
    return llm.LLMContext(
        platform="test",
        context=Context(user_id=user_id),
        language="en",
        assistant="conversation",
        device_id=None,
    )


async def api_for(hass: HomeAssistant, user_id: str | None) -> llm.APIInstance:
    return await llm.async_get_api(hass, "ha_openapi", llm_context(user_id))


async def call(instance: llm.APIInstance, tool: str, **arguments: Any) -> Any:
    """Call a tool; return the envelope and whether HA was told it failed."""
    result = await instance.async_call_tool(llm.ToolInput(tool, arguments))
    if HAS_TOOL_RESULT:
        return result.data, result.error
    return result, result["ok"] is False


async def test_tools_follow_the_callers_permissions(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    hass_admin_user: MockUser,
    hass_read_only_user: MockUser,
) -> None:
    admin = await api_for(hass, hass_admin_user.id)
    assert {tool.name for tool in admin.tools} == ADMIN_TOOLS
    user = await api_for(hass, hass_read_only_user.id)
    assert {tool.name for tool in user.tools} == USER_TOOLS
    with pytest.raises(HomeAssistantError, match='Tool "ha_fire_event" not found'):
        await user.async_call_tool(llm.ToolInput("ha_fire_event", {"event_type": "x"}))


async def test_calls_take_the_dispatchers_path(
    hass: HomeAssistant,
    lights,
    setup_integration: MockConfigEntry,
    hass_admin_user: MockUser,
) -> None:
    events = async_capture_events(hass, EVENT_TOOL_CALLED)
    conversation = llm_context(hass_admin_user.id)
    instance = await llm.async_get_api(hass, "ha_openapi", conversation)

    envelope, failed = await call(
        instance, "ha_get_states", entity_ids=["light.kitchen_lights"]
    )
    assert failed is False
    (state,) = envelope["result"]["states"]
    assert state["state"] == hass.states.get("light.kitchen_lights").state

    envelope, failed = await call(
        instance, "ha_get_states", entity_ids=["light.kitchn_lights"]
    )
    assert failed is True
    assert envelope["error"]["code"] == "not_found"
    assert "light.kitchen_lights" in envelope["error"]["suggestions"]

    envelope, failed = await call(
        instance,
        "ha_control_light",
        entity_id="light.ceiling_lights",
        action="off",
    )
    assert failed is False, envelope
    changed = hass.states.get("light.ceiling_lights")
    assert changed.state == "off"
    # The action ran in the call's own context, a child of the conversation's
    # whose id is the request id; the audit event is fired in it too.
    assert changed.context.id == envelope["request_id"]
    assert changed.context.parent_id == conversation.context.id
    assert changed.context.user_id == hass_admin_user.id
    assert [event.data["tool"] for event in events] == [
        "ha_get_states",
        "ha_control_light",
    ]
    assert events[-1].context.id == envelope["request_id"]
    assert events[-1].context.parent_id == conversation.context.id
    assert events[-1].data["user_id"] == hass_admin_user.id


async def test_a_context_without_a_user_sees_only_exposed_entities(
    hass: HomeAssistant, lights, setup_integration: MockConfigEntry
) -> None:
    async_expose_entity(hass, "conversation", "light.bed_light", False)
    async_expose_entity(hass, "conversation", "light.kitchen_lights", True)
    instance = await api_for(hass, None)
    assert {tool.name for tool in instance.tools} == USER_TOOLS

    envelope, failed = await call(
        instance, "ha_get_states", entity_ids=["light.bed_light"]
    )
    assert failed is True
    assert envelope["error"]["code"] == "not_found"

    envelope, failed = await call(
        instance,
        "ha_control_light",
        entity_id="light.kitchen_lights",
        action="off",
    )
    assert failed is False, envelope
    changed = hass.states.get("light.kitchen_lights")
    assert changed.state == "off"
    assert changed.context.user_id is None


@pytest.mark.skipif(not HAS_TOOL_RESULT, reason="annotations came with HA 2026.10")
async def test_annotations_follow_the_tool_flags(
    hass: HomeAssistant, setup_integration: MockConfigEntry, hass_admin_user: MockUser
) -> None:
    tools = {
        tool.name: tool for tool in (await api_for(hass, hass_admin_user.id)).tools
    }
    assert tools["ha_get_states"].annotations == llm.ToolAnnotations(
        read_only=True, destructive=False, idempotent=True, open_world=False
    )
    assert tools["ha_manage_automation"].annotations == llm.ToolAnnotations(
        read_only=False, destructive=True, idempotent=False, open_world=False
    )
    assert tools["ha_control_light"].annotations == llm.ToolAnnotations(
        read_only=False, destructive=False, idempotent=False, open_world=False
    )
    assert tools["ha_get_states"].integration == "ha_openapi"
    assert tools["ha_get_states"].title == "Get states"


async def test_registered_while_loaded(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    def registered() -> list[str]:
        return [api.id for api in llm.async_get_apis(hass) if api.id == "ha_openapi"]

    assert registered() == ["ha_openapi"]
    assert await hass.config_entries.async_unload(setup_integration.entry_id)
    assert registered() == []
    assert await hass.config_entries.async_setup(setup_integration.entry_id)
    assert registered() == ["ha_openapi"]


def keys_in(node: Any) -> list[str]:
    """Every key of every object inside ``node``."""
    if isinstance(node, dict):
        return [*node, *(key for value in node.values() for key in keys_in(value))]
    if isinstance(node, list):
        return [key for value in node for key in keys_in(value)]
    return []


@pytest.fixture
async def mcp_server(hass: HomeAssistant, setup_integration: MockConfigEntry) -> None:
    """HA's MCP server serving this API (set up before a test client freezes the router)."""
    entry = MockConfigEntry(domain="mcp_server", data={"llm_hass_api": ["ha_openapi"]})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def test_home_assistants_mcp_server_lists_and_calls_the_tools(
    hass: HomeAssistant, lights, mcp_server, admin: Caller
) -> None:
    async def rpc(method: str, params: dict[str, Any] | None = None) -> Any:
        response = await admin.client.post(
            "/api/mcp",
            json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params or {}},
            headers={"Accept": "application/json, text/event-stream"},
        )
        assert response.status == HTTPStatus.OK, await response.text()
        return (await response.json())["result"]

    tools = (await rpc("tools/list"))["tools"]
    assert {tool["name"] for tool in tools} == ADMIN_TOOLS
    # As HA converted them: objects, and nothing strict clients reject.
    for tool in tools:
        assert tool["inputSchema"]["type"] == "object", tool
        assert not {"exclusiveMinimum", "exclusiveMaximum"} & set(
            keys_in(tool["inputSchema"])
        ), tool["name"]
    ha_get_states = next(tool for tool in tools if tool["name"] == "ha_get_states")
    # A list of ids (OneOrMore's schema) survives HA's converter.
    assert ha_get_states["inputSchema"]["properties"]["entity_ids"]["type"] == "array"
    answer = await rpc(
        "tools/call",
        {"name": "ha_get_states", "arguments": {"entity_ids": ["light.bed_light"]}},
    )
    assert answer["isError"] is False
    assert '"entity_id":"light.bed_light"' in answer["content"][0]["text"].replace(
        " ", ""
    )


async def test_the_same_bad_call_fails_the_same_way_on_every_path(
    hass: HomeAssistant,
    lights,
    mcp_server,
    admin: Caller,
    hass_admin_user: MockUser,
) -> None:
    events = async_capture_events(hass, EVENT_TOOL_CALLED)
    arguments = {"entity_ids": ["light.kitchn_lights"]}

    over_http = await admin.call("ha_get_states", arguments)
    through_call_tool = await admin.call(
        "ha_call_tool", {"name": "ha_get_states", "arguments": arguments}
    )
    instance = await api_for(hass, hass_admin_user.id)
    through_llm_api, failed = await call(instance, "ha_get_states", **arguments)
    mcp = await admin.client.post(
        "/api/mcp",
        json={
            "jsonrpc": "2.0",
            "id": 1,
            "method": "tools/call",
            "params": {"name": "ha_get_states", "arguments": arguments},
        },
        headers={"Accept": "application/json, text/event-stream"},
    )
    through_mcp = (await mcp.json())["result"]

    for envelope in (over_http.body, through_call_tool.body, through_llm_api):
        assert envelope["ok"] is False
        assert envelope["tool"] == "ha_get_states"
        assert envelope["error"]["code"] == "not_found"
        assert envelope["error"]["suggestions"][0] == "light.kitchen_lights"
    assert over_http.status == through_call_tool.status == HTTPStatus.NOT_FOUND
    assert failed is True
    # Before 2026.10 a tool cannot tell HA it failed (no ToolResult): the MCP
    # client gets the same failed envelope, not flagged as an error.
    assert through_mcp["isError"] is HAS_TOOL_RESULT
    assert '"code":"not_found"' in through_mcp["content"][0]["text"].replace(" ", "")
    # Each refused call is audited once, under the tool's own name.
    assert [(event.data["tool"], event.data["outcome"]) for event in events] == [
        ("ha_get_states", "not_found")
    ] * 4
