"""Notifications: sending a message to a person or the sidebar."""

from . import send

__all__ = ["send"]
