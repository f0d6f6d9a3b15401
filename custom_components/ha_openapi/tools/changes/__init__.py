"""Changes: the journal of agents' writes to stored configuration, and undo."""

from . import changes

__all__ = ["changes"]
