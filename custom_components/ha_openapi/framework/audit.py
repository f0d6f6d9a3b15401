"""The audit trail: an event per tool call, and counters for diagnostics.

The ``ha_openapi_tool_called`` event carries the caller's context, so the logbook
(see ``logbook.py``) and automations can attribute every call to a user. It names
the arguments that were passed but never their values, which may be private.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any, Final

from homeassistant.core import Context, HomeAssistant, callback
from homeassistant.util import dt as dt_util

EVENT_TOOL_CALLED: Final = "ha_openapi_tool_called"
RECENT_CALLS = 50
OUTCOME_SUCCESS = "success"


@dataclass(kw_only=True, slots=True)
class CallStats:
    """Call counts since the entry was loaded; no arguments, no user ids."""

    calls: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    recent: deque[dict[str, Any]] = field(
        default_factory=lambda: deque(maxlen=RECENT_CALLS)
    )


@callback
def record_call(
    hass: HomeAssistant,
    stats: CallStats | None,
    *,
    tool: str,
    context: Context,
    user_name: str | None,
    outcome: str,
    status: int,
    duration_ms: float,
    argument_names: list[str],
    request_id: str,
) -> None:
    """Fire the audit event and count the call."""
    hass.bus.async_fire(
        EVENT_TOOL_CALLED,
        {
            "tool": tool,
            "user_id": context.user_id,
            "user_name": user_name,
            "outcome": outcome,
            "status": status,
            "duration_ms": round(duration_ms, 1),
            "arguments": argument_names,
            "request_id": request_id,
        },
        context=context,
    )
    if stats is None:
        return
    stats.calls[tool] += 1
    if outcome != OUTCOME_SUCCESS:
        stats.errors[outcome] += 1
    stats.recent.append(
        {
            "time": dt_util.utcnow().isoformat(),
            "tool": tool,
            "outcome": outcome,
            "status": status,
            "duration_ms": round(duration_ms, 1),
        }
    )
