"""The tools, one package per subject.

Importing this package registers every tool in ``framework.tool.TOOLS``. A subject
package holds its tools and imports only from the framework and from
``shared`` (the one module subjects share), never from another subject. To add a
tool, declare it with ``TOOLS.tool(...)`` in its subject's package, or add a
subject package and import it here; test it in ``tests/tools/<subject>/``.
"""

from . import (
    assist,
    automations,
    calendars,
    cameras,
    catalogue,
    changes,
    control,
    dashboards,
    files,
    helpers,
    history,
    notify,
    overview,
    registry,
    scenes,
    scripts,
    search,
    services,
    states,
    system,
    templates,
    weather,
)

__all__ = [
    "assist",
    "automations",
    "calendars",
    "cameras",
    "catalogue",
    "changes",
    "control",
    "dashboards",
    "files",
    "helpers",
    "history",
    "notify",
    "overview",
    "registry",
    "scenes",
    "scripts",
    "search",
    "services",
    "states",
    "system",
    "templates",
    "weather",
]
