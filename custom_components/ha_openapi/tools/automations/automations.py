"""Automation tools: list, read, create, update, delete, enable/disable, trigger."""

from __future__ import annotations

import time
from typing import Any

from homeassistant.components.automation import (
    DOMAIN as AUTOMATION_DOMAIN,
    entities_in_automation,
)
from homeassistant.const import ATTR_ENTITY_ID, CONF_ID, STATE_ON
from homeassistant.helpers import config_validation as cv, entity_registry as er
import voluptuous as vol

from ...const import ToolCategory
from ...framework.changes import async_write_as_asked
from ...framework.config_checks import check_references
from ...framework.errors import (
    Conflict,
    Forbidden,
    InvalidArguments,
    not_found,
)
from ...framework.policy import may_read
from ...framework.tool import TOOLS, ToolCall
from ..shared import async_call_action, local_time
from .store import (
    AUTOMATION,
    FILE_NAME,
    async_read_all,
    async_sources,
    async_validate,
)

_WRITE_FIELDS: dict[Any, Any] = {
    vol.Optional(
        "expected_revision",
        description=(
            "The revision you read; if the automation changed since, nothing is "
            "written and the answer is 409."
        ),
    ): cv.string,
    vol.Optional(
        "dry_run",
        default=False,
        description="Validate and return the result and a JSON Patch; write nothing.",
    ): cv.boolean,
}
_AUTOMATION_ID = vol.Required(
    "automation_id", description="The automation's id (ha_list_automations)."
)
_REVISION = {"type": ["string", "null"]}
_WRITE_RESULT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "automation_id": {"type": "string"},
        "entity_id": {"type": ["string", "null"]},
        "revision": _REVISION,
        "previous_revision": _REVISION,
        "changed": {"type": "boolean"},
        "change_id": {"type": "string", "description": "For ha_undo_change."},
        "dry_run": {"type": "boolean"},
        "diff": {"type": "array", "items": {"type": "object"}},
        "content": {},
        "warnings": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["automation_id", "revision"],
}


def _entity_id(call: ToolCall, automation_id: str) -> str | None:
    return er.async_get(call.hass).async_get_entity_id(
        AUTOMATION_DOMAIN, AUTOMATION_DOMAIN, automation_id
    )


@TOOLS.tool(
    name="ha_list_automations",
    description=(
        "List automations: id, alias, description, state, last triggered, mode, and "
        "where each is defined (automations.yaml is editable)."
    ),
    category=ToolCategory.AUTOMATIONS,
    parameters=vol.Schema({}),
    result={
        "type": "object",
        "properties": {"automations": {"type": "array", "items": {"type": "object"}}},
        "required": ["automations"],
    },
    read_only=True,
    requires_admin=True,
    requires_components=(AUTOMATION_DOMAIN,),
)
async def list_automations(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Automations from their entities, with where their config lives."""
    in_file = await async_read_all(call.hass)
    states = call.hass.states.async_all(AUTOMATION_DOMAIN)
    elsewhere = (
        await async_sources(call.hass)
        if any(str(state.attributes.get(CONF_ID)) not in in_file for state in states)
        else {}
    )
    listed = []
    for state in states:
        automation_id = state.attributes.get(CONF_ID)
        item = in_file.get(str(automation_id)) if automation_id else None
        config = item.config if item else {}
        listed.append(
            {
                "automation_id": automation_id,
                "entity_id": state.entity_id,
                "alias": state.attributes.get("friendly_name"),
                "description": config.get("description"),
                "state": state.state,
                "last_triggered": (
                    local_time(last)
                    if (last := state.attributes.get("last_triggered"))
                    else None
                ),
                "mode": state.attributes.get("mode"),
                # Only automations.yaml is written; the others are listed read-only.
                "defined_in": FILE_NAME
                if item
                else elsewhere.get(str(automation_id), "configuration"),
                "editable": item is not None,
            }
        )
    return {"automations": sorted(listed, key=lambda item: item["entity_id"])}


async def _existing(call: ToolCall, automation_id: str) -> dict[str, Any]:
    items = await async_read_all(call.hass)
    if automation_id not in items:
        if any(
            state.attributes.get(CONF_ID) == automation_id
            for state in call.hass.states.async_all(AUTOMATION_DOMAIN)
        ):
            where = (await async_sources(call.hass)).get(
                automation_id, "configuration.yaml or a package"
            )
            raise Conflict(
                f"automation {automation_id} is defined in {where}, not in "
                f"{FILE_NAME}; edit it there"
            )
        raise not_found("automation", automation_id, items)
    return items[automation_id].config


@TOOLS.tool(
    name="ha_get_automation",
    description="Read an automation's whole config and its revision.",
    category=ToolCategory.AUTOMATIONS,
    parameters=vol.Schema({_AUTOMATION_ID: cv.string}),
    result={
        "type": "object",
        "properties": {
            "automation_id": {"type": "string"},
            "entity_id": {"type": ["string", "null"]},
            "config": {"type": "object"},
            "revision": _REVISION,
        },
        "required": ["automation_id", "config", "revision"],
    },
    read_only=True,
    requires_admin=True,
    requires_components=(AUTOMATION_DOMAIN,),
)
async def get_automation(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Return the config as stored in automations.yaml."""
    automation_id = args["automation_id"]
    config = await _existing(call, automation_id)
    return {
        "automation_id": automation_id,
        "entity_id": _entity_id(call, automation_id),
        "config": config,
        "revision": AUTOMATION.revision({"config": config}),
    }


async def _async_save(
    call: ToolCall,
    automation_id: str,
    config: dict[str, Any],
    args: dict[str, Any],
) -> dict[str, Any]:
    """Validate, check exposure, write through the shared write path, report."""
    config = {
        CONF_ID: automation_id,
        **{k: v for k, v in config.items() if k != CONF_ID},
    }
    await async_validate(call.hass, automation_id, config)
    warnings = check_references(call, config, "the automation")
    result = await async_write_as_asked(
        call,
        AUTOMATION,
        automation_id,
        lambda current: {"config": config},
        args,
    )
    answer = {
        "automation_id": automation_id,
        "entity_id": _entity_id(call, automation_id),
        **result,
    }
    if warnings:
        answer["warnings"] = warnings
    return answer


_CONFIG_TEXT = (
    "alias, description, triggers, conditions, actions, mode... as in Home "
    "Assistant's automation editor (YAML mode)."
)


@TOOLS.tool(
    name="ha_create_automation",
    description=(
        "Create an automation in automations.yaml (validated first; gets a stable id, "
        "editable in Home Assistant's UI) and load it."
    ),
    category=ToolCategory.AUTOMATIONS,
    parameters=vol.Schema(
        {vol.Required("config", description=_CONFIG_TEXT): dict, **_WRITE_FIELDS}
    ),
    result=_WRITE_RESULT,
    requires_admin=True,
    requires_components=(AUTOMATION_DOMAIN,),
)
async def create_automation(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Create it with an id like the ones Home Assistant's editor makes."""
    automation_id = str(int(time.time() * 1000))
    existing = await async_read_all(call.hass)
    while automation_id in existing:
        automation_id = str(int(automation_id) + 1)
    return await _async_save(call, automation_id, args["config"], args)


@TOOLS.tool(
    name="ha_update_automation",
    description=(
        "Change an automation. merge (default): the top-level keys given replace "
        "those keys (lists whole), others stay; replace: the config given is the "
        "whole automation."
    ),
    category=ToolCategory.AUTOMATIONS,
    parameters=vol.Schema(
        {
            _AUTOMATION_ID: cv.string,
            vol.Required("config", description=_CONFIG_TEXT): dict,
            vol.Optional(
                "mode", default="merge", description="merge or replace"
            ): vol.In(("merge", "replace")),
            **_WRITE_FIELDS,
        }
    ),
    result=_WRITE_RESULT,
    requires_admin=True,
    requires_components=(AUTOMATION_DOMAIN,),
)
async def update_automation(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Merge or replace, then validate and write."""
    automation_id = args["automation_id"]
    current = await _existing(call, automation_id)
    config = (
        {**current, **args["config"]} if args["mode"] == "merge" else args["config"]
    )
    return await _async_save(call, automation_id, config, args)


@TOOLS.tool(
    name="ha_delete_automation",
    description="Delete an automation (confirm: true); ha_undo_change brings it back.",
    category=ToolCategory.AUTOMATIONS,
    parameters=vol.Schema(
        {
            _AUTOMATION_ID: cv.string,
            vol.Required("confirm", description="Must be true."): cv.boolean,
            **_WRITE_FIELDS,
        }
    ),
    result=_WRITE_RESULT,
    destructive=True,
    requires_admin=True,
    requires_components=(AUTOMATION_DOMAIN,),
)
async def delete_automation(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Remove it from automations.yaml, and its entity."""
    if args["confirm"] is not True:
        raise InvalidArguments(
            "confirm: must be true to delete an automation", field="confirm"
        )
    automation_id = args["automation_id"]
    await _existing(call, automation_id)
    entity_id = _entity_id(call, automation_id)
    result = await async_write_as_asked(
        call,
        AUTOMATION,
        automation_id,
        lambda current: None,
        args,
    )
    return {"automation_id": automation_id, "entity_id": entity_id, **result}


def _automation_entity(call: ToolCall, automation_id: str) -> str:
    entity_id = _entity_id(call, automation_id)
    if entity_id is None or call.hass.states.get(entity_id) is None:
        ids = [
            str(state.attributes.get(CONF_ID))
            for state in call.hass.states.async_all(AUTOMATION_DOMAIN)
        ]
        raise not_found("automation", automation_id, ids)
    return entity_id


@TOOLS.tool(
    name="ha_set_automation_enabled",
    description="Turn an automation on (enabled) or off (it will not trigger).",
    category=ToolCategory.AUTOMATIONS,
    parameters=vol.Schema(
        {
            _AUTOMATION_ID: cv.string,
            vol.Required("enabled", description="true: on; false: off."): cv.boolean,
        }
    ),
    result={
        "type": "object",
        "properties": {
            "entity_id": {"type": "string"},
            "enabled": {"type": "boolean"},
        },
        "required": ["entity_id", "enabled"],
    },
    requires_components=(AUTOMATION_DOMAIN,),
)
async def set_automation_enabled(
    call: ToolCall, args: dict[str, Any]
) -> dict[str, Any]:
    """Call automation.turn_on/turn_off as the user and report the state."""
    entity_id = _automation_entity(call, args["automation_id"])
    await async_call_action(
        call,
        AUTOMATION_DOMAIN,
        "turn_on" if args["enabled"] else "turn_off",
        {ATTR_ENTITY_ID: entity_id},
    )
    state = call.hass.states.get(entity_id)
    return {"entity_id": entity_id, "enabled": bool(state and state.state == STATE_ON)}


@TOOLS.tool(
    name="ha_trigger_automation",
    description=(
        "Run an automation's actions now, as the user: its conditions are checked "
        "unless skip_condition; variables are passed to it."
    ),
    category=ToolCategory.AUTOMATIONS,
    parameters=vol.Schema(
        {
            _AUTOMATION_ID: cv.string,
            vol.Optional(
                "skip_condition", default=True, description="Skip its conditions."
            ): cv.boolean,
            vol.Optional(
                "variables", default=dict, description="Variables for its actions."
            ): dict,
        }
    ),
    result={
        "type": "object",
        "properties": {
            "entity_id": {"type": "string"},
            "last_triggered": {"type": ["string", "null"]},
        },
        "required": ["entity_id"],
    },
    requires_components=(AUTOMATION_DOMAIN,),
)
async def trigger_automation(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Call automation.trigger as the user."""
    entity_id = _automation_entity(call, args["automation_id"])
    if not may_read(call, entity_id):
        raise not_found("automation", args["automation_id"], [])
    if call.settings.exposed_only and (
        hidden := [
            touched
            for touched in entities_in_automation(call.hass, entity_id)
            if not may_read(call, touched)
        ]
    ):
        raise Forbidden(
            f"{entity_id} acts on entities agents may not use: {', '.join(hidden)}"
        )
    await async_call_action(
        call,
        AUTOMATION_DOMAIN,
        "trigger",
        {
            ATTR_ENTITY_ID: entity_id,
            "skip_condition": args["skip_condition"],
            "variables": args["variables"],
        },
    )
    state = call.hass.states.get(entity_id)
    last = state.attributes.get("last_triggered") if state else None
    return {
        "entity_id": entity_id,
        "last_triggered": local_time(last) if last else None,
    }
