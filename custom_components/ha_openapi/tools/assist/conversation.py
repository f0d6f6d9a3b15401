"""ha_converse and ha_list_conversation_agents: talk to an Assist agent as the calling user."""

from __future__ import annotations

from typing import Any

from homeassistant.auth.permissions.const import POLICY_CONTROL
from homeassistant.helpers import config_validation as cv, intent
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import not_found
from ...framework.tool import TOOLS, ToolCall

CONVERSATION = "conversation"
_TARGETS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "type": {"type": "string"},
            "id": {"type": ["string", "null"]},
        },
    },
}


# The conversation integration is imported where used: its tools run only
# where it is loaded, while importing it with the tools would load its intent
# matching (~4.5 MB) into every Home Assistant that does without Assist.


def _agents(call: ToolCall) -> list[dict[str, str]]:
    """Every conversation agent: entity agents, then legacy config entry agents."""
    from homeassistant.components.conversation.agent_manager import (  # noqa: PLC0415
        get_agent_manager,
    )
    from homeassistant.components.conversation.const import (  # noqa: PLC0415
        DATA_COMPONENT,
    )

    agents = [
        {"agent_id": entity.entity_id, "name": str(entity.name or entity.entity_id)}
        for entity in call.hass.data[DATA_COMPONENT].entities
    ]
    agents += [
        {"agent_id": info.id, "name": info.name}
        for info in get_agent_manager(call.hass).async_get_agent_info()
    ]
    return agents


@TOOLS.tool(
    name="ha_list_conversation_agents",
    description="Assist conversation agents (Home Assistant's own and LLM ones) with their ids.",
    category=ToolCategory.ASSIST,
    parameters=vol.Schema({}),
    result={
        "type": "object",
        "properties": {
            "agents": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "agent_id": {"type": "string"},
                        "name": {"type": "string"},
                    },
                    "required": ["agent_id", "name"],
                },
            },
            "default": {"type": "string"},
        },
        "required": ["agents", "default"],
    },
    read_only=True,
    requires_components=(CONVERSATION,),
)
async def list_agents(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """List the agents the conversation component knows."""
    from homeassistant.components.conversation import (  # noqa: PLC0415
        HOME_ASSISTANT_AGENT,
    )

    return {"agents": _agents(call), "default": HOME_ASSISTANT_AGENT}


def _target(target: intent.IntentResponseTarget) -> dict[str, Any]:
    return {"name": target.name, "type": str(target.type.value), "id": target.id}


@TOOLS.tool(
    name="ha_converse",
    description=(
        "Talk to an Assist agent as the user; returns its answer, what it acted on, and a conversation_id."
    ),
    category=ToolCategory.ASSIST,
    parameters=vol.Schema(
        {
            vol.Required("text", description="What to say."): vol.All(
                cv.string, vol.Length(min=1, max=1000)
            ),
            vol.Optional(
                "agent_id",
                description="From ha_list_conversation_agents; default HA's own",
            ): cv.string,
            vol.Optional(
                "language", description="Language code; default Home Assistant's"
            ): cv.string,
            vol.Optional(
                "conversation_id", description="From a prior answer, to continue"
            ): cv.string,
        }
    ),
    result={
        "type": "object",
        "properties": {
            "speech": {"type": ["string", "null"]},
            "response_type": {"type": "string"},
            "error_code": {"type": ["string", "null"]},
            "success": _TARGETS,
            "failed": _TARGETS,
            "conversation_id": {"type": ["string", "null"]},
            "continue_conversation": {"type": "boolean"},
        },
        "required": ["speech", "response_type", "success", "failed"],
    },
    requires_components=(CONVERSATION,),
)
async def converse(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Pass the text to the agent with the caller's context."""
    from homeassistant.components.conversation import (  # noqa: PLC0415
        async_converse,
        async_get_agent_info,
    )

    agent_id = args.get("agent_id")
    if agent_id is not None and async_get_agent_info(call.hass, agent_id) is None:
        raise not_found(
            "conversation agent",
            agent_id,
            [agent["agent_id"] for agent in _agents(call)],
        )
    result = await async_converse(
        call.hass,
        args["text"],
        args.get("conversation_id"),
        call.context,
        language=args.get("language"),
        agent_id=agent_id,
    )
    response = result.response
    success = [_target(target) for target in response.success_results]
    failed = [_target(target) for target in response.failed_results]
    # Some Home Assistant releases list an entity as done although the caller may
    # not control it (the refusal is lost in a background task): report it failed.
    refused = {
        state.entity_id
        for state in response.matched_states
        if not call.user.permissions.check_entity(state.entity_id, POLICY_CONTROL)
    }
    speech = response.speech.get("plain", {}).get("speech")
    response_type = str(response.response_type.value)
    error_code = str(response.error_code.value) if response.error_code else None
    if response.response_type is intent.IntentResponseType.ACTION_DONE and refused:
        failed += [target for target in success if target["id"] in refused]
        success = [target for target in success if target["id"] not in refused]
        if not success:
            # What newer releases answer for the same refusal.
            speech = f"You may not control {', '.join(sorted(refused))}"
            response_type, error_code = "error", "failed_to_handle"
    return {
        "speech": speech,
        "response_type": response_type,
        "error_code": error_code,
        "success": success,
        "failed": failed,
        "conversation_id": result.conversation_id,
        "continue_conversation": result.continue_conversation,
    }
