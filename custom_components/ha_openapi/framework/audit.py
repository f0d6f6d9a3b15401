"""The audit trail: an event per audited tool call, and counters for every call.

The ``ha_openapi_tool_called`` event is fired in the call's own context, whose
id is the request id and whose user is the caller, so the logbook (see
``logbook.py``) and automations can attribute a call to a user and tie it to
what it changed. It names the arguments that were passed but never their
values, which may be private; the one value it holds is the ``action`` a
``ha_manage_*`` tool was asked to do (create, delete...), one of the tool's own
words. Nothing else in it differs between two calls of the same kind, so the
recorder stores its data once, not once per call (a lookup and a write fewer).

Every call that may change something, and every call that fails or is refused,
is audited. A successful read is only counted, unless the options ask to record
reads: Home Assistant's own REST API records no reads, and an agent that polls
states would otherwise fill the logbook and the recorder's database.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
import time
from typing import Any, Final, NamedTuple

from homeassistant.core import Context, HomeAssistant, callback
from homeassistant.util import dt as dt_util

EVENT_TOOL_CALLED: Final = "ha_openapi_tool_called"
RECENT_CALLS = 50
OUTCOME_SUCCESS = "success"


class RecentCall(NamedTuple):
    """One of the latest calls, for diagnostics (formatted only when asked for)."""

    timestamp: float
    tool: str
    outcome: str
    status: int
    duration_ms: float

    def as_dict(self) -> dict[str, Any]:
        """Return the call as diagnostics show it."""
        return {
            "time": dt_util.utc_from_timestamp(self.timestamp).isoformat(),
            "tool": self.tool,
            "outcome": self.outcome,
            "status": self.status,
            "duration_ms": round(self.duration_ms, 1),
        }


@dataclass(kw_only=True, slots=True)
class CallStats:
    """Call counts since the entry was loaded; no arguments, no user ids."""

    calls: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    recent: deque[RecentCall] = field(
        default_factory=lambda: deque(maxlen=RECENT_CALLS)
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class AuditEntry:
    """What the audit event of a call says beyond the counters: who, and with what."""

    context: Context
    user_name: str | None
    argument_names: list[str]
    # What a tool with actions was asked to do; None for other tools.
    action: str | None = None


@callback
def record_call(
    hass: HomeAssistant,
    stats: CallStats,
    *,
    tool: str,
    outcome: str,
    status: int,
    duration_ms: float,
    audit: AuditEntry | None,
) -> None:
    """Count the call, and fire its audit event when it has an ``audit`` entry."""
    if audit is not None:
        hass.bus.async_fire(
            EVENT_TOOL_CALLED,
            {
                "tool": tool,
                "user_id": audit.context.user_id,
                "user_name": audit.user_name,
                "outcome": outcome,
                "status": status,
                "arguments": audit.argument_names,
                "action": audit.action,
            },
            context=audit.context,
        )
    stats.calls[tool] += 1
    if outcome != OUTCOME_SUCCESS:
        stats.errors[outcome] += 1
    stats.recent.append(RecentCall(time.time(), tool, outcome, status, duration_ms))
