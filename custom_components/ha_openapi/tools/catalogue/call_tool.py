"""ha_call_tool: run any tool the caller may use, by name, with the same checks.

The compact catalogue lists few tools; this reaches the rest. The tool it runs
is checked, validated and audited as if called at its own URL, and its answer
(envelope, status and all) is the answer.
"""

from __future__ import annotations

from typing import Any

from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.json import json_bytes
import voluptuous as vol

from ...const import ToolCategory
from ...framework.dispatch import ToolResponse, async_call_tool
from ...framework.errors import InvalidArguments
from ...framework.tool import TOOLS, ToolCall


@TOOLS.tool(
    name="ha_call_tool",
    description=(
        "Run a tool found with ha_find_tools: its name and its arguments. The answer "
        "is that tool's own."
    ),
    category=ToolCategory.CATALOGUE,
    parameters=vol.Schema(
        {
            vol.Required(
                "name", description="The tool's name, e.g. ha_control_light."
            ): vol.All(cv.string, vol.Length(min=1, max=64)),
            vol.Optional(
                "arguments", default={}, description="Its arguments, as an object."
            ): dict,
        }
    ),
    result={"description": "The result of the tool that ran (its envelope's tool)."},
    core=True,
    finder=True,
    delegates=True,
)
async def call_tool(call: ToolCall, args: dict[str, Any]) -> ToolResponse:
    """Dispatch the named tool as this caller, in this call's context."""
    target = TOOLS.get(args["name"])
    if target is not None and target.delegates:
        raise InvalidArguments(
            f"name: {target.name} runs other tools; name the tool itself", field="name"
        )
    return await async_call_tool(
        call.hass,
        call.host,
        call.user,
        args["name"],
        json_bytes(args["arguments"]),
        context=call.context,
    )
