"""ha_get_system_info and ha_get_system_health: what runs, and how each integration reports itself."""

from __future__ import annotations

import asyncio
import os
from typing import Any

from homeassistant.components import system_health
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.system_info import async_get_system_info
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import Unavailable
from ...framework.tool import TOOLS, ToolCall

# The system health callbacks each have 5 s; all of them together get this long.
HEALTH_TIMEOUT = 20
_SYSTEM_KEYS = (
    "version",
    "installation_type",
    "python_version",
    "os_name",
    "os_version",
    "arch",
    "docker",
    "hassio",
    "virtualenv",
)
_SQLITE_FILES = ("", "-wal", "-shm")


def _sqlite_size(path: str) -> int:
    """Return the size of a SQLite database with its journal files; blocking."""
    return sum(
        os.path.getsize(path + suffix)
        for suffix in _SQLITE_FILES
        if os.path.exists(path + suffix)
    )


async def _async_database(hass: HomeAssistant) -> dict[str, Any] | None:
    """Return the recorder's database engine, version and (SQLite) size, when recording."""
    if "recorder" not in hass.config.components:
        return None
    from homeassistant.helpers.recorder import (  # noqa: PLC0415
        get_instance,
    )

    instance = get_instance(hass)
    engine = instance.database_engine
    database: dict[str, Any] = {
        "engine": str(instance.dialect_name) if instance.dialect_name else None,
        "version": str(engine.version) if engine and engine.version else None,
        "size_bytes": None,
    }
    if instance.dialect_name == "sqlite" and instance.db_url.startswith("sqlite:///"):
        path = instance.db_url.removeprefix("sqlite:///")
        database["size_bytes"] = await hass.async_add_executor_job(_sqlite_size, path)
    return database


@TOOLS.tool(
    name="ha_get_system_info",
    description=(
        "HA version, install type, Python, OS, time zone, units, config dir, database, entity/device counts."
    ),
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema({}),
    result={
        "type": "object",
        "properties": {
            "version": {"type": "string"},
            "installation_type": {"type": "string"},
            "python_version": {"type": "string"},
            "time_zone": {"type": "string"},
            "units": {"type": "object"},
            "config_dir": {"type": "string"},
            "database": {"type": ["object", "null"]},
            "counts": {
                "type": "object",
                "properties": {
                    "entities": {"type": "integer"},
                    "registered_entities": {"type": "integer"},
                    "devices": {"type": "integer"},
                    "integrations": {"type": "integer"},
                    "config_entries": {"type": "integer"},
                },
            },
        },
        "required": ["version", "installation_type", "time_zone", "counts"],
    },
    read_only=True,
    requires_admin=True,
)
async def get_system_info(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Gather the facts from the running instance."""
    hass = call.hass
    system = await async_get_system_info(hass)
    return {
        **{key: system.get(key) for key in _SYSTEM_KEYS},
        "time_zone": hass.config.time_zone,
        "units": hass.config.units.as_dict(),
        "location_name": hass.config.location_name,
        "country": hass.config.country,
        "language": hass.config.language,
        "currency": hass.config.currency,
        "config_dir": hass.config.config_dir,
        "database": await _async_database(hass),
        "counts": {
            "entities": hass.states.async_entity_ids_count(),
            "registered_entities": len(er.async_get(hass).entities),
            "devices": len(dr.async_get(hass).devices),
            "integrations": len(
                {component.partition(".")[0] for component in hass.config.components}
            ),
            "config_entries": len(hass.config_entries.async_entries()),
        },
    }


@TOOLS.tool(
    name="ha_get_system_health",
    description=(
        "System health checks per integration (e.g. cloud, recorder, Supervisor), as in System information."
    ),
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema({}),
    result={
        "type": "object",
        "properties": {
            "integrations": {
                "type": "object",
                "additionalProperties": {"type": "object"},
            }
        },
        "required": ["integrations"],
    },
    read_only=True,
    requires_admin=True,
    requires_components=("system_health",),
)
async def get_system_health(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Run every integration's system health callback, bounded in time."""
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT):
            info = await system_health.get_info(call.hass)
    except TimeoutError:
        raise Unavailable(
            f"the system health checks did not finish within {HEALTH_TIMEOUT} s"
        ) from None
    return {"integrations": info}
