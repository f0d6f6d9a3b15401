"""The health report: what is running, and whether what tools need is there.

Every value is read from the running Home Assistant at request time.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from homeassistant.auth.models import User
from homeassistant.components.homeassistant.const import DATA_EXPOSED_ENTITIES
from homeassistant.const import __version__ as HA_VERSION
from homeassistant.core import HomeAssistant, callback

from .data import HaOpenApiConfigEntry
from .framework.policy import switched_off_reason, usable_tools
from .framework.readiness import (
    component_problem,
    supported_tools,
    unsupported_reason,
)
from .framework.tool import TOOLS


@callback
def health_report(
    hass: HomeAssistant, entry: HaOpenApiConfigEntry, user: User
) -> dict[str, Any]:
    """Build the health report for ``user``."""
    checks = {
        "recorder": _component_check(hass, "recorder", "recording"),
        "lovelace": _lovelace_check(hass),
        "entity_exposure": {
            "ok": DATA_EXPOSED_ENTITIES in hass.data,
            "detail": "Assist exposure settings are loaded"
            if DATA_EXPOSED_ENTITIES in hass.data
            else "the homeassistant integration's exposure settings are not loaded",
        },
    }
    required = {component for tool in TOOLS for component in tool.requires_components}
    for component in sorted(required - checks.keys()):
        checks[component] = _component_check(hass, component, "loaded")
    degraded = sorted(
        tool.name
        for tool in TOOLS
        if any(not checks[component]["ok"] for component in tool.requires_components)
    )
    return {
        "status": "degraded" if degraded else "ok",
        "integration_version": entry.runtime_data.version,
        "home_assistant_version": HA_VERSION,
        "tools": {
            "total": len(TOOLS),
            "by_category": dict(Counter(str(tool.category) for tool in TOOLS)),
            "unavailable": degraded,
            "usable_by_caller": len(
                supported_tools(
                    hass, usable_tools(TOOLS, user, entry.runtime_data.settings)
                )
            ),
            # What this installation can never run, and why.
            "not_supported": {
                tool.name: reason
                for tool in TOOLS
                if (reason := unsupported_reason(hass, tool))
            },
            # What the options switch off, for everyone, and why.
            "switched_off": {
                tool.name: reason
                for tool in TOOLS
                if (reason := switched_off_reason(tool, entry.runtime_data.settings))
            },
        },
        "checks": checks,
    }


def _component_check(hass: HomeAssistant, component: str, ready: str) -> dict[str, Any]:
    """Whether ``component`` can serve the tools that need it, by the dispatcher's rule."""
    problem = component_problem(hass, component)
    return {"ok": problem is None, "detail": problem or ready}


def _lovelace_check(hass: HomeAssistant) -> dict[str, Any]:
    """Whether dashboards can be read and written."""
    if (lovelace := hass.data.get("lovelace")) is None:
        return {"ok": False, "detail": "lovelace is not loaded"}
    mode = getattr(lovelace, "resource_mode", None) or getattr(lovelace, "mode", None)
    dashboards = getattr(lovelace, "dashboards", {})
    return {
        "ok": True,
        "detail": f"{len(dashboards)} dashboards, resources in {mode} mode",
    }
