"""Automations: authored in automations.yaml with the shared write safety; enabled, triggered, traced."""

from . import automations, blueprints, traces

__all__ = ["automations", "blueprints", "traces"]
