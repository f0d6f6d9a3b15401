"""ha_get_logbook: what happened, and who or what caused it, from the recorder."""

from __future__ import annotations

from typing import Any

from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import voluptuous as vol

from ...const import ToolCategory
from ...framework.output import NewestLast, json_pointer
from ...framework.policy import may_read
from ...framework.schema import OneOrMore
from ...framework.tool import TOOLS, ToolCall
from ..shared import local_time
from .window import (
    ENTITY_IDS,
    MAX_ROWS_FIELD,
    WINDOW_FIELDS,
    WINDOW_RESULT,
    read_recorder,
    readable_ids,
    time_window,
)


@TOOLS.tool(
    name="ha_get_logbook",
    description=(
        "Logbook entries (what happened and who or what caused it) in a window, for entities or devices."
    ),
    category=ToolCategory.HISTORY,
    parameters=vol.Schema(
        {
            vol.Optional("entity_ids", description="Only these entities."): ENTITY_IDS,
            vol.Optional("device_ids", description="Only these devices."): OneOrMore(
                cv.string
            ),
            **WINDOW_FIELDS,
            **MAX_ROWS_FIELD,
        }
    ),
    result={
        "type": "object",
        "properties": {
            **WINDOW_RESULT,
            "entries": {
                "type": "array",
                "description": "Oldest first, as Home Assistant's logbook gives them.",
                "items": {
                    "type": "object",
                    "properties": {
                        "when": {"type": "string", "format": "date-time"},
                        "name": {"type": "string"},
                        "message": {"type": "string"},
                        "state": {"type": "string"},
                        "entity_id": {"type": "string"},
                        "domain": {"type": "string"},
                    },
                    "additionalProperties": True,
                },
            },
        },
        "required": ["start", "end", "entries"],
    },
    read_only=True,
    requires_components=("recorder", "logbook"),
)
async def get_logbook(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Return the logbook entries the caller may see."""
    from homeassistant.components.logbook.helpers import (  # noqa: PLC0415
        async_determine_event_types,
    )
    from homeassistant.components.logbook.processor import EventProcessor  # noqa: PLC0415

    entity_ids = (
        readable_ids(call, args["entity_ids"]) if "entity_ids" in args else None
    )
    device_ids = args.get("device_ids")
    start, end = time_window(args)
    processor = EventProcessor(
        call.hass,
        tuple(async_determine_event_types(call.hass, entity_ids, device_ids)),
        entity_ids,
        device_ids,
        None,
        timestamp=True,
        include_entity_name=True,
    )
    events = await read_recorder(call, processor.get_events, start, end)
    visible = [
        {**event, "when": local_time(dt_util.utc_from_timestamp(event["when"]))}
        for event in events
        if "entity_id" not in event or may_read(call, event["entity_id"])
    ]
    if len(visible) > args["max_rows"]:
        call.report_truncation(
            json_pointer("entries"), len(visible) - args["max_rows"], "max_rows"
        )
        visible = visible[-args["max_rows"] :]
    return {
        "start": local_time(start),
        "end": local_time(end),
        "entries": NewestLast(visible),
    }
