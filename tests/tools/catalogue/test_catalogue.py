"""ha_find_tools and ha_call_tool over HTTP, and the compact catalogue option."""

from __future__ import annotations

from http import HTTPStatus
import json
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import llm
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_capture_events,
)

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import (
    CONF_COMPACT_CATALOGUE,
    CONF_READ_ONLY,
    EVENT_TOOL_CALLED,
)

from ...conftest import Caller
from ...permissions import CORE


async def set_options(
    hass: HomeAssistant, entry: MockConfigEntry, **options: Any
) -> None:
    hass.config_entries.async_update_entry(
        entry, options={**DEFAULT_OPTIONS, **options}
    )
    await hass.async_block_till_done()


async def test_find_tools_names_the_tool_with_its_schema(
    admin: Caller, non_admin: Caller
) -> None:
    found = await admin.ok(
        "ha_find_tools", {"task": "dim the kitchen lights", "limit": 3}
    )
    first = found["tools"][0]
    assert first["name"] == "ha_control_light"
    assert first["read_only"] is False
    assert "brightness_pct" in first["arguments"]["properties"]
    # limit is honoured when more tools match.
    assert (
        len((await admin.ok("ha_find_tools", {"task": "list", "limit": 3}))["tools"])
        == 3
    )
    # Only what the caller may use: restarting is for administrators.
    assert "ha_restart" in [
        tool["name"]
        for tool in (
            await admin.ok("ha_find_tools", {"task": "restart home assistant"})
        )["tools"]
    ]
    assert "ha_restart" not in [
        tool["name"]
        for tool in (
            await non_admin.ok("ha_find_tools", {"task": "restart home assistant"})
        )["tools"]
    ]
    assert (await admin.ok("ha_find_tools", {"task": "zzz qqq"})) == {"tools": []}


async def test_call_tool_answers_as_the_tool_itself(
    hass: HomeAssistant, lights, admin: Caller, non_admin: Caller
) -> None:
    events = async_capture_events(hass, EVENT_TOOL_CALLED)
    response = await admin.call(
        "ha_call_tool",
        {
            "name": "ha_control_light",
            "arguments": {"entity_id": "light.bed_light", "action": "on"},
        },
    )
    assert response.status == HTTPStatus.OK, response.body
    assert response.body["tool"] == "ha_control_light"
    assert hass.states.get("light.bed_light").state == "on"
    # Audited once, under the tool that ran.
    assert [event.data["tool"] for event in events] == ["ha_control_light"]

    # The target's own checks: a non-admin may not fire events.
    refused = await non_admin.call(
        "ha_call_tool", {"name": "ha_fire_event", "arguments": {"event_type": "x"}}
    )
    assert refused.status == HTTPStatus.FORBIDDEN
    assert refused.body["tool"] == "ha_fire_event"
    assert [event.data["tool"] for event in events][-1] == "ha_fire_event"
    # Bad arguments are the target's 400, an unknown tool a 404 with suggestions.
    invalid = await admin.call(
        "ha_call_tool", {"name": "ha_control_light", "arguments": {"entity_id": 5}}
    )
    assert invalid.status == HTTPStatus.BAD_REQUEST
    assert invalid.body["error"]["field"] == "entity_id"
    unknown = await admin.call("ha_call_tool", {"name": "ha_control_lihgt"})
    assert unknown.status == HTTPStatus.NOT_FOUND
    assert "ha_control_light" in unknown.body["error"]["suggestions"]
    assert await admin.refused(
        "ha_call_tool", {"name": "ha_call_tool"}, HTTPStatus.BAD_REQUEST
    ) == ("name: ha_call_tool runs other tools; name the tool itself")


async def test_read_only_mode_still_reaches_read_only_tools(
    hass: HomeAssistant, lights, setup_integration: MockConfigEntry, admin: Caller
) -> None:
    await set_options(hass, setup_integration, **{CONF_READ_ONLY: True})
    states = await admin.call(
        "ha_call_tool",
        {"name": "ha_get_states", "arguments": {"entity_ids": "light.bed_light"}},
    )
    assert states.status == HTTPStatus.OK
    assert states.body["result"]["states"][0]["entity_id"] == "light.bed_light"
    refused = await admin.call(
        "ha_call_tool",
        {
            "name": "ha_control_light",
            "arguments": {"entity_id": "light.bed_light", "action": "on"},
        },
    )
    assert refused.status == HTTPStatus.FORBIDDEN
    assert "read-only mode" in refused.body["error"]["message"]
    assert hass.states.get("light.bed_light").state == "off"


async def test_compact_catalogue_lists_the_core_and_reaches_the_rest(
    hass: HomeAssistant,
    lights,
    setup_integration: MockConfigEntry,
    admin: Caller,
    hass_admin_user: MockUser,
) -> None:
    await set_options(hass, setup_integration, **{CONF_COMPACT_CATALOGUE: True})
    spec = (await admin.get("openapi.json")).body
    assert set(spec["paths"]) == {f"/{name}" for name in CORE}
    instance = await llm.async_get_api(
        hass,
        "ha_openapi",
        llm.LLMContext(
            platform="test",
            context=None,
            language="en",
            assistant="conversation",
            device_id=None,
        ),
    )
    assert {tool.name for tool in instance.tools} == CORE
    # What a client sends a model for the compact catalogue: at most ~3,000 tokens.
    functions = [
        {
            "name": path.removeprefix("/"),
            "description": operation["post"]["description"],
            "parameters": operation["post"]["requestBody"]["content"][
                "application/json"
            ]["schema"],
        }
        for path, operation in spec["paths"].items()
    ]
    assert len(json.dumps(functions, separators=(",", ":"))) / 4 <= 3000
    # The rest is still there for who names it.
    await admin.ok("ha_control_light", {"entity_id": "light.bed_light", "action": "on"})
    assert hass.states.get("light.bed_light").state == "on"
