"""System: administering Home Assistant.

Reloads, the config check and restarts, logs, repairs and notifications, system
information and health, and one integration's config entry at a time.
"""

from . import configuration, info, integrations, logs, notices, reload

__all__ = ["configuration", "info", "integrations", "logs", "notices", "reload"]
