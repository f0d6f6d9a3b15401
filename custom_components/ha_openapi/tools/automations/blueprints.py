"""ha_list_blueprints: the automation and script blueprints, with their inputs.

An automation or script is made from one with ha_manage_automation or
ha_manage_script (action create) and ``{"use_blueprint": {"path": ..., "input": {...}}}``.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.automation import automations_with_blueprint
from homeassistant.components.script import scripts_with_blueprint
import voluptuous as vol

from ...const import ToolCategory
from ...framework.tool import TOOLS, ToolCall

_DOMAINS = ("automation", "script")
_USED_BY = {"automation": automations_with_blueprint, "script": scripts_with_blueprint}


def _inputs(metadata: dict[str, Any]) -> dict[str, Any]:
    """Every input, sections flattened, with what an agent needs to fill it."""
    inputs = {}
    for key, value in (metadata.get("input") or {}).items():
        section = value.get("input") if isinstance(value, dict) else None
        for name, given in (section or {key: value}).items():
            spec = given or {}
            inputs[name] = {
                "name": spec.get("name"),
                "description": spec.get("description"),
                "required": "default" not in spec,
                "default": spec.get("default"),
                "selector": spec.get("selector"),
            }
    return inputs


@TOOLS.tool(
    name="ha_list_blueprints",
    description=(
        "List automation/script blueprints, their inputs and users; use via use_blueprint {path, input}."
    ),
    category=ToolCategory.AUTOMATIONS,
    parameters=vol.Schema(
        {vol.Optional("domain", description="Default: both"): vol.In(_DOMAINS)}
    ),
    result={
        "type": "object",
        "properties": {"blueprints": {"type": "array", "items": {"type": "object"}}},
        "required": ["blueprints"],
    },
    read_only=True,
    requires_admin=True,
    requires_components=("blueprint",),
)
async def list_blueprints(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Read every blueprint file of the domains (in an executor, as HA's list does)."""
    loaded = call.hass.data.get("blueprint", {})
    listed = []
    for domain in [args["domain"]] if "domain" in args else _DOMAINS:
        if domain not in loaded:
            continue
        for path, blueprint in sorted(
            (await loaded[domain].async_get_blueprints()).items()
        ):
            row: dict[str, Any] = {"domain": domain, "path": path}
            if blueprint is None or isinstance(blueprint, Exception):
                listed.append({**row, "error": str(blueprint or "not loaded")})
                continue
            metadata = blueprint.metadata
            listed.append(
                {
                    **row,
                    "name": metadata.get("name"),
                    "description": metadata.get("description"),
                    "source_url": metadata.get("source_url"),
                    "inputs": _inputs(metadata),
                    "used_by": sorted(_USED_BY[domain](call.hass, path)),
                }
            )
    return {"blueprints": listed}
