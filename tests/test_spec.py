"""The OpenAPI document: valid, per caller, in step with the options and the registry."""

from __future__ import annotations

from http import HTTPStatus
import json
from typing import Any

from homeassistant.core import HomeAssistant
from openapi_spec_validator import validate
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import CONF_READ_ONLY, ToolCategory
from custom_components.ha_openapi.framework.tool import TOOLS, Tool

from .conftest import Caller
from .permissions import (
    ADDON_TOOLS,
    ADMIN_ONLY,
    COMPACT_ONLY,
    FILE_ACCESS,
    PERMISSIONS,
    READ_ONLY,
)


def refs(node: Any) -> list[str]:
    """Every $ref in a document."""
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        return found + [ref for value in node.values() for ref in refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in refs(value)]
    return []


async def test_spec_is_valid_openapi_3_1(admin: Caller) -> None:
    response = await admin.get("openapi.json")
    assert response.status == HTTPStatus.OK
    spec = response.body
    validate(spec)
    assert spec["openapi"] == "3.1.0"
    assert spec["servers"] == [{"url": "/api/ha_openapi"}]
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": spec["components"]["securitySchemes"]["bearerAuth"][
            "description"
        ],
    }
    assert spec["security"] == [{"bearerAuth": []}]


async def test_spec_lists_every_usable_tool_with_its_schema(admin: Caller) -> None:
    spec = (await admin.get("openapi.json")).body
    # File access is off by default, and the tests have no Supervisor for add-ons;
    # the catalogue tools are for the compact mode.
    assert set(spec["paths"]) == {
        f"/{name}"
        for name in PERMISSIONS.keys()
        - FILE_ACCESS.keys()
        - set(ADDON_TOOLS)
        - COMPACT_ONLY
    }
    # OpenAI takes at most 128 functions in a request.
    assert len(spec["paths"]) <= 128
    for tool in TOOLS:
        if tool.name in FILE_ACCESS.keys() | set(ADDON_TOOLS) | COMPACT_ONLY:
            continue
        operation = spec["paths"][f"/{tool.name}"]["post"]
        assert operation["operationId"] == tool.name
        assert operation["description"] == tool.description
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        assert body["type"] == "object"
        keys = {str(key) for key in tool.parameters.schema}
        assert set(body["properties"]) == keys
        envelope = operation["responses"]["200"]["content"]["application/json"][
            "schema"
        ]
        assert envelope["allOf"][0] == {"$ref": "#/components/schemas/Success"}
        reference = envelope["allOf"][1]["properties"]["result"]["$ref"]
        assert spec["components"]["schemas"][reference.rsplit("/", 1)[1]] == tool.result
        assert operation["responses"]["403"] == {"$ref": "#/components/responses/403"}
    states = spec["paths"]["/ha_get_states"]["post"]["requestBody"]["content"][
        "application/json"
    ]
    # A list of ids (one id alone is taken too, but not advertised).
    assert states["schema"]["properties"]["entity_ids"] == {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 1,
        "maxItems": 200,
        "description": "Entity ids to read",
    }
    assert states["schema"]["required"] == ["entity_ids"]
    assert spec["paths"]["/ha_get_states"]["post"]["requestBody"]["required"] is True
    # A tool without required arguments takes an empty body, and the spec says so.
    areas = spec["paths"]["/ha_list_areas"]["post"]["requestBody"]
    assert areas["required"] is False
    empty = await admin.call("ha_list_areas", raw=b"")
    assert empty.status == HTTPStatus.OK
    assert empty.body["result"]["items"] == []


async def test_spec_has_no_reference_cycles(admin: Caller) -> None:
    spec = (await admin.get("openapi.json")).body
    for ref in refs(spec):
        assert ref.startswith("#/components/")
        target: Any = spec
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        # A referenced component may point at schemas, and those at nothing.
        for inner in refs(target):
            inner_target: Any = spec
            for part in inner.removeprefix("#/").split("/"):
                inner_target = inner_target[part]
            assert refs(inner_target) == []


async def test_spec_follows_options(
    hass: HomeAssistant, setup_integration: MockConfigEntry, admin: Caller
) -> None:
    first = await admin.get("openapi.json")
    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_READ_ONLY: True}
    )
    await hass.async_block_till_done()

    second = await admin.get("openapi.json")
    assert set(second.body["paths"]) == {
        f"/{name}"
        for name in READ_ONLY - FILE_ACCESS.keys() - set(ADDON_TOOLS) - COMPACT_ONLY
    }
    assert second.headers["ETag"] != first.headers["ETag"]
    validate(second.body)


async def test_spec_differs_for_non_admins(
    register_tool, admin: Caller, non_admin: Caller
) -> None:
    async def handler(call, args):
        return {}

    register_tool(
        Tool(
            name="ha_test_admin_tool",
            description="Admin-only test tool.",
            category=ToolCategory.SERVICES,
            parameters=vol.Schema({}),
            result={"type": "object"},
            handler=handler,
            requires_admin=True,
        )
    )
    admin_paths = set((await admin.get("openapi.json")).body["paths"])
    user_paths = set((await non_admin.get("openapi.json")).body["paths"])
    admin_only = {
        f"/{name}"
        for name in (ADMIN_ONLY - FILE_ACCESS.keys() - set(ADDON_TOOLS))
        | {"ha_test_admin_tool"}
    }
    assert admin_paths - user_paths == admin_only
    assert user_paths == {
        f"/{name}" for name in PERMISSIONS.keys() - ADMIN_ONLY - COMPACT_ONLY
    }


async def test_spec_etag_answers_304(admin: Caller) -> None:
    first = await admin.get("openapi.json")
    etag = first.headers["ETag"]
    again = await admin.get("openapi.json", headers={"If-None-Match": etag})
    assert again.status == HTTPStatus.NOT_MODIFIED
    assert again.headers["ETag"] == etag
    other = await admin.get("openapi.json", headers={"If-None-Match": '"stale"'})
    assert other.status == HTTPStatus.OK
    assert json.dumps(other.body) == json.dumps(first.body)


async def test_spec_without_loaded_entry_is_503(
    hass: HomeAssistant, setup_integration: MockConfigEntry, admin: Caller
) -> None:
    await hass.config_entries.async_unload(setup_integration.entry_id)
    response = await admin.get("openapi.json")
    assert response.status == HTTPStatus.SERVICE_UNAVAILABLE
    assert set(response.body) == {"ok", "tool", "request_id", "error"}
    assert response.body["tool"] == "openapi.json"
    assert response.body["error"]["code"] == "unavailable"
    assert "not set up" in response.body["error"]["message"]
    assert response.headers["X-Request-ID"] == response.body["request_id"]


async def test_spec_needs_a_token(anonymous: Caller) -> None:
    assert (await anonymous.get("openapi.json")).status == HTTPStatus.UNAUTHORIZED
