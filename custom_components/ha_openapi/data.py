"""Runtime data kept on the loaded config entry, and the settings read from its options."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback

from .const import (
    CONF_COMPACT_CATALOGUE,
    CONF_DISABLED_CATEGORIES,
    CONF_EXPOSED_ONLY,
    CONF_FILE_ACCESS,
    CONF_MAX_RESPONSE_KB,
    CONF_OUTCOME_WAIT,
    CONF_READ_ONLY,
    CONF_RECORD_READS,
    DEFAULT_MAX_RESPONSE_KB,
    DEFAULT_OUTCOME_WAIT,
    DOMAIN,
    ToolCategory,
)
from .framework.audit import CallStats
from .framework.changes import ChangeJournal
from .framework.settings import FileAccess, Settings


@dataclass(kw_only=True, slots=True)
class HaOpenApiData:
    """State of the loaded entry: its settings, call counters and the spec cache."""

    settings: Settings
    version: str
    # Before-images of agents' writes, for undo (persisted across restarts).
    journal: ChangeJournal
    stats: CallStats = field(default_factory=CallStats)
    # Serialized spec and its ETag per audience; cleared when the options change.
    spec_cache: dict[str, tuple[bytes, str]] = field(default_factory=dict)


type HaOpenApiConfigEntry = ConfigEntry[HaOpenApiData]


@callback
def loaded_entry(hass: HomeAssistant) -> HaOpenApiConfigEntry | None:
    """Return the loaded config entry, if the integration is set up and enabled."""
    entries: list[HaOpenApiConfigEntry] = hass.config_entries.async_loaded_entries(
        DOMAIN
    )
    return entries[0] if entries else None


def settings_from_options(options: Mapping[str, Any]) -> Settings:
    """Build settings from entry options; missing keys take safe defaults."""
    disabled = set(options.get(CONF_DISABLED_CATEGORIES, ()))
    return Settings(
        enabled_categories=frozenset(
            category for category in ToolCategory if category not in disabled
        ),
        read_only=bool(options.get(CONF_READ_ONLY, False)),
        exposed_only=bool(options.get(CONF_EXPOSED_ONLY, False)),
        file_access=FileAccess(options.get(CONF_FILE_ACCESS, FileAccess.OFF)),
        max_response_bytes=int(
            options.get(CONF_MAX_RESPONSE_KB, DEFAULT_MAX_RESPONSE_KB)
        )
        * 1024,
        outcome_wait_seconds=float(
            options.get(CONF_OUTCOME_WAIT, DEFAULT_OUTCOME_WAIT)
        ),
        record_reads=bool(options.get(CONF_RECORD_READS, False)),
        compact_catalogue=bool(options.get(CONF_COMPACT_CATALOGUE, False)),
    )
