"""System: administering Home Assistant (reload now; config check, logs and more later)."""

from . import reload

__all__ = ["reload"]
