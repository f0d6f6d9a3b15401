"""ha_get_statistics: long-term statistics, from the recorder."""

from __future__ import annotations

from typing import Any, Literal, cast

from homeassistant.components.recorder import statistics
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import NotFound
from ...framework.output import NewestLast, json_pointer
from ...framework.policy import may_read
from ...framework.schema import OneOrMore
from ...framework.tool import TOOLS, ToolCall
from ..shared import entities_not_found, local_time, similar_entity_ids
from .window import (
    MAX_ENTITIES,
    MAX_ROWS_FIELD,
    WINDOW_FIELDS,
    WINDOW_RESULT,
    read_recorder,
    time_window,
)

PERIODS = ("5minute", "hour", "day", "week", "month")
STATISTIC_TYPES = ("mean", "min", "max", "sum", "state", "change")
_TIME = {"type": "string", "format": "date-time"}
_NUMBER = {"type": "number"}


@TOOLS.tool(
    name="ha_get_statistics",
    description=(
        "Long-term statistics of sensors or statistic ids per period: mean, min, max, sum, state, change."
    ),
    category=ToolCategory.HISTORY,
    parameters=vol.Schema(
        {
            vol.Required(
                "statistic_ids", description="Entity or external statistic ids"
            ): OneOrMore(cv.string, min_items=1, max_items=MAX_ENTITIES),
            **WINDOW_FIELDS,
            vol.Optional(
                "period", default="hour", description="Aggregation period"
            ): vol.In(PERIODS),
            vol.Optional(
                "types",
                default=["mean", "min", "max", "sum", "state", "change"],
                description="Values per row",
            ): OneOrMore(vol.In(STATISTIC_TYPES)),
            **MAX_ROWS_FIELD,
        }
    ),
    result={
        "type": "object",
        "properties": {
            **WINDOW_RESULT,
            "period": {"enum": list(PERIODS)},
            "statistics": {
                "type": "object",
                "description": "Per statistic id: its unit and rows, oldest first.",
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "unit": {"type": ["string", "null"]},
                        "rows": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "start": _TIME,
                                    "end": _TIME,
                                    "last_reset": _TIME,
                                    **dict.fromkeys(STATISTIC_TYPES, _NUMBER),
                                },
                                "required": ["start", "end"],
                            },
                        },
                    },
                    "required": ["unit", "rows"],
                },
            },
        },
        "required": ["start", "end", "period", "statistics"],
    },
    read_only=True,
    requires_components=("recorder",),
)
async def get_statistics(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Return the statistics rows and each statistic's unit."""
    statistic_ids = list(dict.fromkeys(args["statistic_ids"]))
    if hidden := [
        statistic_id
        for statistic_id in statistic_ids
        if "." in statistic_id
        and ":" not in statistic_id
        and not may_read(call, statistic_id)
    ]:
        raise entities_not_found(call, hidden)
    start, end = time_window(args)
    metadata = await read_recorder(
        call,
        lambda: statistics.get_metadata(call.hass, statistic_ids=set(statistic_ids)),
    )
    if missing := [
        statistic_id for statistic_id in statistic_ids if statistic_id not in metadata
    ]:
        raise NotFound(
            f"no long-term statistics for {', '.join(missing)}; sensors have them only "
            "when they have a state_class",
            suggestions=[
                match
                for statistic_id in missing
                for match in similar_entity_ids(
                    statistic_id, list(_statistic_ids(call))
                )
            ],
        )
    rows = await read_recorder(
        call,
        statistics.statistics_during_period,
        call.hass,
        start,
        end,
        set(statistic_ids),
        cast(Literal["5minute", "day", "hour", "week", "month"], args["period"]),
        None,
        set(args["types"]),
    )
    per_statistic = max(1, args["max_rows"] // len(statistic_ids))
    result: dict[str, Any] = {
        "start": local_time(start),
        "end": local_time(end),
        "period": args["period"],
        "statistics": {},
    }
    for statistic_id in statistic_ids:
        meta = metadata[statistic_id][1]
        points = rows.get(statistic_id, [])
        if len(points) > per_statistic:
            call.report_truncation(
                json_pointer("statistics", statistic_id, "rows"),
                len(points) - per_statistic,
                "max_rows",
            )
            points = points[-per_statistic:]
        result["statistics"][statistic_id] = {
            "unit": meta.get("unit_of_measurement"),
            "rows": NewestLast(_statistic_row(point) for point in points),
        }
    return result


def _statistic_row(point: Any) -> dict[str, Any]:
    """One statistics row with ISO times in HA's time zone and no empty values."""
    row: dict[str, Any] = {}
    for key, value in point.items():
        if value is None:
            continue
        if key in ("start", "end", "last_reset") and isinstance(value, (int, float)):
            row[key] = local_time(dt_util.utc_from_timestamp(value))
        else:
            row[key] = value
    return row


def _statistic_ids(call: ToolCall) -> list[str]:
    """Entity ids of the caller's visible sensors that keep long-term statistics."""
    return [
        state.entity_id
        for state in call.hass.states.async_all("sensor")
        if "state_class" in state.attributes and may_read(call, state.entity_id)
    ]
