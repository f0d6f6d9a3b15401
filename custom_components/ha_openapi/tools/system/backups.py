"""ha_list_backups and ha_create_backup, through Home Assistant's backup manager."""

from __future__ import annotations

from typing import Any

from homeassistant.components.backup import async_get_manager
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import Conflict
from ...framework.schema import confirm_field, require_confirmation
from ...framework.tool import TOOLS, ToolCall

# Agents on a Supervisor installation; a core installation's manager names its own.
SUPERVISOR_LOCAL_AGENT = "hassio.local"
_BACKUP = {
    "type": "object",
    "properties": {
        "backup_id": {"type": "string"},
        "name": {"type": "string"},
        "date": {"type": "string"},
        "size": {"type": "integer", "description": "Bytes (the largest copy)."},
        "locations": {"type": "array", "items": {"type": "string"}},
        "protected": {"type": "boolean"},
        "homeassistant_version": {"type": ["string", "null"]},
        "database_included": {"type": "boolean"},
        "automatic": {"type": ["boolean", "null"]},
    },
    "required": ["backup_id", "name", "date", "size", "locations"],
}


def _described(backup: Any) -> dict[str, Any]:
    return {
        "backup_id": backup.backup_id,
        "name": backup.name,
        "date": backup.date,
        "size": max((status.size for status in backup.agents.values()), default=0),
        "locations": sorted(backup.agents),
        "protected": any(status.protected for status in backup.agents.values()),
        "homeassistant_version": backup.homeassistant_version,
        "database_included": backup.database_included,
        "automatic": backup.with_automatic_settings,
    }


@TOOLS.tool(
    name="ha_list_backups",
    description=(
        "List backups in every location: id, name, date, size, location, protected; newest first."
    ),
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema({}),
    result={
        "type": "object",
        "properties": {
            "backups": {"type": "array", "items": _BACKUP},
            "unreachable_locations": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": "Backup locations that could not be listed, and why.",
            },
        },
        "required": ["backups", "unreachable_locations"],
    },
    read_only=True,
    requires_admin=True,
    requires_components=("backup",),
)
async def list_backups(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Ask every backup location through the manager."""
    backups, errors = await async_get_manager(call.hass).async_get_backups()
    return {
        "backups": sorted(
            (_described(backup) for backup in backups.values()),
            key=lambda backup: backup["date"],
            reverse=True,
        ),
        "unreachable_locations": {agent: str(error) for agent, error in errors.items()},
    }


@TOOLS.tool(
    name="ha_create_backup",
    description=(
        "Make a full local backup now (needs confirm); waits until written, reports id and size."
    ),
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema(
        {
            **confirm_field(),
            vol.Optional("name", description="Name; default HA's own"): vol.All(
                cv.string, vol.Length(min=1, max=100)
            ),
            vol.Optional(
                "include_database",
                default=True,
                description="Include the history database.",
            ): cv.boolean,
        }
    ),
    result=_BACKUP,
    requires_admin=True,
    requires_components=("backup",),
)
async def create_backup(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Create the backup and wait for it; report the backup that now exists."""
    require_confirmation(args, "make a backup")
    manager = async_get_manager(call.hass)
    agents = list(manager.local_backup_agents) or [SUPERVISOR_LOCAL_AGENT]
    before, _ = await manager.async_get_backups()
    try:
        new = await manager.async_create_backup(
            agent_ids=agents[:1],
            include_addons=None,
            include_all_addons=False,
            include_database=args["include_database"],
            include_folders=None,
            include_homeassistant=True,
            name=args.get("name"),
            password=None,
        )
    except HomeAssistantError as err:
        raise Conflict(f"the backup was not made: {err}") from None
    backup, _ = await manager.async_get_backup(new.backup_job_id)
    if backup is None:
        # On a Supervisor the job id is not the backup's id: find the new one.
        after, _ = await manager.async_get_backups()
        added = [after[backup_id] for backup_id in after.keys() - before.keys()]
        if len(added) != 1:
            raise Conflict(
                "the backup finished, but it cannot be told apart among the backups; "
                "ha_list_backups lists them"
            )
        backup = added[0]
    return _described(backup)
