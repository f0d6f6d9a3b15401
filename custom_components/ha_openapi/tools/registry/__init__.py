"""How the home is organised: areas, floors, labels, devices, entities, integrations."""

from . import registry

__all__ = ["registry"]
