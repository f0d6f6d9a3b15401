"""Constants for the HA OpenAPI integration."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

# Defined by the framework, which imports nothing from this package; named here too.
from .framework.audit import EVENT_TOOL_CALLED  # noqa: F401
from .framework.settings import FileAccess  # noqa: F401

DOMAIN: Final = "ha_openapi"
TITLE: Final = "HA OpenAPI"

URL_PREFIX: Final = "/api/ha_openapi"

# The form asks which categories are enabled; the options store the disabled
# ones, so categories added by later versions start enabled.
CONF_ENABLED_CATEGORIES: Final = "enabled_categories"
CONF_DISABLED_CATEGORIES: Final = "disabled_categories"
CONF_READ_ONLY: Final = "read_only"
CONF_EXPOSED_ONLY: Final = "exposed_entities_only"
CONF_FILE_ACCESS: Final = "file_access"
CONF_MAX_RESPONSE_KB: Final = "max_response_kb"
CONF_OUTCOME_WAIT: Final = "outcome_wait_seconds"
CONF_RECORD_READS: Final = "record_reads"
CONF_COMPACT_CATALOGUE: Final = "compact_catalogue"

DEFAULT_MAX_RESPONSE_KB: Final = 128
# How long control tools wait for the state an action should produce.
DEFAULT_OUTCOME_WAIT: Final = 3
MAX_OUTCOME_WAIT: Final = 30
MIN_MAX_RESPONSE_KB: Final = 8
MAX_MAX_RESPONSE_KB: Final = 4096

# Bodies are tool arguments, never uploads; a megabyte is plenty and bounds parsing.
MAX_REQUEST_BYTES: Final = 1024 * 1024


class ToolCategory(StrEnum):
    """Subjects tools are grouped by; each can be switched off in the options."""

    STATES = "states"
    SERVICES = "services"
    REGISTRY = "registry"
    HISTORY = "history"
    CONTROL = "control"
    DASHBOARDS = "dashboards"
    AUTOMATIONS = "automations"
    SCRIPTS = "scripts"
    SCENES = "scenes"
    HELPERS = "helpers"
    SYSTEM = "system"
    CHANGES = "changes"
    TEMPLATES = "templates"
    ASSIST = "assist"
    NOTIFICATIONS = "notifications"
    CALENDARS = "calendars"
    CAMERAS = "cameras"
    FILES = "files"
    # ha_find_tools and ha_call_tool: how an agent reaches the others.
    CATALOGUE = "catalogue"


# The categories the options list: file tools answer to the file access option
# alone, and the catalogue tools are always there.
SWITCHABLE_CATEGORIES: Final = tuple(
    category
    for category in ToolCategory
    if category not in (ToolCategory.FILES, ToolCategory.CATALOGUE)
)
