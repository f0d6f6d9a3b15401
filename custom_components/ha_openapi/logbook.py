"""Describe tool calls in the logbook, attributed to the calling user."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.components.logbook import LOGBOOK_ENTRY_MESSAGE, LOGBOOK_ENTRY_NAME
from homeassistant.core import Event, HomeAssistant, callback

from .const import DOMAIN, TITLE
from .framework.audit import EVENT_TOOL_CALLED, OUTCOME_SUCCESS


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
        who = data.get("user_name") or "an unknown user"
        outcome = data.get("outcome")
        result = "" if outcome == OUTCOME_SUCCESS else f" (failed: {outcome})"
        return {
            LOGBOOK_ENTRY_NAME: TITLE,
            LOGBOOK_ENTRY_MESSAGE: f"{data.get('tool')} called by {who}{result}",
        }

    async_describe_event(DOMAIN, EVENT_TOOL_CALLED, async_describe_tool_call)
