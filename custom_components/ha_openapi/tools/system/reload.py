"""ha_reload: reload Home Assistant's core configuration, or the YAML of one integration."""

from __future__ import annotations

from typing import Any

from homeassistant.const import SERVICE_RELOAD
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import InvalidArguments, close_matches
from ...framework.tool import TOOLS, ToolCall
from ..shared import async_call_action

CORE = "core"


def _reloadable(call: ToolCall) -> list[str]:
    """Integrations that offer a reload action, and the core configuration."""
    return sorted(
        domain
        for domain, services in call.hass.services.async_services().items()
        if SERVICE_RELOAD in services
    )


@TOOLS.tool(
    name="ha_reload",
    description=(
        "Reload configuration without a restart: core (customize, units, zones...) "
        "or the YAML of one integration (automation, script, scene, input_boolean, "
        "template...)."
    ),
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema(
        {
            vol.Required(
                "target", description="core, or an integration such as automation."
            ): vol.All(cv.string, vol.Length(min=1, max=100)),
        }
    ),
    result={
        "type": "object",
        "properties": {
            "reloaded": {"type": "string"},
            "action": {"type": "string"},
            "completed": {"type": "boolean"},
        },
        "required": ["reloaded", "action", "completed"],
    },
    requires_admin=True,
)
async def reload(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Call the reload action as the user and wait for it."""
    target = args["target"].strip().lower()
    if target == CORE:
        domain, service = "homeassistant", "reload_core_config"
    else:
        reloadable = _reloadable(call)
        if target not in reloadable:
            suggestions = close_matches(target, [CORE, *reloadable])
            raise InvalidArguments(
                f"target: {target} cannot be reloaded; "
                + (f"did you mean {' or '.join(suggestions)}? " if suggestions else "")
                + f"reloadable: core, {', '.join(reloadable)}",
                field="target",
                suggestions=suggestions,
            )
        domain, service = target, SERVICE_RELOAD
    completed, _ = await async_call_action(call, domain, service, {})
    return {"reloaded": target, "action": f"{domain}.{service}", "completed": completed}
