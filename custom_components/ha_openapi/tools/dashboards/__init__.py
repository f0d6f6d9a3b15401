"""Dashboards: Home Assistant's lovelace dashboards, read and written in-process."""

from . import dashboards

__all__ = ["dashboards"]
