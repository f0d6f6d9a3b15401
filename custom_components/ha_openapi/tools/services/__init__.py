"""Home Assistant actions (services): calling them, and what they take."""

from . import call_service, catalogue

__all__ = ["call_service", "catalogue"]
