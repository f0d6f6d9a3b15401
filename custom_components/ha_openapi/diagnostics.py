"""Diagnostics: options, tools and call counts; no tokens, users or arguments."""

from __future__ import annotations

from collections import Counter
from typing import Any

from homeassistant.core import HomeAssistant

from .data import HaOpenApiConfigEntry
from .framework.tool import TOOLS


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: HaOpenApiConfigEntry
) -> dict[str, Any]:
    """Return diagnostics for the config entry."""
    stats = entry.runtime_data.stats
    return {
        "options": dict(entry.options),
        "tools": {
            "total": len(TOOLS),
            "by_category": dict(Counter(str(tool.category) for tool in TOOLS)),
        },
        "calls": {
            "total": sum(stats.calls.values()),
            "by_tool": dict(stats.calls),
            "errors_by_code": dict(stats.errors),
            "recent": [call.as_dict() for call in stats.recent],
        },
    }
