"""ha_get_history: the states of entities over a window, from the recorder."""

from __future__ import annotations

from typing import Any

from homeassistant.components.recorder import get_instance, history
from homeassistant.core import State
from homeassistant.util import dt as dt_util
import voluptuous as vol

from ...const import ToolCategory
from ...framework.output import NewestLast, json_pointer
from ...framework.tool import TOOLS, ToolCall
from ..shared import local_time
from .window import (
    ENTITY_IDS,
    MAX_ENTITIES,
    MAX_ROWS_FIELD,
    WINDOW_FIELDS,
    WINDOW_RESULT,
    read_recorder,
    readable_ids,
    time_window,
)


@TOOLS.tool(
    name="ha_get_history",
    description=(
        "State history of entities over a time window, oldest first; capped at max_rows, newest kept."
    ),
    category=ToolCategory.HISTORY,
    parameters=vol.Schema(
        {
            vol.Required(
                "entity_ids", description=f"1-{MAX_ENTITIES} entity ids."
            ): ENTITY_IDS,
            **WINDOW_FIELDS,
            vol.Optional(
                "significant_only",
                default=True,
                description="Skip attribute-only changes (most domains)",
            ): bool,
            vol.Optional(
                "include_attributes",
                default=False,
                description="Attributes with every row.",
            ): bool,
            **MAX_ROWS_FIELD,
        }
    ),
    result={
        "type": "object",
        "properties": {
            **WINDOW_RESULT,
            "entities": {
                "type": "object",
                "description": "Per entity id, its states in the window, oldest first.",
                "additionalProperties": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "state": {"type": "string"},
                            "last_changed": {"type": "string", "format": "date-time"},
                            "attributes": {
                                "type": "object",
                                "additionalProperties": True,
                            },
                        },
                        "required": ["state", "last_changed"],
                    },
                },
            },
            "not_recorded": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Entities the recorder is set to leave out.",
            },
        },
        "required": ["start", "end", "entities"],
    },
    read_only=True,
    requires_components=("recorder",),
)
async def get_history(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Return each entity's states in the window."""
    entity_ids = readable_ids(call, args["entity_ids"])
    start, end = time_window(args)
    recorder = get_instance(call.hass)
    rows = await read_recorder(
        call,
        history.get_significant_states,
        call.hass,
        start,
        end,
        entity_ids,
        None,
        True,
        args["significant_only"],
        not args["include_attributes"],
        not args["include_attributes"],
    )
    per_entity = max(1, args["max_rows"] // len(entity_ids))
    entities: dict[str, Any] = {}
    for entity_id in entity_ids:
        states = rows.get(entity_id, [])
        if len(states) > per_entity:
            call.report_truncation(
                json_pointer("entities", entity_id),
                len(states) - per_entity,
                "max_rows",
            )
            states = states[-per_entity:]
        entities[entity_id] = NewestLast(
            _history_row(row, args["include_attributes"]) for row in states
        )
    result: dict[str, Any] = {
        "start": local_time(start),
        "end": local_time(end),
        "entities": entities,
    }
    if not_recorded := [
        entity_id
        for entity_id in entity_ids
        if recorder.entity_filter is not None and not recorder.entity_filter(entity_id)
    ]:
        result["not_recorded"] = not_recorded
    return result


def _history_row(row: State | dict[str, Any], attributes: bool) -> dict[str, Any]:
    """One state in the history, in the caller's time zone."""
    if isinstance(row, State):
        item: dict[str, Any] = {
            "state": row.state,
            "last_changed": local_time(row.last_changed),
        }
        if attributes:
            item["attributes"] = dict(row.attributes)
        return item
    # Minimal rows after the first are dicts with an ISO time in UTC.
    changed = row.get("last_changed")
    parsed = dt_util.parse_datetime(changed) if isinstance(changed, str) else None
    return {
        "state": row.get("state"),
        "last_changed": local_time(parsed) if parsed else changed,
    }
