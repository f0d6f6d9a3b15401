"""Describe tool calls in the logbook.

Home Assistant names the user itself ("By Agent") from the event's context, so
the sentence says only what happened: "HA OpenAPI ran ha_control_light", with
the action of a tool that has them ("ran ha_manage_automation: delete"), or
"could not run ... (forbidden)".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.components.logbook import (
    LOGBOOK_ENTRY_ICON,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.core import Event, HomeAssistant, callback

from .const import DOMAIN, TITLE
from .framework.audit import EVENT_TOOL_CALLED, OUTCOME_SUCCESS

ICON = "mdi:robot-outline"


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[
        [str, str, Callable[[Event[Mapping[str, Any]]], dict[str, str]]], None
    ],
) -> None:
    """Describe the audit event."""

    @callback
    def async_describe_tool_call(event: Event[Mapping[str, Any]]) -> dict[str, str]:
        data = event.data
        tool, outcome = data.get("tool"), data.get("outcome")
        if action := data.get("action"):
            tool = f"{tool}: {action}"
        message = (
            f"ran {tool}"
            if outcome == OUTCOME_SUCCESS
            else f"could not run {tool} ({outcome})"
        )
        return {
            LOGBOOK_ENTRY_NAME: TITLE,
            LOGBOOK_ENTRY_MESSAGE: message,
            LOGBOOK_ENTRY_ICON: ICON,
        }

    async_describe_event(DOMAIN, EVENT_TOOL_CALLED, async_describe_tool_call)
