"""Reading entity states."""

from __future__ import annotations

from typing import Any

from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.schema import OneOrMore
from ...framework.tool import TOOLS, ToolCall
from ..shared import STATE_SCHEMA, readable_states, serialize_state

MAX_ENTITY_IDS = 200


@TOOLS.tool(
    name="ha_get_states",
    description=(
        "Current state, attributes and last change of entities by id; unknown ids: 404 with closest ids."
    ),
    category=ToolCategory.STATES,
    parameters=vol.Schema(
        {
            vol.Required(
                "entity_ids",
                description="Entity ids to read",
            ): OneOrMore(cv.entity_id, min_items=1, max_items=MAX_ENTITY_IDS),
            vol.Optional(
                "attributes",
                description="Only these; default all; [] for none",
            ): [cv.string],
        }
    ),
    result={
        "type": "object",
        "properties": {"states": {"type": "array", "items": STATE_SCHEMA}},
        "required": ["states"],
    },
    read_only=True,
    core=True,
)
async def get_states(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Return the states the caller asked for, in the order asked."""
    states = readable_states(call, args["entity_ids"])
    wanted = args.get("attributes")
    return {"states": [serialize_state(state, wanted) for state in states]}
