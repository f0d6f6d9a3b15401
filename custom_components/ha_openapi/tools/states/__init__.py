"""Reading entity states."""

from . import get_states

__all__ = ["get_states"]
