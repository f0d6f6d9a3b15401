"""Entities' registry settings: name, icon, area, labels, aliases, disabled, hidden."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    entity_registry as er,
)
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import InvalidArguments
from ...framework.tool import TOOLS, ToolCall
from ..shared import entities_not_found
from .kind import (
    ALIASES_FIELD,
    AREA_FIELD,
    LABELS_FIELD,
    NULLABLE,
    NULLABLE_STRING,
    STRING_LIST,
    RegistryField,
    clean_aliases,
    fields_schema,
    object_schema,
    registry_changes,
)

_ENTITY_FIELDS = (
    RegistryField(
        name="name",
        validator=NULLABLE,
        description="Display name; null restores default",
    ),
    RegistryField(
        name="icon",
        validator=NULLABLE,
        description="e.g. mdi:lamp; null restores default",
    ),
    AREA_FIELD,
    LABELS_FIELD,
    ALIASES_FIELD,
    RegistryField(
        name="disabled",
        validator=bool,
        description="true disables, false enables",
        keyword="disabled_by",
        convert=lambda hass, disabled: (
            er.RegistryEntryDisabler.USER if disabled else None
        ),
    ),
    RegistryField(
        name="hidden",
        validator=bool,
        description="true hides, false shows.",
        keyword="hidden_by",
        convert=lambda hass, hidden: er.RegistryEntryHider.USER if hidden else None,
    ),
)


@TOOLS.tool(
    name="ha_update_entity",
    description=(
        "Change an entity's registry settings: name, icon, area, labels, aliases, disabled, hidden."
    ),
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {
            vol.Required("entity_id", description="Entity id"): cv.entity_id,
            **fields_schema(_ENTITY_FIELDS),
        }
    ),
    result=object_schema(
        {
            "entity_id": {"type": "string"},
            "name": NULLABLE_STRING,
            "original_name": NULLABLE_STRING,
            "icon": NULLABLE_STRING,
            "area_id": NULLABLE_STRING,
            "labels": STRING_LIST,
            "aliases": STRING_LIST,
            "disabled_by": NULLABLE_STRING,
            "hidden_by": NULLABLE_STRING,
            "device_id": NULLABLE_STRING,
            "platform": {"type": "string"},
        }
    ),
    requires_admin=True,
)
async def update_entity(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Apply the given changes and return the stored entry."""
    hass = call.hass
    registry = er.async_get(hass)
    entity_id = args["entity_id"]
    if (entry := registry.async_get(entity_id)) is None:
        if hass.states.get(entity_id) is None:
            raise entities_not_found(call, [entity_id])
        raise InvalidArguments(
            f"entity_id: {entity_id} has no unique id, so Home Assistant cannot store settings for it",
            field="entity_id",
        )
    changes = registry_changes(hass, _ENTITY_FIELDS, args)
    if "aliases" in changes:
        changes["aliases"] = _aliases(entry, args["aliases"])
    try:
        updated = registry.async_update_entity(entity_id, **changes)
    except ValueError as err:
        raise _refused(hass, entry, changes, err) from err
    return _entity_dict(updated)


def _refused(
    hass: HomeAssistant,
    entry: er.RegistryEntry,
    changes: dict[str, Any],
    error: ValueError,
) -> InvalidArguments:
    """Say in the caller's terms why the registry refused the change.

    From HA 2026.x an entity without a name of its own takes its area from its
    device; the way out is to move the device.
    """
    device = dr.async_get(hass).async_get(entry.device_id) if entry.device_id else None
    if "area_id" in changes and device is not None:
        name = device.name_by_user or device.name or device.id
        return InvalidArguments(
            f"area: {entry.entity_id} has no name of its own, so it is in the area of "
            f"its device {name}; move the device with ha_update_device, or give the "
            "entity a name first",
            field="area",
        )
    return InvalidArguments(str(error))


def _aliases(entry: er.RegistryEntry, given: list[str]) -> Any:
    """Return the aliases to store: the given ones, stripped, and the entity's own name.

    Up to HA 2026.5 or so aliases are a set of strings. After, a list in which a
    marker stands for the entity's own name, which Assist then recognises too;
    an entity without aliases has it implicitly. As in HA's UI, the marker is
    kept (or kept implicit) and blank aliases are dropped.
    """
    aliases = clean_aliases(given)
    current: Collection[object] = entry.aliases
    if not isinstance(current, list):
        return set(aliases)
    own_name = [alias for alias in current if not isinstance(alias, str)]
    if not current:
        own_name = [vars(er)["COMPUTED_NAME"]]  # only in releases with the marker
    return [*own_name, *aliases]


def _entity_dict(entry: er.RegistryEntry) -> dict[str, Any]:
    return {
        "entity_id": entry.entity_id,
        "name": entry.name,
        "original_name": entry.original_name,
        "icon": entry.icon,
        "area_id": entry.area_id,
        "labels": sorted(entry.labels),
        "aliases": [alias for alias in entry.aliases if isinstance(alias, str)],
        "disabled_by": entry.disabled_by.value if entry.disabled_by else None,
        "hidden_by": entry.hidden_by.value if entry.hidden_by else None,
        "device_id": entry.device_id,
        "platform": entry.platform,
    }
