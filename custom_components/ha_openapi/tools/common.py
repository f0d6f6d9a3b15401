"""Pieces that tools of several subjects share: entity lookup and state shapes."""

from __future__ import annotations

from typing import Any

from homeassistant.const import ATTR_FRIENDLY_NAME
from homeassistant.core import State, callback

from ..framework.errors import NotFound, close_matches
from ..framework.policy import may_read, visible_entity_ids
from ..framework.tool import ToolCall

STATE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "entity_id": {"type": "string"},
        "name": {"type": ["string", "null"], "description": "Friendly name."},
        "state": {"type": "string"},
        "attributes": {"type": "object", "additionalProperties": True},
        "last_changed": {"type": "string", "format": "date-time"},
        "last_updated": {"type": "string", "format": "date-time"},
    },
    "required": ["entity_id", "state", "last_changed"],
}


def serialize_state(state: State) -> dict[str, Any]:
    """Return the caller-facing form of a state."""
    return {
        "entity_id": state.entity_id,
        "name": state.attributes.get(ATTR_FRIENDLY_NAME),
        "state": state.state,
        "attributes": dict(state.attributes),
        "last_changed": state.last_changed.isoformat(),
        "last_updated": state.last_updated.isoformat(),
    }


@callback
def readable_states(call: ToolCall, entity_ids: list[str]) -> list[State]:
    """Return the states of ``entity_ids``; 404 naming every id the caller cannot see."""
    states: list[State] = []
    missing: list[str] = []
    for entity_id in dict.fromkeys(entity_ids):
        state = call.hass.states.get(entity_id)
        if state is None or not may_read(call, entity_id):
            missing.append(entity_id)
        else:
            states.append(state)
    if missing:
        raise entities_not_found(call, missing)
    return states


def similar_entity_ids(
    entity_id: str, candidates: list[str], limit: int = 3
) -> list[str]:
    """Return existing ids that ``entity_id`` was probably meant to be.

    Ids of one domain share a long prefix, so comparing whole ids would rate
    every light alike; compare object ids within the domain first, then whole ids
    only when that finds nothing, for a mistyped domain (lights.kitchen).
    """
    domain, _, object_id = entity_id.partition(".")
    same_domain = {
        candidate.partition(".")[2]: candidate
        for candidate in candidates
        if candidate.startswith(f"{domain}.")
    }
    if matches := close_matches(object_id, same_domain, limit):
        return [same_domain[match] for match in matches]
    return close_matches(entity_id, candidates, limit, cutoff=0.8)


@callback
def entities_not_found(call: ToolCall, missing: list[str]) -> NotFound:
    """Build the 404 for entity ids, suggesting only entities the caller may see."""
    visible = visible_entity_ids(call)
    parts: list[str] = []
    suggestions: list[str] = []
    for entity_id in missing:
        matches = similar_entity_ids(entity_id, visible)
        suggestions.extend(matches)
        hint = f" (did you mean {' or '.join(matches)}?)" if matches else ""
        parts.append(f"{entity_id}{hint}")
    noun = "entity" if len(missing) == 1 else "entities"
    return NotFound(f"{noun} not found: {', '.join(parts)}", suggestions=suggestions)
