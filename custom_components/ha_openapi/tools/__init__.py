"""The tools, one module per subject.

Importing this package registers every tool in ``framework.tool.TOOLS``. To add a
tool, declare it with ``TOOLS.tool(...)`` in its subject's module (or a new module
imported here) and test it in ``tests/tools/test_<subject>.py``.
"""

from . import (
    actions,
    appliances,
    domain_control,
    history,
    overview,
    registry,
    search,
    services,
    states,
)

__all__ = [
    "actions",
    "appliances",
    "domain_control",
    "history",
    "overview",
    "registry",
    "search",
    "services",
    "states",
]
