"""Dashboards: Home Assistant's lovelace dashboards, read and written in-process."""

from . import dashboards, resources, structure

__all__ = ["dashboards", "resources", "structure"]
