"""System: administering Home Assistant.

Reloads, the config check and restarts, logs, repairs and notifications, system
information and health, one integration's config entry at a time, backups, and
add-ons where there is a Supervisor.
"""

from . import (
    addons,
    backups,
    configuration,
    info,
    integrations,
    logs,
    notices,
    reload,
)

__all__ = [
    "addons",
    "backups",
    "configuration",
    "info",
    "integrations",
    "logs",
    "notices",
    "reload",
]
