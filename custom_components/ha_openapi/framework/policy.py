"""Who may use which tool, and which entities a caller may see.

Home Assistant enforces its own permissions on service calls (through the
caller's ``Context``); this module adds what it cannot know: the integration's
options (categories, read-only mode, exposure) and admin gates, and applies the
user's entity read permissions to everything a tool returns.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from homeassistant.auth.models import User
from homeassistant.auth.permissions.const import POLICY_READ
from homeassistant.components.homeassistant.exposed_entities import async_should_expose
from homeassistant.core import HomeAssistant, callback

from .settings import FileAccess, Settings
from .tool import Tool, ToolCall

_FILE_ACCESS_WORDS: Final = {
    FileAccess.OFF: "off",
    FileAccess.READ_ONLY: "read-only",
    FileAccess.READ_WRITE: "read-write",
}

# The assistant id Home Assistant uses for "Expose to Assist".
EXPOSURE_ASSISTANT: Final = "conversation"


def denial_reason(tool: Tool, user: User, settings: Settings) -> str | None:
    """Return why ``user`` may not use ``tool`` under ``settings``, or None if they may."""
    if tool.requires_admin and not user.is_admin:
        return f"{tool.name} is only available to Home Assistant administrators"
    return switched_off_reason(tool, settings)


def switched_off_reason(tool: Tool, settings: Settings) -> str | None:
    """Return why the options switch ``tool`` off for everyone, or None."""
    if tool.file_access is not None and not settings.file_access.allows(
        tool.file_access
    ):
        return (
            f"{tool.name} is switched off: file access is {_FILE_ACCESS_WORDS[settings.file_access]} "
            "in the HA OpenAPI options"
        )
    if tool.category not in settings.enabled_categories:
        return f"{tool.name} is switched off: the '{tool.category}' tools are disabled in the HA OpenAPI options"
    # A delegating tool changes nothing itself: the tool it runs is checked.
    if settings.read_only and not tool.read_only and not tool.delegates:
        return f"{tool.name} is switched off: HA OpenAPI is in read-only mode"
    return None


def usable_tools(tools: Iterable[Tool], user: User, settings: Settings) -> list[Tool]:
    """Return the tools ``user`` may call under ``settings``."""
    return [tool for tool in tools if denial_reason(tool, user, settings) is None]


def listed_tools(tools: Iterable[Tool], settings: Settings) -> list[Tool]:
    """Return the tools a catalogue (the spec, the LLM API) lists under ``settings``.

    In compact mode only the core tools; the others stay callable, through
    ha_call_tool or their own URL, once ha_find_tools has named them. The full
    catalogue lists every tool itself, so not those two.
    """
    if not settings.compact_catalogue:
        return [tool for tool in tools if not tool.finder]
    return [tool for tool in tools if tool.core]


@callback
def entity_visible(
    hass: HomeAssistant, user: User, settings: Settings, entity_id: str
) -> bool:
    """Return whether the caller may see ``entity_id`` at all."""
    if not user.permissions.check_entity(entity_id, POLICY_READ):
        return False
    return not settings.exposed_only or async_should_expose(
        hass, EXPOSURE_ASSISTANT, entity_id
    )


@callback
def may_read(call: ToolCall, entity_id: str) -> bool:
    """Return whether this call may see ``entity_id``."""
    return entity_visible(call.hass, call.user, call.settings, entity_id)


@callback
def visible_entity_ids(call: ToolCall) -> list[str]:
    """Return every entity id with a state that this call may see."""
    return [
        entity_id
        for entity_id in call.hass.states.async_entity_ids()
        if may_read(call, entity_id)
    ]
