"""How the home is organised: areas, floors, labels, devices, entities, integrations.

Listings count and name only the entities the caller may see. Edits change Home
Assistant's own registries (admin only) and return the entry as stored. Areas,
floors and labels are one ``RegistryKind`` each (``kinds``), from which
``kind.registry_tools`` makes their list, create, update and delete tools.
"""

from . import devices, entities, integrations, kinds

__all__ = ["devices", "entities", "integrations", "kinds"]
