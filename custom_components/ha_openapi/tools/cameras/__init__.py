"""Cameras: snapshots, scaled to fit what an agent's model can take."""

from . import snapshot

__all__ = ["snapshot"]
