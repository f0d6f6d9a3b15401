"""What the tool catalogue costs a model, measured as a client hands it over.

OpenAPI tool clients turn each operation into a function definition. Open
WebUI's converter (``convert_openapi_to_tool_payload``) makes of an operation
a name (the operationId), its description, and as parameters an object of the
request body schema's ``properties`` and ``required`` (always present, possibly
empty); the body's other top-level keywords are not passed on. Tokens are
estimated as characters / 4 of the compact JSON, the rule the budget is
written in. Used by the budget tests and
printed by scripts/catalogue.
"""

from __future__ import annotations

import json
import re
from typing import Any

from custom_components.ha_openapi.framework.tool import TOOLS, Tool
from custom_components.ha_openapi.openapi import build_spec

BUDGET_ALL_TOOLS = 15_000
BUDGET_COMPACT = 3_000
# What OpenAI accepts as a function name.
FUNCTION_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def functions(tools: list[Tool]) -> list[dict[str, Any]]:
    """The function definitions a client makes of the spec of ``tools``."""
    spec = build_spec(tools, "0")
    definitions = []
    for operation in spec["paths"].values():
        body = operation["post"]["requestBody"]["content"]["application/json"]
        definitions.append(
            {
                "name": operation["post"]["operationId"],
                "description": operation["post"]["description"],
                "parameters": {
                    "type": "object",
                    "properties": body["schema"].get("properties", {}),
                    "required": body["schema"].get("required", []),
                },
            }
        )
    return definitions


def tokens(definitions: list[dict[str, Any]]) -> int:
    """Estimated tokens: characters of the compact JSON / 4."""
    return len(json.dumps(definitions, separators=(",", ":"), ensure_ascii=False)) // 4


def all_tools() -> list[Tool]:
    return list(TOOLS)


def compact_tools() -> list[Tool]:
    return [tool for tool in TOOLS if tool.core]


def report() -> str:
    """The figures scripts/catalogue prints."""
    every = functions(all_tools())
    compact = functions(compact_tools())
    longest = max(every, key=lambda function: len(function["description"]))
    heaviest = sorted(every, key=lambda function: -tokens([function]))[:5]
    return "\n".join(
        [
            f"tools: {len(every)}",
            f"all tools: {tokens(every)} tokens (budget {BUDGET_ALL_TOOLS})",
            f"compact catalogue ({len(compact)} tools): {tokens(compact)} tokens "
            f"(budget {BUDGET_COMPACT})",
            f"longest description: {len(longest['description'])} characters "
            f"({longest['name']}; limit 300)",
            "heaviest: "
            + ", ".join(f"{item['name']} {tokens([item])}" for item in heaviest),
        ]
    )


if __name__ == "__main__":
    print(report())
