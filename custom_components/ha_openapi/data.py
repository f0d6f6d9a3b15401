"""Runtime data kept on the loaded config entry."""

from __future__ import annotations

from dataclasses import dataclass, field

from homeassistant.config_entries import ConfigEntry

from .framework.audit import CallStats
from .framework.settings import Settings


@dataclass(kw_only=True, slots=True)
class HaOpenApiData:
    """State of the loaded entry: its settings, call counters and the spec cache."""

    settings: Settings
    version: str
    stats: CallStats = field(default_factory=CallStats)
    # Serialized spec and its ETag per audience; cleared when the options change.
    spec_cache: dict[str, tuple[bytes, str]] = field(default_factory=dict)


type HaOpenApiConfigEntry = ConfigEntry[HaOpenApiData]
