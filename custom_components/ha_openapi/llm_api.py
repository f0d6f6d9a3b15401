"""The tools as a Home Assistant LLM API: Assist agents and HA's MCP server use them too.

Registered while the config entry is loaded, under the id ``ha_openapi``. An
instance serves the user of its LLM context (the person talking to an agent,
or the owner of an MCP client's token): it offers the tools that user may call
under the options, as the OpenAPI spec does, and every call takes the HTTP
path's dispatcher — policy, validation, audit, errors, the size cap — in a
child of the conversation's context, so an agent gets the same envelope either
way.

A context without a user (a voice satellite) is served as a non-admin who sees
only the entities exposed to Assist, the way Home Assistant's own Assist API
treats it; its actions run in a child of that context, without a user.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.auth.models import User
from homeassistant.auth.permissions.models import PermissionLookup
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, entity_registry as er, llm
from homeassistant.helpers.json import json_bytes
from homeassistant.util.json import JsonObjectType, json_loads_object

from .const import DOMAIN, TITLE
from .data import HaOpenApiConfigEntry, HaOpenApiData, loaded_entry
from .framework.audit import CallStats
from .framework.changes import ChangeJournal
from .framework.dispatch import async_call_tool
from .framework.policy import listed_tools, usable_tools
from .framework.readiness import supported_tools
from .framework.schema import serialize_node
from .framework.settings import Settings
from .framework.tool import TOOLS, Tool, ToolHost

try:  # Home Assistant 2026.10+
    from homeassistant.helpers.llm import (  # type: ignore[attr-defined,unused-ignore]
        ToolAnnotations,
        ToolResult,
    )
except ImportError:  # Home Assistant < 2026.10 has neither
    ToolAnnotations = ToolResult = None  # type: ignore[assignment,misc,unused-ignore]

API_ID = DOMAIN
API_PROMPT = (
    f"The {TITLE} tools act in Home Assistant as the user you talk to, with their "
    "permissions. Find entity ids with ha_search_entities before acting on them; "
    "each answer says whether the action was done, and why not."
)
NO_USER_NAME = "Assist (no user)"


class HaOpenApiLlmApi(llm.API):
    """The integration's tools, for one LLM context at a time."""

    async def async_get_api_instance(
        self, llm_context: llm.LLMContext
    ) -> llm.APIInstance:
        """Offer the tools the context's user may call now."""
        entry = loaded_entry(self.hass)
        if entry is None:
            raise HomeAssistantError(f"{TITLE} is not set up, or is disabled")
        user, host = await _caller(self.hass, llm_context, entry.runtime_data)
        tools: list[llm.Tool] = [
            AgentTool(tool, user, host)
            for tool in supported_tools(
                self.hass,
                listed_tools(usable_tools(TOOLS, user, host.settings), host.settings),
            )
            # A binary answer (a camera's image) has no place in a model's text.
            if tool.binary_result is None
        ]
        return llm.APIInstance(
            self, API_PROMPT, llm_context, tools, custom_serializer=serialize_node
        )


class AgentTool(llm.Tool):
    """One registry tool, called as the user the instance serves."""

    def __init__(self, tool: Tool, user: User, host: ToolHost) -> None:
        """Describe ``tool`` as Home Assistant's LLM code expects it."""
        self.name = tool.name
        self.description = tool.description
        self.parameters = tool.parameters
        self._user = user
        self._host = host
        if ToolAnnotations is not None:
            self.title = tool.name.removeprefix("ha_").replace("_", " ").capitalize()
            self.integration = DOMAIN
            # Without annotations HA counts a tool as destructive, and its MCP
            # server's read-only mode drops it.
            self.annotations = ToolAnnotations(
                read_only=tool.read_only,
                destructive=tool.destructive,
                idempotent=tool.read_only,
                # Everything happens inside Home Assistant.
                open_world=False,
            )

    async def async_call(
        self,
        hass: HomeAssistant,
        tool_input: llm.ToolInput,
        llm_context: llm.LLMContext,
    ) -> Any:
        """Run the tool through the dispatcher; answer its envelope."""
        response = await async_call_tool(
            hass,
            self._host,
            self._user,
            self.name,
            json_bytes(tool_input.tool_args),
            context=llm_context.context,
        )
        envelope: JsonObjectType = json_loads_object(response.body)
        if ToolResult is None:
            return envelope
        return ToolResult(data=envelope, error=envelope.get("ok") is not True)


@dataclass(frozen=True, slots=True)
class ExposedOnly:
    """The entry's settings with exposure enforced, for a context without a user."""

    data: HaOpenApiData

    @property
    def settings(self) -> Settings:
        """The options in force, seeing only what is exposed to Assist."""
        return replace(self.data.settings, exposed_only=True)

    @property
    def stats(self) -> CallStats:
        """The entry's call counters."""
        return self.data.stats

    @property
    def journal(self) -> ChangeJournal:
        """The entry's undo journal."""
        return self.data.journal


async def _caller(
    hass: HomeAssistant, llm_context: llm.LLMContext, data: HaOpenApiData
) -> tuple[User, ToolHost]:
    """Return who the context's calls act as, and under which settings."""
    context = llm_context.context
    if context is not None and context.user_id is not None:
        user = await hass.auth.async_get_user(context.user_id)
        if user is None or not user.is_active:
            raise HomeAssistantError(f"{TITLE}: the conversation's user is not active")
        return user, data
    group = await hass.auth.async_get_group(GROUP_ID_USER)
    nobody = User(
        name=NO_USER_NAME,
        perm_lookup=PermissionLookup(er.async_get(hass), dr.async_get(hass)),
        is_active=True,
        system_generated=True,
        groups=[group] if group is not None else [],
    )
    return nobody, ExposedOnly(data)


@callback
def async_register_llm_api(hass: HomeAssistant, entry: HaOpenApiConfigEntry) -> None:
    """Offer the API for as long as the entry is loaded."""
    entry.async_on_unload(
        llm.async_register_api(hass, HaOpenApiLlmApi(hass=hass, id=API_ID, name=TITLE))
    )
