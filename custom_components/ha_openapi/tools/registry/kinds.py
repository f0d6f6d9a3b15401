"""Areas, floors and labels: one ``RegistryKind`` each, and the tools made from them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from homeassistant.helpers import (
    area_registry as ar,
    entity_registry as er,
    floor_registry as fr,
    label_registry as lr,
)
import voluptuous as vol

from ...framework.policy import visible_entity_ids
from ...framework.tool import TOOLS, ToolCall
from ..shared import all_devices, area_of_entity
from .kind import (
    ALIASES_FIELD,
    FLOOR_FIELD,
    LABELS_FIELD,
    NULLABLE,
    NULLABLE_STRING,
    STRING_LIST,
    RegistryField,
    RegistryKind,
    object_schema,
    registry_tools,
)

_COUNT: dict[str, Any] = {"type": "integer"}


# -- areas ------------------------------------------------------------------------


def _show_area(area: ar.AreaEntry) -> dict[str, Any]:
    return {
        "area_id": area.id,
        "name": area.name,
        "floor_id": area.floor_id,
        "icon": area.icon,
        "aliases": sorted(area.aliases),
        "labels": sorted(area.labels),
    }


def _area_counts(call: ToolCall) -> Callable[[ar.AreaEntry], dict[str, Any]]:
    """Each area's floor name, and the entities (the caller may see) and devices in it."""
    area_of = area_of_entity(call.hass)
    entities = Counter(area_of(entity_id) for entity_id in visible_entity_ids(call))
    devices = Counter(device.area_id for device in all_devices(call.hass))
    floors = {
        floor.floor_id: floor.name
        for floor in fr.async_get(call.hass).async_list_floors()
    }
    return lambda area: {
        "floor": floors.get(area.floor_id) if area.floor_id else None,
        "entity_count": entities[area.id],
        "device_count": devices[area.id],
    }


AREA = RegistryKind[ar.AreaEntry](
    kind="area",
    plural="areas",
    entries=lambda hass: ar.async_get(hass).async_list_areas(),
    create=lambda hass, name, changes: ar.async_get(hass).async_create(name, **changes),
    update=lambda hass, area_id, changes: ar.async_get(hass).async_update(
        area_id, **changes
    ),
    delete=lambda hass, area_id: ar.async_get(hass).async_delete(area_id),
    entry_id=lambda area: area.id,
    entry_name=lambda area: area.name,
    show=_show_area,
    item_schema=object_schema(
        {
            "area_id": {"type": "string"},
            "name": {"type": "string"},
            "floor_id": NULLABLE_STRING,
            "icon": NULLABLE_STRING,
            "aliases": STRING_LIST,
            "labels": STRING_LIST,
        }
    ),
    fields=(
        FLOOR_FIELD,
        RegistryField(
            name="icon",
            validator=NULLABLE,
            description="e.g. mdi:sofa; null removes",
        ),
        ALIASES_FIELD,
        LABELS_FIELD,
    ),
    sort_key=lambda area: area.name.casefold(),
    listed=_area_counts,
    listed_schema={
        "floor": {**NULLABLE_STRING, "description": "The floor's name."},
        "entity_count": _COUNT,
        "device_count": _COUNT,
    },
    list_description=(
        "List areas (rooms) with floor, aliases and entity and device counts."
    ),
    manage_description=(
        "Create, rename or delete an area (room), or change its floor, icon, "
        "aliases or labels. Deleting keeps its devices and entities, without an area."
    ),
)


# -- floors -----------------------------------------------------------------------


def _show_floor(floor: fr.FloorEntry) -> dict[str, Any]:
    return {
        "floor_id": floor.floor_id,
        "name": floor.name,
        "level": floor.level,
        "icon": floor.icon,
        "aliases": sorted(floor.aliases),
    }


def _floor_areas(call: ToolCall) -> Callable[[fr.FloorEntry], dict[str, Any]]:
    """List the areas on each floor."""
    areas: dict[str | None, list[str]] = {}
    for area in ar.async_get(call.hass).async_list_areas():
        areas.setdefault(area.floor_id, []).append(area.id)
    return lambda floor: {"area_ids": sorted(areas.get(floor.floor_id, []))}


FLOOR = RegistryKind[fr.FloorEntry](
    kind="floor",
    plural="floors",
    entries=lambda hass: fr.async_get(hass).async_list_floors(),
    create=lambda hass, name, changes: fr.async_get(hass).async_create(name, **changes),
    update=lambda hass, floor_id, changes: fr.async_get(hass).async_update(
        floor_id, **changes
    ),
    delete=lambda hass, floor_id: fr.async_get(hass).async_delete(floor_id),
    entry_id=lambda floor: floor.floor_id,
    entry_name=lambda floor: floor.name,
    show=_show_floor,
    item_schema=object_schema(
        {
            "floor_id": {"type": "string"},
            "name": {"type": "string"},
            "level": {"type": ["integer", "null"]},
            "icon": NULLABLE_STRING,
            "aliases": STRING_LIST,
        }
    ),
    fields=(
        RegistryField(
            name="level",
            # Stored as JSON by the registry: keep it a small integer.
            validator=vol.Any(
                None, vol.All(vol.Coerce(int), vol.Range(min=-100, max=1000))
            ),
            description="0 ground, negative below; null removes",
        ),
        RegistryField(
            name="icon",
            validator=NULLABLE,
            description="e.g. mdi:home-floor-1; null removes",
        ),
        ALIASES_FIELD,
    ),
    sort_key=lambda floor: (
        floor.level is None,
        floor.level or 0,
        floor.name.casefold(),
    ),
    listed=_floor_areas,
    listed_schema={"area_ids": STRING_LIST},
    list_description="List floors with their level and areas.",
    manage_description=(
        "Create, rename or delete a floor, or change its level, icon or aliases. "
        "Deleting keeps its areas, without a floor."
    ),
)


# -- labels -----------------------------------------------------------------------


def _show_label(label: lr.LabelEntry) -> dict[str, Any]:
    return {
        "label_id": label.label_id,
        "name": label.name,
        "color": label.color,
        "icon": label.icon,
        "description": label.description,
    }


def _label_counts(call: ToolCall) -> Callable[[lr.LabelEntry], dict[str, Any]]:
    """How many entities the caller may see carry each label."""
    entities = er.async_get(call.hass)
    counts = Counter(
        label
        for entity_id in visible_entity_ids(call)
        if (entry := entities.async_get(entity_id))
        for label in entry.labels
    )
    return lambda label: {"entity_count": counts[label.label_id]}


LABEL = RegistryKind[lr.LabelEntry](
    kind="label",
    plural="labels",
    entries=lambda hass: lr.async_get(hass).async_list_labels(),
    create=lambda hass, name, changes: lr.async_get(hass).async_create(name, **changes),
    update=lambda hass, label_id, changes: lr.async_get(hass).async_update(
        label_id, **changes
    ),
    delete=lambda hass, label_id: lr.async_get(hass).async_delete(label_id),
    entry_id=lambda label: label.label_id,
    entry_name=lambda label: label.name,
    show=_show_label,
    item_schema=object_schema(
        {
            "label_id": {"type": "string"},
            "name": {"type": "string"},
            "color": NULLABLE_STRING,
            "icon": NULLABLE_STRING,
            "description": NULLABLE_STRING,
        }
    ),
    fields=(
        RegistryField(
            name="color",
            validator=NULLABLE,
            description="e.g. red; null removes",
        ),
        RegistryField(
            name="icon",
            validator=NULLABLE,
            description="e.g. mdi:tag; null removes it.",
        ),
        RegistryField(
            name="description",
            validator=NULLABLE,
            description="What it means; null removes",
        ),
    ),
    sort_key=lambda label: label.name.casefold(),
    listed=_label_counts,
    listed_schema={"entity_count": _COUNT},
    list_description=("List labels with color, icon, description and entity count."),
    manage_description=(
        "Create, rename or delete a label, or change its color, icon or "
        "description. Deleting removes it from every entity, device and area."
    ),
)

for _tool in (*registry_tools(AREA), *registry_tools(FLOOR), *registry_tools(LABEL)):
    TOOLS.register(_tool)
