"""Automations: authored in automations.yaml with the shared write safety; enabled, triggered."""

from . import automations

__all__ = ["automations"]
