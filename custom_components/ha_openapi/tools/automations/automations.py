"""Automation tools: list, read, create, update, delete (generated), enable/disable, trigger."""

from __future__ import annotations

from typing import Any

from homeassistant.components.automation import (
    DOMAIN as AUTOMATION_DOMAIN,
    entities_in_automation,
)
from homeassistant.const import ATTR_ENTITY_ID, CONF_ID, STATE_ON
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.config_items import register_config_item_tools
from ...framework.errors import Forbidden, not_found
from ...framework.policy import may_read
from ...framework.tool import TOOLS, ToolCall
from ..shared import async_call_action, local_time
from .store import AUTOMATION, AUTOMATIONS

register_config_item_tools(AUTOMATION)

_AUTOMATION_ID = vol.Required(
    "automation_id", description="Automation id (ha_list_automations)"
)


def _entity_id(call: ToolCall, automation_id: str) -> str | None:
    return AUTOMATIONS.entity_id(call.hass, automation_id)


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
    description="Enable or disable an automation (disabled ones do not trigger).",
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
        "Run an automation's actions now as the user; conditions are skipped unless skip_condition is false."
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
