"""Scene tools: list, read, create, update and delete scenes in scenes.yaml."""

from . import scenes

__all__ = ["scenes"]
