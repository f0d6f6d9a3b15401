"""Acting on entities, with the outcome checked against their new state."""

from . import actions, appliances, domain_control

__all__ = ["actions", "appliances", "domain_control"]
