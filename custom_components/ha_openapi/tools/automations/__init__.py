"""Automations: authored in automations.yaml with the shared write safety; enabled, triggered, traced."""

from . import automations, traces

__all__ = ["automations", "traces"]
