"""ha_reload_integration, ha_set_integration_enabled, ha_get_diagnostics: one config entry at a time."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigEntryDisabler
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    issue_registry as ir,
)
from homeassistant.helpers.system_info import async_get_system_info
from homeassistant.loader import async_get_integration
import voluptuous as vol

from ...const import DOMAIN, ToolCategory
from ...framework.errors import Conflict, InvalidArguments, NotFound, not_found
from ...framework.tool import TOOLS, ToolCall
from ..shared import device_entry_ids, resolve_by_id_or_name

_ENTRY = vol.Required(
    "entry",
    description=("Entry id/title, or domain if one (ha_list_integrations)"),
)
_ENTRY_RESULT = {
    "entry_id": {"type": "string"},
    "domain": {"type": "string"},
    "title": {"type": "string"},
    "state": {"type": "string"},
    "reason": {"type": ["string", "null"]},
}


def config_entry(call: ToolCall, value: str) -> ConfigEntry:
    """Find a config entry by id, title or (single-entry) domain; 404 with suggestions."""
    entries = call.hass.config_entries.async_entries()
    of_domain = [entry for entry in entries if entry.domain == value.lower()]
    if len(of_domain) == 1:
        return of_domain[0]
    if len(of_domain) > 1:
        raise InvalidArguments(
            f"entry: {value} has {len(of_domain)} config entries; name one: "
            + ", ".join(f"{entry.title} ({entry.entry_id})" for entry in of_domain),
            field="entry",
        )
    return resolve_by_id_or_name(
        "config entry",
        value,
        entries,
        lambda entry: entry.entry_id,
        lambda entry: entry.title,
    )


def _not_ours(entry: ConfigEntry, what: str) -> None:
    if entry.domain == DOMAIN:
        raise InvalidArguments(
            f"entry: {what} HA OpenAPI's own entry would cut off this call; do it in "
            "Settings > Devices & services",
            field="entry",
        )


def _described(entry: ConfigEntry) -> dict[str, Any]:
    return {
        "entry_id": entry.entry_id,
        "domain": entry.domain,
        "title": entry.title,
        "state": entry.state.value,
        "reason": entry.reason,
    }


@TOOLS.tool(
    name="ha_reload_integration",
    description=(
        "Reload one integration's config entry (like its Reload menu) and report its state."
    ),
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema({_ENTRY: cv.string}),
    result={
        "type": "object",
        "properties": _ENTRY_RESULT,
        "required": ["entry_id", "domain", "state"],
    },
    requires_admin=True,
)
async def reload_integration(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Reload the entry; a reload that does not load it again is a 409 with the reason."""
    entry = config_entry(call, args["entry"])
    _not_ours(entry, "reloading")
    if entry.disabled_by:
        raise Conflict(
            f"{entry.title} is disabled; ha_set_integration_enabled enables it"
        )
    if not await call.hass.config_entries.async_reload(entry.entry_id):
        raise Conflict(
            f"{entry.title} did not load again after the reload: {entry.state.value}"
            + (f" ({entry.reason})" if entry.reason else "")
        )
    return _described(entry)


@TOOLS.tool(
    name="ha_set_integration_enabled",
    description=(
        "Enable or disable a config entry; disabling unloads it and disables its entities and devices."
    ),
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema(
        {
            _ENTRY: cv.string,
            vol.Required("enabled", description="true enables, false disables."): (
                cv.boolean
            ),
        }
    ),
    result={
        "type": "object",
        "properties": {**_ENTRY_RESULT, "enabled": {"type": "boolean"}},
        "required": ["entry_id", "domain", "state", "enabled"],
    },
    requires_admin=True,
)
async def set_integration_enabled(
    call: ToolCall, args: dict[str, Any]
) -> dict[str, Any]:
    """Disable or enable the entry as the user would in Settings."""
    entry = config_entry(call, args["entry"])
    _not_ours(entry, "disabling or enabling")
    enabled = args["enabled"]
    await call.hass.config_entries.async_set_disabled_by(
        entry.entry_id, None if enabled else ConfigEntryDisabler.USER
    )
    return {**_described(entry), "enabled": entry.disabled_by is None}


@TOOLS.tool(
    name="ha_get_diagnostics",
    description=(
        "An integration's diagnostics download for a config entry or one of its devices (redacted)."
    ),
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema(
        {
            _ENTRY: cv.string,
            vol.Optional(
                "device_id", description="Device of that entry (ha_list_devices)"
            ): cv.string,
        }
    ),
    result={
        "type": "object",
        "properties": {
            "home_assistant": {"type": "object"},
            "integration_manifest": {"type": "object"},
            "data": {},
            "issues": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["home_assistant", "integration_manifest", "data", "issues"],
    },
    read_only=True,
    requires_admin=True,
)
async def get_diagnostics(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Ask the integration's diagnostics platform, and wrap it as the download does."""
    hass = call.hass
    entry = config_entry(call, args["entry"])
    integration = await async_get_integration(hass, entry.domain)
    try:
        platform = await integration.async_get_platform("diagnostics")
    except ImportError:
        raise NotFound(f"{entry.domain} offers no diagnostics") from None
    if (device_id := args.get("device_id")) is not None:
        device = dr.async_get(hass).async_get(device_id)
        if not isinstance(
            device, dr.DeviceEntry
        ) or entry.entry_id not in device_entry_ids(device):
            raise not_found(
                "device",
                device_id,
                [
                    device.id
                    for device in dr.async_entries_for_config_entry(
                        dr.async_get(hass), entry.entry_id
                    )
                ],
            )
        if (collect := getattr(platform, "async_get_device_diagnostics", None)) is None:
            raise NotFound(f"{entry.domain} offers no device diagnostics")
        data = await collect(hass, entry, device)
    else:
        if (
            collect := getattr(platform, "async_get_config_entry_diagnostics", None)
        ) is None:
            raise NotFound(f"{entry.domain} offers no config entry diagnostics")
        data = await collect(hass, entry)
    system = await async_get_system_info(hass)
    system["run_as_root"] = system.pop("user", None) == "root"
    manifest: dict[str, Any] = {
        **integration.manifest,
        # As the download shows them (GitHub handles without the @).
        "codeowners": [
            owner.removeprefix("@")
            for owner in integration.manifest.get("codeowners", [])
        ],
    }
    return {
        "home_assistant": system,
        "integration_manifest": manifest,
        "data": data,
        "issues": [
            issue.to_json()
            for (domain, _), issue in ir.async_get(hass).issues.items()
            if domain == entry.domain
        ],
    }
