"""Traces of automation and script runs, summarised: why did it (not) run, and what did it do."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.components.trace.util import async_get_trace, async_list_traces
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import NotFound
from ...framework.output import page_schema, pagination_fields
from ...framework.tool import TOOLS, ToolCall
from ..shared import local_time

_DOMAIN = vol.Required("domain", description="automation or script")
_ITEM_ID = vol.Required(
    "item_id",
    description="Automation id, or script object id (script.x → x)",
)
# A step's changed variables are cut to this many characters each.
_MAX_VALUE_CHARACTERS = 300
_MAX_STEPS = 100


def _time(value: Any) -> str | None:
    return local_time(value) if isinstance(value, datetime) else value


def _run(short: dict[str, Any]) -> dict[str, Any]:
    timestamp = short.get("timestamp") or {}
    return {
        "run_id": short["run_id"],
        "item_id": short.get("item_id"),
        "state": short.get("state"),
        "outcome": short.get("script_execution"),
        "trigger": short.get("trigger"),
        "last_step": short.get("last_step"),
        "error": short.get("error"),
        "start": _time(timestamp.get("start")),
        "finish": _time(timestamp.get("finish")),
    }


_RUN: dict[str, Any] = {
    "type": "object",
    "properties": {
        "run_id": {"type": "string"},
        "item_id": {"type": ["string", "null"]},
        "state": {"type": ["string", "null"], "description": "running or stopped"},
        "outcome": {
            "type": ["string", "null"],
            "description": "e.g. finished, failed_conditions, failed_single, error",
        },
        "trigger": {"type": ["string", "null"]},
        "last_step": {"type": ["string", "null"]},
        "error": {"type": ["string", "null"]},
        "start": {"type": ["string", "null"]},
        "finish": {"type": ["string", "null"]},
    },
    "required": ["run_id"],
}


@TOOLS.tool(
    name="ha_list_traces",
    description=(
        "List recent automation or script runs, newest first: when, trigger, outcome, last step."
    ),
    category=ToolCategory.AUTOMATIONS,
    parameters=vol.Schema(
        {
            _DOMAIN: vol.In(("automation", "script")),
            vol.Optional(
                "item_id", description="Only this automation or script"
            ): cv.string,
            **pagination_fields(),
        }
    ),
    result=page_schema(_RUN),
    read_only=True,
    requires_admin=True,
    requires_components=("trace",),
)
async def list_traces(call: ToolCall, args: dict[str, Any]) -> Any:
    """List the runs kept by Home Assistant's trace integration."""
    key = f"{args['domain']}.{args['item_id']}" if "item_id" in args else None
    runs = [
        _run(short) for short in await async_list_traces(call.hass, args["domain"], key)
    ]
    runs.sort(key=lambda run: run["start"] or "", reverse=True)
    return call.paginate(runs, args)


def _bounded(value: Any) -> Any:
    text = repr(value)
    if len(text) <= _MAX_VALUE_CHARACTERS:
        return value
    return text[:_MAX_VALUE_CHARACTERS] + "…"


def _steps(trace: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Each step in the order it ran: its path, result, changed variables, error."""
    steps = []
    for path, items in trace.items():
        for item in items:
            step: dict[str, Any] = {"path": path, "time": _time(item.get("timestamp"))}
            if (result := item.get("result")) is not None:
                step["result"] = {key: _bounded(value) for key, value in result.items()}
            if changed := item.get("changed_variables"):
                step["changed_variables"] = {
                    key: _bounded(value) for key, value in changed.items()
                }
            if error := item.get("error"):
                step["error"] = str(error)
            steps.append(step)
    steps.sort(key=lambda step: step["time"] or "")
    return steps


@TOOLS.tool(
    name="ha_get_trace",
    description=(
        "One automation/script run step by step: trigger, step results, changed variables, errors, timing."
    ),
    category=ToolCategory.AUTOMATIONS,
    parameters=vol.Schema(
        {
            _DOMAIN: vol.In(("automation", "script")),
            _ITEM_ID: cv.string,
            vol.Required("run_id", description="From ha_list_traces."): cv.string,
        }
    ),
    result={
        "type": "object",
        "properties": {
            **_RUN["properties"],
            "steps": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["run_id", "steps"],
    },
    read_only=True,
    requires_admin=True,
    requires_components=("trace",),
)
async def get_trace(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Return the run's steps, bounded."""
    key = f"{args['domain']}.{args['item_id']}"
    try:
        # Home Assistant annotates this as traces by key; it is one run's dict.
        trace: dict[str, Any] = dict(
            await async_get_trace(call.hass, key, args["run_id"])
        )
    except KeyError:
        raise NotFound(
            f"no trace {args['run_id']} of {key}; ha_list_traces lists the runs kept"
        ) from None
    steps = _steps(trace.get("trace") or {})
    if len(steps) > _MAX_STEPS:
        call.report_truncation("/steps", len(steps) - _MAX_STEPS, "limit")
        steps = steps[:_MAX_STEPS]
    return {**_run(trace), "steps": steps}
