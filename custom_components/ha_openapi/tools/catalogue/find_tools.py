"""ha_find_tools: the few tools that fit a task, with their argument schemas."""

from __future__ import annotations

from typing import Any

from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.policy import usable_tools
from ...framework.readiness import supported_tools
from ...framework.schema import to_json_schema
from ...framework.tool import TOOLS, ToolCall
from .ranking import rank

MAX_FOUND = 10


@TOOLS.tool(
    name="ha_find_tools",
    description=(
        "Find the tools for a task in words (e.g. 'dim the kitchen lights'): the best "
        "matches with their argument schemas. Run one with ha_call_tool."
    ),
    category=ToolCategory.CATALOGUE,
    parameters=vol.Schema(
        {
            vol.Required("task", description="What you want to do, in words."): vol.All(
                cv.string, vol.Length(min=1, max=500)
            ),
            vol.Optional(
                "limit", default=5, description=f"How many tools, 1-{MAX_FOUND}."
            ): vol.All(vol.Coerce(int), vol.Range(min=1, max=MAX_FOUND)),
        }
    ),
    result={
        "type": "object",
        "properties": {
            "tools": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "description": {"type": "string"},
                        "read_only": {"type": "boolean"},
                        "arguments": {
                            "type": "object",
                            "description": "JSON Schema of its arguments.",
                        },
                    },
                    "required": ["name", "description", "read_only", "arguments"],
                },
            }
        },
        "required": ["tools"],
    },
    read_only=True,
    core=True,
    finder=True,
)
async def find_tools(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Rank the tools this caller may use now against the task."""
    candidates = [
        tool
        for tool in supported_tools(
            call.hass, usable_tools(TOOLS, call.user, call.settings)
        )
        if tool.category != ToolCategory.CATALOGUE
    ]
    return {
        "tools": [
            {
                "name": tool.name,
                "description": tool.description,
                "read_only": tool.read_only,
                "arguments": to_json_schema(tool.parameters),
            }
            for tool, _ in rank(args["task"], candidates)[: args["limit"]]
        ]
    }
