"""ha_fire_event: fire a custom event as the caller (admin only)."""

from __future__ import annotations

from typing import Any

from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.tool import TOOLS, ToolCall
from .engine import require

# Events that Home Assistant itself fires; faking them would mislead automations.
RESERVED_EVENTS = frozenset(
    {
        "state_changed",
        "call_service",
        "service_registered",
        "service_removed",
        "component_loaded",
        "core_config_updated",
        "homeassistant_start",
        "homeassistant_started",
        "homeassistant_stop",
        "homeassistant_final_write",
        "homeassistant_close",
        "logging_changed",
        "user_added",
        "user_removed",
        "user_updated",
    }
)


@TOOLS.tool(
    name="ha_fire_event",
    description=(
        "Fire a custom event (e.g. to trigger automations listening for it). Events "
        "Home Assistant fires itself are refused."
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
    require(
        event_type not in RESERVED_EVENTS,
        "event_type",
        f"{event_type} is fired by Home Assistant itself and cannot be faked",
    )
    call.hass.bus.async_fire(event_type, args["event_data"], context=call.context)
    return {"fired": event_type}
