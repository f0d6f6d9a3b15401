"""ha_bulk_control: on, off or toggle for many entities, each with its own outcome.

Each entity is switched the way its domain's control tool would switch it (the
on, off and toggle actions of its ``ControlDomain``), so every domain with those
actions takes part, with the same checks and expected states.
"""

from __future__ import annotations

import asyncio
from typing import Any

from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import ToolError, from_home_assistant
from ...framework.schema import OneOrMore
from ...framework.tool import TOOLS, ToolCall
from .description import ControlDomain
from .domains import DOMAINS
from .engine import async_run_steps, controllable_state, require

MAX_BULK = 50
SWITCHING = ("on", "off", "toggle")

# Every domain whose control tool can turn it on and off.
_SWITCHABLE: dict[str, ControlDomain] = {
    domain: description
    for description in DOMAINS
    if {"on", "off"} <= description.actions.keys()
    for domain in description.domains
}


@TOOLS.tool(
    name="ha_bulk_control",
    description=(
        f"Turn up to {MAX_BULK} entities (any on/off domain) on, off or toggle; reports "
        "each, continues past failures."
    ),
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            vol.Required(
                "entity_ids", description="The entities to act on."
            ): OneOrMore(cv.entity_id, min_items=1, max_items=MAX_BULK),
            vol.Required("action", description="on, off or toggle."): vol.In(SWITCHING),
        }
    ),
    result={
        "type": "object",
        "properties": {
            "summary": {
                "type": "object",
                "description": "How many entities ended with each outcome.",
                "additionalProperties": {"type": "integer"},
            },
            "results": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "entity_id": {"type": "string"},
                        "outcome": {
                            "enum": ["done", "not_changed", "still_running", "error"]
                        },
                        "state": {"type": ["string", "null"]},
                        "error": {
                            "type": "object",
                            "properties": {
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                            },
                        },
                    },
                    "required": ["entity_id", "outcome"],
                },
            },
        },
        "required": ["summary", "results"],
    },
)
async def bulk_control(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Act on every entity at once; collect each outcome or error."""
    action = args["action"]

    async def one(entity_id: str) -> dict[str, Any]:
        try:
            state = controllable_state(call, entity_id, tuple(_SWITCHABLE))
            description = _SWITCHABLE[state.domain]
            require(
                action in description.actions,
                "action",
                f"{entity_id} cannot {action}; use {description.tool}",
            )
            step = description.action_step(state, action, {})
            result = await async_run_steps(call, entity_id, state.domain, [step])
        except (ToolError, HomeAssistantError, vol.Invalid) as err:
            error = err if isinstance(err, ToolError) else from_home_assistant(err)
            return {
                "entity_id": entity_id,
                "outcome": "error",
                "error": error.as_dict(),
            }
        return {
            "entity_id": entity_id,
            "outcome": result["outcome"],
            "state": result["state"]["state"] if result["state"] else None,
        }

    results = await asyncio.gather(
        *(one(entity_id) for entity_id in dict.fromkeys(args["entity_ids"]))
    )
    summary: dict[str, int] = {}
    for result in results:
        summary[result["outcome"]] = summary.get(result["outcome"], 0) + 1
    return {"summary": summary, "results": list(results)}
