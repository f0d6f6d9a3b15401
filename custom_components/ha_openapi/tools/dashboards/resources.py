"""Dashboard resources: the JavaScript and CSS that custom cards need (storage mode)."""

from __future__ import annotations

from typing import Any

from homeassistant.components.lovelace.const import LOVELACE_DATA
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.actions import ActionTool
from ...framework.changes import async_write_as_asked, revision
from ...framework.errors import InvalidArguments, NotFound
from ...framework.schema import confirm_field, require_confirmation
from ...framework.tool import TOOLS, ToolCall
from .dashboards import WRITE_FIELDS
from .lovelace import RESOURCE, async_resources

_LOVELACE = ("lovelace",)
_TYPES = ("module", "js", "css", "html")
_RESOURCE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "resource_id": {"type": "string"},
        "url": {"type": "string"},
        "res_type": {"enum": list(_TYPES)},
        "revision": {"type": ["string", "null"]},
    },
    "required": ["resource_id", "url", "res_type"],
}
_RESOURCE_ID = vol.Required("resource_id", description="From ha_list_resources.")
_URL = vol.All(cv.string, vol.Length(min=1, max=500))
_TYPE = vol.In(_TYPES)
_WRITTEN: dict[str, Any] = {
    "type": "object",
    "properties": {
        "resource_id": {"type": "string"},
        "revision": {"type": ["string", "null"]},
        "previous_revision": {"type": ["string", "null"]},
        "changed": {"type": "boolean"},
        "change_id": {"type": "string", "description": "For ha_undo_change."},
        "dry_run": {"type": "boolean"},
        "diff": {"type": "array", "items": {"type": "object"}},
        "content": {},
    },
    "required": ["resource_id", "revision"],
}


def _listed(item: dict[str, Any]) -> dict[str, Any]:
    content = {"res_type": item["type"], "url": item["url"]}
    return {"resource_id": item["id"], **content, "revision": revision(content)}


@TOOLS.tool(
    name="ha_list_resources",
    description=("List dashboard resources (custom card JS/CSS) with type and url."),
    category=ToolCategory.DASHBOARDS,
    parameters=vol.Schema({}),
    result={
        "type": "object",
        "properties": {
            "mode": {"enum": ["storage", "yaml"]},
            "resources": {"type": "array", "items": _RESOURCE},
        },
        "required": ["mode", "resources"],
    },
    read_only=True,
    requires_components=_LOVELACE,
)
async def list_resources(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """List them in either mode; YAML ones are read-only."""
    data = call.hass.data[LOVELACE_DATA]
    if data.resource_mode == "yaml":
        items = data.resources.async_items()
    else:
        items = (await async_resources(call.hass)).async_items()
    return {
        "mode": data.resource_mode,
        "resources": [_listed(item) for item in items],
    }


async def _async_write(
    call: ToolCall, resource_id: str, content: dict[str, Any] | None, args: Any
) -> dict[str, Any]:
    result = await async_write_as_asked(
        call,
        RESOURCE,
        resource_id,
        lambda current: content,
        args,
    )
    return {"resource_id": result.pop("item", resource_id), **result}


def _existing(resource_id: str, resources: Any) -> dict[str, Any]:
    if (item := resources.data.get(resource_id)) is None:
        raise NotFound(
            f"resource {resource_id} not found; ha_list_resources lists them"
        )
    return {"res_type": item["type"], "url": item["url"]}


RESOURCES = ActionTool(
    name="ha_manage_resource",
    description=(
        "Add, change (url, type) or remove a dashboard resource (custom card "
        "JS/CSS url), storage mode."
    ),
    category=ToolCategory.DASHBOARDS,
    result=_WRITTEN,
    requires_admin=True,
    requires_components=_LOVELACE,
)


@RESOURCES.action(
    "create",
    vol.Schema(
        {
            vol.Required("url", description="URL the browser loads"): _URL,
            vol.Optional(
                "res_type", default="module", description="module, js, css or html."
            ): _TYPE,
            **WRITE_FIELDS,
        }
    ),
)
async def create_resource(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Create it in Home Assistant's resource collection."""
    resources = await async_resources(call.hass)
    if any(item["url"] == args["url"] for item in resources.async_items()):
        raise InvalidArguments(
            f"url: {args['url']} is already a resource; ha_list_resources lists them",
            field="url",
        )
    content = {"res_type": args["res_type"], "url": args["url"]}
    return await _async_write(call, "new", content, args)


@RESOURCES.action(
    "update",
    vol.Schema(
        {
            _RESOURCE_ID: cv.string,
            vol.Optional("url", description="New url."): _URL,
            vol.Optional("res_type", description="module, js, css or html."): _TYPE,
            vol.Optional(
                "expected_revision", description="The revision you read."
            ): cv.string,
            **WRITE_FIELDS,
        }
    ),
)
async def update_resource(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Change what is given; the rest stays."""
    resources = await async_resources(call.hass)
    current = _existing(args["resource_id"], resources)
    given: dict[str, Any] = {
        key: args[key] for key in ("url", "res_type") if key in args
    }
    if not given:
        raise InvalidArguments("nothing to change: give url or res_type")
    return await _async_write(call, args["resource_id"], {**current, **given}, args)


@RESOURCES.action(
    "delete",
    vol.Schema(
        {
            _RESOURCE_ID: cv.string,
            **confirm_field(),
            vol.Optional(
                "expected_revision", description="The revision you read."
            ): cv.string,
            **WRITE_FIELDS,
        }
    ),
    destructive=True,
)
async def delete_resource(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Remove it from Home Assistant's resource collection."""
    require_confirmation(args, "delete a resource")
    _existing(args["resource_id"], await async_resources(call.hass))
    return await _async_write(call, args["resource_id"], None, args)


TOOLS.register(RESOURCES.tool())
