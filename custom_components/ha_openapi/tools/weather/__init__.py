"""Weather: forecasts of weather entities."""

from . import forecast

__all__ = ["forecast"]
