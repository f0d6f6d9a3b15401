"""The config entry's options, parsed once into the settings every call sees."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..const import (
    CONF_DISABLED_CATEGORIES,
    CONF_EXPOSED_ONLY,
    CONF_FILE_ACCESS,
    CONF_MAX_RESPONSE_KB,
    CONF_OUTCOME_WAIT,
    CONF_READ_ONLY,
    DEFAULT_MAX_RESPONSE_KB,
    DEFAULT_OUTCOME_WAIT,
    FileAccess,
    ToolCategory,
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Settings:
    """What agents may do, as chosen in the integration's options."""

    enabled_categories: frozenset[ToolCategory]
    read_only: bool = False
    exposed_only: bool = False
    file_access: FileAccess = FileAccess.OFF
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_KB * 1024
    outcome_wait_seconds: float = DEFAULT_OUTCOME_WAIT

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> Settings:
        """Build settings from entry options; missing keys take safe defaults."""
        disabled = set(options.get(CONF_DISABLED_CATEGORIES, ()))
        return cls(
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
        )
