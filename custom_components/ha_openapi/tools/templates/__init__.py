"""Templates: Home Assistant's template engine, bounded."""

from . import render

__all__ = ["render"]
