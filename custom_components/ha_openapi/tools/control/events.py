"""ha_fire_event: fire a custom event as the caller (admin only)."""

from __future__ import annotations

import sys
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.tool import TOOLS, ToolCall
from .engine import require

# Modules whose EVENT_* constants name events Home Assistant or an integration fires.
_EVENT_SOURCES = ("homeassistant.", "custom_components.")


def refusal(hass: HomeAssistant, event_type: str) -> str | None:
    """Say why ``event_type`` may not be faked, or None when it may be fired.

    Faking an event Home Assistant or an integration fires would mislead
    automations, the logbook (our own audit event) or other integrations: any
    EVENT_* constant of a loaded module, and any type that starts with a loaded
    integration's domain and an underscore, is refused.
    """
    if event_type in _fired_by_home_assistant():
        return f"{event_type} is fired by Home Assistant itself and cannot be faked"
    for domain in hass.config.components:
        if "." not in domain and event_type.startswith(f"{domain}_"):
            return (
                f"{event_type} looks like an event of the {domain} integration and "
                "cannot be faked; pick a type of your own"
            )
    return None


def _fired_by_home_assistant() -> set[str]:
    """Every EVENT_* string constant of the modules loaded so far."""
    return {
        value
        for name, module in list(sys.modules.items())
        if name.startswith(_EVENT_SOURCES) and module is not None
        for attribute, value in list(vars(module).items())
        if attribute.startswith("EVENT_") and isinstance(value, str)
    }


@TOOLS.tool(
    name="ha_fire_event",
    description=(
        "Fire a custom event (e.g. for automations); event types HA fires itself are refused."
    ),
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            vol.Required("event_type", description="e.g. my_custom_event"): vol.All(
                cv.string, vol.Match(r"^[a-z0-9_.]+$")
            ),
            vol.Optional(
                "event_data", default=dict, description="Data sent with the event."
            ): dict,
        }
    ),
    result={
        "type": "object",
        "properties": {"fired": {"type": "string", "description": "The event type."}},
        "required": ["fired"],
    },
    requires_admin=True,
)
async def fire_event(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Fire it with the caller's context."""
    event_type = args["event_type"]
    reason = refusal(call.hass, event_type)
    require(reason is None, "event_type", reason or "")
    call.hass.bus.async_fire(event_type, args["event_data"], context=call.context)
    return {"fired": event_type}
