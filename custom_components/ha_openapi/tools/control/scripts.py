"""ha_run_script: run a script through its own action, so its response comes back."""

from __future__ import annotations

from typing import Any

from homeassistant.const import STATE_ON
from homeassistant.core import State, SupportsResponse
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.script import SCRIPT_MODE_SINGLE
import voluptuous as vol

from ...const import ToolCategory
from ...framework.tool import TOOLS, ToolCall
from ..shared import async_call_action
from .engine import (
    CONTROL_RESULT,
    OUTCOME_DONE,
    OUTCOME_NOT_CHANGED,
    OUTCOME_STILL_RUNNING,
    compact_state,
    controllable_state,
)


@TOOLS.tool(
    name="ha_run_script",
    description=(
        "Run a script with variables and wait (bounded); returns its response or says it is still running."
    ),
    category=ToolCategory.CONTROL,
    parameters=vol.Schema(
        {
            vol.Required("entity_id", description="script.<id>"): cv.entity_id,
            vol.Optional(
                "variables", default=dict, description="Variables for the script."
            ): dict,
        }
    ),
    result=CONTROL_RESULT,
)
async def run_script(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Call script.<id> (not script.turn_on, which neither waits nor answers)."""
    entity_id = args["entity_id"]
    state = controllable_state(call, entity_id, ("script",))
    object_id = entity_id.partition(".")[2]
    if refusal := _no_run_left(state):
        # HA would only log "Already running" and return: nothing would run.
        return {
            "entity_id": entity_id,
            "outcome": OUTCOME_NOT_CHANGED,
            "steps": [
                {
                    "action": f"script.{object_id}",
                    "requested": "run",
                    "outcome": OUTCOME_NOT_CHANGED,
                }
            ],
            "state": compact_state(state),
            "message": f"{entity_id} {refusal}; nothing was started",
        }
    wants_response = (
        call.hass.services.supports_response("script", object_id)
        is not SupportsResponse.NONE
    )
    completed, response = await async_call_action(
        call, "script", object_id, args["variables"], return_response=wants_response
    )
    outcome = OUTCOME_DONE if completed else OUTCOME_STILL_RUNNING
    result: dict[str, Any] = {
        "entity_id": entity_id,
        "outcome": outcome,
        "steps": [
            {"action": f"script.{object_id}", "requested": "run", "outcome": outcome}
        ],
        "state": compact_state(call.hass.states.get(entity_id)),
    }
    if response:
        result["response"] = response
    if not completed:
        result["message"] = (
            f"{entity_id} is still running; read its state later to see when it ends"
        )
    return result


def _no_run_left(state: State) -> str | None:
    """Say why the script would not start another run now, or None when it would."""
    if state.state != STATE_ON:
        return None
    mode = state.attributes.get("mode")
    if mode == SCRIPT_MODE_SINGLE:
        return "is already running (mode single)"
    runs, most = state.attributes.get("current"), state.attributes.get("max")
    if isinstance(runs, int) and isinstance(most, int) and runs >= most:
        return f"is already at its maximum of {most} runs (mode {mode})"
    return None
