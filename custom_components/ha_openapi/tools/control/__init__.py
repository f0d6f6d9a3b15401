"""Acting on entities, with the outcome checked against their new state.

``engine`` runs steps and checks outcomes; ``description`` turns a
``ControlDomain`` (a domain's actions, modifiers and settings as data) into a
tool; ``domains`` is the table of those descriptions. ``values``, ``scripts``,
``events`` and ``bulk`` are the tools of other shapes.
"""

from . import bulk, domains, events, scripts, values

__all__ = ["bulk", "domains", "events", "scripts", "values"]
