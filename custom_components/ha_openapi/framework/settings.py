"""What agents may do: the settings every tool call is checked against.

The integration builds them from its config entry's options; the framework only
reads them, so it does not need to know how options are stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FileAccess(StrEnum):
    """How far tools may touch files under the config folder."""

    OFF = "off"
    READ_ONLY = "read_only"
    READ_WRITE = "read_write"

    def allows(self, needed: FileAccess) -> bool:
        """Return whether this level of access includes ``needed``."""
        return _FILE_ACCESS_LEVELS.index(self) >= _FILE_ACCESS_LEVELS.index(needed)


_FILE_ACCESS_LEVELS = (FileAccess.OFF, FileAccess.READ_ONLY, FileAccess.READ_WRITE)


@dataclass(frozen=True, kw_only=True, slots=True)
class Settings:
    """The options in force for a call."""

    enabled_categories: frozenset[str]
    read_only: bool
    exposed_only: bool
    file_access: FileAccess
    max_response_bytes: int
    outcome_wait_seconds: float
    # Whether successful read-only calls are audited like the others.
    record_reads: bool
    # Whether the spec and the LLM API list only the core tools and the
    # catalogue tools that reach the rest.
    compact_catalogue: bool = False
