"""Helpers created, changed and deleted through Home Assistant's live collections.

The storage-backed helpers (the ones made under Settings → Helpers) live in a
storage collection per domain; writing through the very collection Home
Assistant uses makes the helper's entity appear, change or go at once, exactly
as the helpers UI does. Helpers defined in YAML are listed read-only. Writes use
the shared write safety; a helper's revision is a hash of its settings.
"""

from __future__ import annotations

from typing import Any

from homeassistant.const import CONF_ID
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv, entity_registry as er
from homeassistant.helpers.collection import ItemNotFound, StorageCollection
import voluptuous as vol

from ...const import ToolCategory
from ...framework.actions import ActionTool
from ...framework.changes import (
    StoredKind,
    async_write_as_asked,
    register_kind,
    write_fields,
)
from ...framework.errors import (
    Conflict,
    InvalidArguments,
    NotFound,
    Unavailable,
    describe_invalid,
)
from ...framework.schema import confirm_field, require_confirmation
from ...framework.tool import TOOLS, ToolCall
from ..shared import entities_not_found, live_collection

HELPER_DOMAINS = (
    "counter",
    "input_boolean",
    "input_button",
    "input_datetime",
    "input_number",
    "input_select",
    "input_text",
    "schedule",
    "timer",
)
_CONFIG_TEXT = "Helpers-UI settings: name, icon, per-kind keys"
_ENTITY_ID = vol.Required("entity_id", description="Helper entity id")
_WRITE_RESULT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "entity_id": {"type": ["string", "null"]},
        "helper_id": {"type": "string"},
        "config": {"type": "object"},
        "revision": {"type": ["string", "null"]},
        "previous_revision": {"type": ["string", "null"]},
        "changed": {"type": "boolean"},
        "change_id": {"type": "string", "description": "For ha_undo_change."},
        "dry_run": {"type": "boolean"},
        "diff": {"type": "array", "items": {"type": "object"}},
        "content": {},
    },
    "required": ["revision"],
}


def _collection(hass: HomeAssistant, domain: str) -> StorageCollection[Any, Any]:
    if domain not in hass.config.components:
        raise Conflict(
            f"{domain} is not set up in this Home Assistant (add {domain}: or "
            "default_config: to configuration.yaml); helpers of that kind cannot be made"
        )
    collection = live_collection(hass, domain)
    if collection is None:
        raise Unavailable(
            f"Home Assistant's {domain} collection is not reachable (a Home Assistant "
            "change this version does not know)"
        )
    return collection


def _settings(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if key != CONF_ID}


async def _async_validate(
    collection: StorageCollection[Any, Any], config: dict[str, Any]
) -> dict[str, Any]:
    """Validate as the collection does before it stores anything (400 naming where)."""
    try:
        # The collection's own check, the one its create and update run.
        validated: dict[str, Any] = await collection._process_create_data(config)
    except vol.Invalid as err:
        raise describe_invalid(err, "config") from None
    return validated


async def _async_read(hass: HomeAssistant, key: str) -> dict[str, Any] | None:
    domain, _, item_id = key.partition("/")
    item = _collection(hass, domain).data.get(item_id)
    return _settings(item) if item else None


async def _async_write(
    hass: HomeAssistant, key: str, content: dict[str, Any] | None
) -> str | None:
    domain, _, item_id = key.partition("/")
    collection = _collection(hass, domain)
    try:
        if content is None:
            await collection.async_delete_item(item_id)
        elif item_id in collection.data:
            await collection.async_update_item(item_id, content)
        else:
            created = await collection.async_create_item(content)
            return f"{domain}/{created[CONF_ID]}"
    except vol.Invalid as err:
        raise describe_invalid(err, "config") from None
    except ItemNotFound:
        raise NotFound(f"helper {key} is gone; ha_list_helpers lists them") from None
    return None


HELPER = register_kind(StoredKind(name="helper", read=_async_read, write=_async_write))


def _entity_of(hass: HomeAssistant, domain: str, item_id: str) -> str | None:
    return er.async_get(hass).async_get_entity_id(domain, domain, item_id)


def _resolve(call: ToolCall, entity_id: str) -> tuple[str, str]:
    """Return (domain, collection id) of a storage helper's entity; 404 or 409."""
    domain = entity_id.partition(".")[0]
    if domain not in HELPER_DOMAINS:
        raise InvalidArguments(
            f"entity_id: {entity_id} is not a helper; helpers are of "
            f"{', '.join(HELPER_DOMAINS)}",
            field="entity_id",
        )
    entry = er.async_get(call.hass).async_get(entity_id)
    collection = _collection(call.hass, domain)
    if (
        entry is not None
        and entry.platform == domain
        and entry.unique_id in collection.data
    ):
        return domain, entry.unique_id
    if call.hass.states.get(entity_id) is not None:
        raise Conflict(
            f"{entity_id} is defined in YAML (configuration.yaml or a package); "
            "edit it there"
        )
    raise entities_not_found(call, [entity_id])


def _written(call: ToolCall, key: str, result: dict[str, Any]) -> dict[str, Any]:
    domain, _, item_id = result.pop("item", key).partition("/")
    answer = {**result}
    if item_id:
        answer["helper_id"] = item_id
        answer["entity_id"] = _entity_of(call.hass, domain, item_id)
    return answer


@TOOLS.tool(
    name="ha_list_helpers",
    description=(
        "List helpers (input_*, counter, timer, schedule) with settings; YAML-defined ones are read-only."
    ),
    category=ToolCategory.HELPERS,
    parameters=vol.Schema(
        {
            vol.Optional("domain", description="Only helpers of this kind."): vol.In(
                HELPER_DOMAINS
            )
        }
    ),
    result={
        "type": "object",
        "properties": {"helpers": {"type": "array", "items": {"type": "object"}}},
        "required": ["helpers"],
    },
    read_only=True,
    requires_admin=True,
)
async def list_helpers(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Storage helpers with their settings, and YAML ones by their state."""
    hass = call.hass
    domains = [args["domain"]] if "domain" in args else list(HELPER_DOMAINS)
    listed = []
    for domain in domains:
        if domain not in hass.config.components:
            continue
        collection = live_collection(hass, domain)
        items = collection.data if collection is not None else {}
        stored = {
            entity_id: item_id
            for item_id in items
            if (entity_id := _entity_of(hass, domain, item_id)) is not None
        }
        for state in hass.states.async_all(domain):
            item_id = stored.get(state.entity_id)
            listed.append(
                {
                    "entity_id": state.entity_id,
                    "domain": domain,
                    "name": state.attributes.get("friendly_name"),
                    "state": state.state,
                    "helper_id": item_id,
                    "editable": item_id is not None,
                    "config": _settings(items[item_id]) if item_id else None,
                    "revision": HELPER.revision(_settings(items[item_id]))
                    if item_id
                    else None,
                }
            )
    return {"helpers": sorted(listed, key=lambda row: row["entity_id"])}


HELPERS = ActionTool(
    name="ha_manage_helper",
    description=(
        "Create, change or delete a helper as Settings → Helpers does; a new "
        "helper's entity exists at once. update: given keys replace, others stay."
    ),
    category=ToolCategory.HELPERS,
    result=_WRITE_RESULT,
    requires_admin=True,
)


@HELPERS.action(
    "create",
    vol.Schema(
        {
            vol.Required("domain", description="The kind of helper."): vol.In(
                HELPER_DOMAINS
            ),
            vol.Required("config", description=_CONFIG_TEXT): dict,
            **write_fields("helper"),
        }
    ),
)
async def create_helper(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Validate with the collection's own check, then create through it."""
    domain = args["domain"]
    config = await _async_validate(_collection(call.hass, domain), args["config"])
    key = f"{domain}/"
    result = await async_write_as_asked(call, HELPER, key, lambda _: config, args)
    return {**_written(call, key, result), "config": config}


@HELPERS.action(
    "update",
    vol.Schema(
        {
            _ENTITY_ID: cv.entity_id,
            vol.Required("config", description=_CONFIG_TEXT): dict,
            **write_fields("helper"),
        }
    ),
)
async def update_helper(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Merge, validate with the collection's own check, then update through it."""
    domain, item_id = _resolve(call, args["entity_id"])
    collection = _collection(call.hass, domain)
    merged = {**_settings(collection.data[item_id]), **args["config"]}
    config = await _async_validate(collection, merged)
    key = f"{domain}/{item_id}"
    result = await async_write_as_asked(call, HELPER, key, lambda _: config, args)
    return {**_written(call, key, result), "config": config}


@HELPERS.action(
    "delete",
    vol.Schema(
        {
            _ENTITY_ID: cv.entity_id,
            **confirm_field(),
            **write_fields("helper"),
        }
    ),
    destructive=True,
)
async def delete_helper(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Delete through the collection; its entity goes with it."""
    require_confirmation(args, "delete a helper")
    entity_id = args["entity_id"]
    domain, item_id = _resolve(call, entity_id)
    key = f"{domain}/{item_id}"
    result = await async_write_as_asked(call, HELPER, key, lambda _: None, args)
    return {**_written(call, key, result), "entity_id": entity_id}


TOOLS.register(HELPERS.tool())
