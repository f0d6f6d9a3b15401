"""The audit trail: an event per audited tool call, and counters for every call.

The ``ha_openapi_tool_called`` event carries the caller's context, so the logbook
(see ``logbook.py``) and automations can attribute a call to a user. It names
the arguments that were passed but never their values, which may be private.

Every call that may change something, and every call that fails or is refused,
is audited. A successful read is only counted, unless the options ask to record
reads: Home Assistant's own REST API records no reads, and an agent that polls
states would otherwise fill the logbook and the recorder's database.
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
    stats: CallStats,
    *,
    audited: bool,
    tool: str,
    context: Context,
    user_name: str | None,
    outcome: str,
    status: int,
    duration_ms: float,
    argument_names: list[str],
    request_id: str,
) -> None:
    """Count the call, and fire the audit event if it is ``audited``."""
    if audited:
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
