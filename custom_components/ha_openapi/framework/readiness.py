"""Whether a component a tool needs can serve it now.

One rule for the dispatcher (503 before the tool runs) and the health report
(which tools are unavailable, and why): loaded is not enough for the recorder,
whose thread can stop or crash while Home Assistant runs on. A tool this
installation can never run (add-ons without a Supervisor) is not in the spec at
all; a call answers 404 with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import async_migration_in_progress, get_instance

from .tool import Tool


def unsupported_reason(hass: HomeAssistant, tool: Tool) -> str | None:
    """Say why this installation can never run ``tool``, or None when it can."""
    return tool.installation(hass) if tool.installation is not None else None


def supported_tools(hass: HomeAssistant, tools: Iterable[Tool]) -> list[Tool]:
    """Return the tools this installation can run at all."""
    return [tool for tool in tools if unsupported_reason(hass, tool) is None]


def component_problem(hass: HomeAssistant, component: str) -> str | None:
    """Say why ``component`` cannot serve a tool now, or None when it can."""
    if component not in hass.config.components:
        return f"the {component} is not running"
    if (check := _CHECKS.get(component)) is not None:
        return check(hass)
    return None


def _recorder_problem(hass: HomeAssistant) -> str | None:
    """Say why the recorder cannot serve reads: its thread runs their executor."""
    if async_migration_in_progress(hass):
        return "the recorder is migrating its database"
    if not get_instance(hass).is_running:
        return "the recorder is not running (it stopped or failed; see HA's log)"
    return None


_CHECKS: dict[str, Callable[[HomeAssistant], str | None]] = {
    "recorder": _recorder_problem,
}
