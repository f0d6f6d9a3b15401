"""Home Assistant's own LLM APIs (Assist) served as OpenAPI through the dispatcher."""

from __future__ import annotations

from http import HTTPStatus
from importlib.util import find_spec
from typing import Any
from unittest.mock import patch

from homeassistant.components.homeassistant.exposed_entities import (
    async_expose_entity,
)
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import llm
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import CONF_EXPOSED_ONLY, EVENT_TOOL_CALLED

from .conftest import Caller

BRIDGE = "llm/assist"


@pytest.fixture
async def assist(hass: HomeAssistant) -> None:
    """Demo lights, and Assist's API with its intents (registered by llm on 2026.10+)."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "intent", {})
    if find_spec("homeassistant.components.llm"):
        assert await async_setup_component(hass, "llm", {})
    with patch(
        "homeassistant.components.demo.COMPONENTS_WITH_CONFIG_ENTRY_DEMO_PLATFORM",
        [Platform.LIGHT],
    ):
        assert await async_setup_component(hass, "demo", {})
        await hass.async_block_till_done()
    async_expose_entity(hass, "conversation", "light.bed_light", True)
    async_expose_entity(hass, "conversation", "light.ceiling_lights", False)


async def post(caller: Caller, tool: str, arguments: dict[str, Any]) -> Any:
    return await caller.call(f"{BRIDGE}/{tool}", arguments)


async def named(caller: Caller, intent: str) -> str:
    """The tool of an intent as Assist names it (2026.10+: intent__HassTurnOn)."""
    paths = (await caller.get(f"{BRIDGE}/openapi.json")).body["paths"]
    (name,) = [
        path.removeprefix("/")
        for path in paths
        if path.removeprefix("/") in (intent, f"intent__{intent}")
    ]
    return name


async def test_assists_tools_as_a_spec(
    assist, admin: Caller, non_admin: Caller
) -> None:
    for caller in (admin, non_admin):
        response = await caller.get(f"{BRIDGE}/openapi.json")
        assert response.status == HTTPStatus.OK
        spec = response.body
        assert spec["servers"] == [{"url": "/api/ha_openapi/llm/assist"}]
        turn_on = await named(caller, "HassTurnOn")
        operation = spec["paths"][f"/{turn_on}"]["post"]
        assert operation["operationId"] == turn_on
        assert (
            "name"
            in operation["requestBody"]["content"]["application/json"]["schema"][
                "properties"
            ]
        )


async def test_a_call_acts_on_exposed_entities_and_is_audited(
    hass: HomeAssistant, assist, admin: Caller
) -> None:
    turn_off = await named(admin, "HassTurnOff")
    events = async_capture_events(hass, EVENT_TOOL_CALLED)
    response = await post(admin, turn_off, {"name": "Bed Light"})
    assert response.status == HTTPStatus.OK, response.body
    assert response.body["tool"] == turn_off
    assert hass.states.get("light.bed_light").state == "off"
    assert [event.data["tool"] for event in events] == [turn_off]
    # Assist's own rule: an entity not exposed to it is not found, nothing changes.
    before = hass.states.get("light.ceiling_lights").state
    hidden = await post(admin, turn_off, {"name": "Ceiling Lights"})
    assert hidden.status == HTTPStatus.NOT_FOUND, hidden.body
    assert hass.states.get("light.ceiling_lights").state == before
    # Arguments are checked against the tool's schema.
    invalid = await post(admin, turn_off, {"colour": "red"})
    assert invalid.status == HTTPStatus.BAD_REQUEST
    assert invalid.body["error"]["field"] == "colour"


async def test_unknown_apis_and_tools(assist, admin: Caller) -> None:
    unknown_api = await admin.get("llm/asist/openapi.json")
    assert unknown_api.status == HTTPStatus.NOT_FOUND
    assert unknown_api.body["error"]["suggestions"] == ["assist"]
    itself = await admin.get("llm/ha_openapi/openapi.json")
    assert itself.status == HTTPStatus.NOT_FOUND
    assert "call its tools at /api/ha_openapi" in itself.body["error"]["message"]
    turn_on = await named(admin, "HassTurnOn")
    unknown_tool = await post(admin, f"{turn_on}n", {})
    assert unknown_tool.status == HTTPStatus.NOT_FOUND
    assert turn_on in unknown_tool.body["error"]["suggestions"]


class ManagementApi(llm.API):
    """Stands in for Home Assistant 2026.11's admin-only management API."""

    async def async_get_api_instance(
        self, llm_context: llm.LLMContext
    ) -> llm.APIInstance:
        return llm.APIInstance(self, "", llm_context, [])


async def test_the_management_api_is_for_admins_and_not_under_exposure(
    hass: HomeAssistant,
    assist,
    setup_integration: MockConfigEntry,
    admin: Caller,
    non_admin: Caller,
) -> None:
    unregister = llm.async_register_api(
        hass, ManagementApi(hass=hass, id="homeassistant", name="Home Assistant")
    )
    try:
        assert (await admin.get("llm/homeassistant/openapi.json")).status == 200
        refused = await non_admin.get("llm/homeassistant/openapi.json")
        assert refused.status == HTTPStatus.FORBIDDEN
        assert refused.body["error"]["message"] == (
            "the homeassistant LLM API is for administrators"
        )
        hass.config_entries.async_update_entry(
            setup_integration, options={**DEFAULT_OPTIONS, CONF_EXPOSED_ONLY: True}
        )
        await hass.async_block_till_done()
        exposed_only = await admin.get("llm/homeassistant/openapi.json")
        assert exposed_only.status == HTTPStatus.FORBIDDEN
        assert (
            "ignores which entities are exposed"
            in exposed_only.body["error"]["message"]
        )
    finally:
        unregister()
