"""The control tools as a table: one ``ControlDomain`` per kind of entity.

Each entry says what the domain's actions need and lead to, which arguments go
with them, and which settings are actions of their own; ``control_tool`` makes
each entry a tool. The entries live by family, each module naming its hooks
(the few checks a table cannot say). Adding a domain is an entry here and its
tests; ``ha_bulk_control`` picks up every entry with on and off actions.
"""

from __future__ import annotations

from ....framework.tool import TOOLS
from ..description import ControlDomain, control_tool
from .climate import CLIMATE, FAN, HUMIDIFIER, WATER_HEATER
from .lights import BOOLEAN, BUTTON, LIGHT, SCENE, SELECT, SWITCH
from .media import MEDIA_PLAYER, REMOTE
from .openings import COVER, LOCK, VALVE
from .robots import LAWN_MOWER, VACUUM
from .security import ALARM_PANEL, SIREN
from .updates import UPDATE

DOMAINS: tuple[ControlDomain, ...] = (
    LIGHT,
    SWITCH,
    FAN,
    COVER,
    CLIMATE,
    LOCK,
    MEDIA_PLAYER,
    VACUUM,
    LAWN_MOWER,
    VALVE,
    HUMIDIFIER,
    WATER_HEATER,
    SIREN,
    ALARM_PANEL,
    REMOTE,
    UPDATE,
    BUTTON,
    SELECT,
    BOOLEAN,
    SCENE,
)

for _description in DOMAINS:
    TOOLS.register(control_tool(_description))
