"""ha_check_config and ha_restart: the configuration check's real result, and a restart that heeds it."""

from __future__ import annotations

from typing import Any

from homeassistant.components.homeassistant.const import SERVICE_HOMEASSISTANT_RESTART
from homeassistant.core import DOMAIN as HOMEASSISTANT_DOMAIN
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import Conflict
from ...framework.schema import confirm_field, require_confirmation
from ...framework.tool import TOOLS, ToolCall
from ..shared import async_call_action, async_check_configuration

_PROBLEMS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "domain": {"type": ["string", "null"]},
            "message": {"type": "string"},
        },
        "required": ["domain", "message"],
    },
}


async def async_check_before(
    call: ToolCall, refusal: str
) -> list[dict[str, str | None]]:
    """Run the config check; with errors, refuse (409) saying ``refusal`` and listing them.

    Returns the warnings.
    """
    errors, warnings = await async_check_configuration(call.hass)
    if errors:
        listed = "; ".join(
            f"{error['domain'] or 'configuration'}: {error['message']}"
            for error in errors
        )
        raise Conflict(
            f"the configuration has {len(errors)} error{'s' if len(errors) > 1 else ''}, "
            f"so {refusal}: {listed}"
        )
    return warnings


@TOOLS.tool(
    name="ha_check_config",
    description=(
        "Check the configuration as a restart would; returns errors and warnings per integration."
    ),
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema({}),
    result={
        "type": "object",
        "properties": {
            "result": {"type": "string", "enum": ["valid", "invalid"]},
            "errors": _PROBLEMS,
            "warnings": _PROBLEMS,
        },
        "required": ["result", "errors", "warnings"],
    },
    read_only=True,
    requires_admin=True,
)
async def check_config(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Run the check and wait for its result."""
    errors, warnings = await async_check_configuration(call.hass)
    return {
        "result": "invalid" if errors else "valid",
        "errors": errors,
        "warnings": warnings,
    }


@TOOLS.tool(
    name="ha_restart",
    description=(
        "Restart Home Assistant (needs confirm); config is checked first and errors block it (409)."
    ),
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema(confirm_field()),
    result={
        "type": "object",
        "properties": {
            "restarting": {"type": "boolean"},
            "warnings": _PROBLEMS,
        },
        "required": ["restarting", "warnings"],
    },
    destructive=True,
    requires_admin=True,
)
async def restart(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Check, then ask Home Assistant to restart, as the user."""
    require_confirmation(args, "restart Home Assistant")
    warnings = await async_check_before(call, "Home Assistant was not restarted")
    await async_call_action(
        call, HOMEASSISTANT_DOMAIN, SERVICE_HOMEASSISTANT_RESTART, {}
    )
    return {"restarting": True, "warnings": warnings}
