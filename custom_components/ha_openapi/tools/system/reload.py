"""ha_reload: reload Home Assistant's core configuration, or the YAML of one integration."""

from __future__ import annotations

from typing import Any

from homeassistant.const import SERVICE_RELOAD
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import DOMAIN, ToolCategory
from ...framework.errors import InvalidArguments, close_matches
from ...framework.tool import TOOLS, ToolCall
from ..shared import async_call_action
from .configuration import async_check_before

CORE = "core"
EVERYTHING = "all"


def _reloadable(call: ToolCall) -> list[str]:
    """Integrations that offer a reload action, or have config entries to reload."""
    hass = call.hass
    with_action = {
        domain
        for domain, services in hass.services.async_services().items()
        if SERVICE_RELOAD in services
    }
    with_entries = {entry.domain for entry in hass.config_entries.async_entries()}
    return sorted((with_action | with_entries) - {DOMAIN})


@TOOLS.tool(
    name="ha_reload",
    description=(
        "Reload without a restart: core, all, or one integration's YAML or config entries."
    ),
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema(
        {
            vol.Required(
                "target",
                description="core, all, or a domain (automation, hue)",
            ): vol.All(cv.string, vol.Length(min=1, max=100)),
        }
    ),
    result={
        "type": "object",
        "properties": {
            "reloaded": {"type": "string"},
            "action": {"type": "string"},
            "completed": {"type": "boolean"},
            "config_entries": {
                "type": "array",
                "items": {"type": "string"},
                "description": "The config entries reloaded (integrations without YAML).",
            },
        },
        "required": ["reloaded", "action", "completed"],
    },
    requires_admin=True,
)
async def reload(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Call the reload action as the user and wait for it, or reload the entries."""
    target = args["target"].strip().lower()
    if target == DOMAIN:
        raise InvalidArguments(
            f"target: reloading {DOMAIN} itself would end this call; reload it in "
            "Settings > Devices & services",
            field="target",
        )
    if target in (CORE, EVERYTHING):
        # Home Assistant refuses too, but only with a generic error.
        await async_check_before(call, f"nothing was reloaded ({target})")
        service = "reload_core_config" if target == CORE else "reload_all"
        completed, _ = await async_call_action(call, "homeassistant", service, {})
        return {
            "reloaded": target,
            "action": f"homeassistant.{service}",
            "completed": completed,
        }
    reloadable = _reloadable(call)
    if target not in reloadable:
        suggestions = close_matches(target, [CORE, EVERYTHING, *reloadable])
        raise InvalidArguments(
            f"target: {target} cannot be reloaded; "
            + (f"did you mean {' or '.join(suggestions)}? " if suggestions else "")
            + f"reloadable: core, all, {', '.join(reloadable)}",
            field="target",
            suggestions=suggestions,
        )
    if call.hass.services.has_service(target, SERVICE_RELOAD):
        completed, _ = await async_call_action(call, target, SERVICE_RELOAD, {})
        return {
            "reloaded": target,
            "action": f"{target}.{SERVICE_RELOAD}",
            "completed": completed,
        }
    entries = call.hass.config_entries.async_entries(target)
    for entry in entries:
        await call.hass.config_entries.async_reload(entry.entry_id)
    return {
        "reloaded": target,
        "action": "config entries",
        "completed": True,
        "config_entries": [entry.title for entry in entries],
    }
