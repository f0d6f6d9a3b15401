"""How the home is organised: areas, floors, labels, devices and integrations.

Listings count and name only the entities the caller may see. Edits change
Home Assistant's own registries (admin only) and return the entry as stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import (
    area_registry as ar,
    config_validation as cv,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
    label_registry as lr,
)
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import InvalidArguments, not_found
from ...framework.output import Page, page_schema, paginate, pagination_fields
from ...framework.policy import may_read, visible_entity_ids
from ...framework.tool import TOOLS, ToolCall
from ..shared import (
    all_devices,
    area_of_entity,
    device_entry_ids,
    entities_not_found,
    resolve_area,
    resolve_device,
    resolve_floor,
    resolve_label,
)

_STRINGS = vol.All(cv.ensure_list, [cv.string])
_NULLABLE = vol.Any(None, cv.string)
_OBJECT: dict[str, Any] = {"type": "object", "additionalProperties": True}


# -- listings -----------------------------------------------------------------


@TOOLS.tool(
    name="ha_list_areas",
    description="List areas (rooms) with their floor, aliases and how many entities and devices each has.",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(pagination_fields()),
    result=page_schema(_OBJECT),
    read_only=True,
)
async def list_areas(call: ToolCall, args: dict[str, Any]) -> Page:
    """Return the areas, sorted by name."""
    hass = call.hass
    area_of = area_of_entity(hass)
    entity_counts = Counter(
        area_of(entity_id) for entity_id in visible_entity_ids(call)
    )
    device_counts = Counter(device.area_id for device in all_devices(hass))
    floors = {
        floor.floor_id: floor.name for floor in fr.async_get(hass).async_list_floors()
    }
    areas = sorted(
        ar.async_get(hass).async_list_areas(), key=lambda area: area.name.casefold()
    )
    page = paginate(areas, args)
    page.items = [
        {
            **_area_dict(area),
            "floor": floors.get(area.floor_id) if area.floor_id else None,
            "entity_count": entity_counts[area.id],
            "device_count": device_counts[area.id],
        }
        for area in page.items
    ]
    return page


@TOOLS.tool(
    name="ha_list_floors",
    description="List floors with their level and the areas on each.",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(pagination_fields()),
    result=page_schema(_OBJECT),
    read_only=True,
)
async def list_floors(call: ToolCall, args: dict[str, Any]) -> Page:
    """Return the floors, lowest level first."""
    hass = call.hass
    areas_by_floor: dict[str | None, list[str]] = {}
    for area in ar.async_get(hass).async_list_areas():
        areas_by_floor.setdefault(area.floor_id, []).append(area.id)
    floors = sorted(
        fr.async_get(hass).async_list_floors(),
        key=lambda floor: (
            floor.level is None,
            floor.level or 0,
            floor.name.casefold(),
        ),
    )
    page = paginate(floors, args)
    page.items = [
        {
            **_floor_dict(floor),
            "area_ids": sorted(areas_by_floor.get(floor.floor_id, [])),
        }
        for floor in page.items
    ]
    return page


@TOOLS.tool(
    name="ha_list_labels",
    description="List labels with their color, icon, description and how many entities carry each.",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(pagination_fields()),
    result=page_schema(_OBJECT),
    read_only=True,
)
async def list_labels(call: ToolCall, args: dict[str, Any]) -> Page:
    """Return the labels, sorted by name."""
    entities = er.async_get(call.hass)
    counts = Counter(
        label
        for entity_id in visible_entity_ids(call)
        if (entry := entities.async_get(entity_id))
        for label in entry.labels
    )
    labels = sorted(
        lr.async_get(call.hass).async_list_labels(),
        key=lambda label: label.name.casefold(),
    )
    page = paginate(labels, args)
    page.items = [
        {**_label_dict(label), "entity_count": counts[label.label_id]}
        for label in page.items
    ]
    return page


@TOOLS.tool(
    name="ha_list_devices",
    description=(
        "List devices with manufacturer, model, area and their entity ids; filter by "
        "area, integration, manufacturer, model or label."
    ),
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {
            vol.Optional("area", description="Area id or name."): cv.string,
            vol.Optional(
                "integration", description="Integration domain, e.g. hue."
            ): cv.string,
            vol.Optional(
                "manufacturer", description="Manufacturer, ignoring case."
            ): cv.string,
            vol.Optional("model", description="Model, ignoring case."): cv.string,
            vol.Optional("label", description="Label id or name."): cv.string,
            **pagination_fields(),
        }
    ),
    result=page_schema(_OBJECT),
    read_only=True,
)
async def list_devices(call: ToolCall, args: dict[str, Any]) -> Page:
    """Return the matching devices that have an entity the caller may see, or none at all."""
    hass = call.hass
    devices = all_devices(hass)
    if "area" in args:
        area_id = resolve_area(hass, args["area"]).id
        devices = [device for device in devices if device.area_id == area_id]
    if "label" in args:
        label_id = resolve_label(hass, args["label"]).label_id
        devices = [device for device in devices if label_id in device.labels]
    if integration := args.get("integration"):
        entry_ids = {
            entry.entry_id for entry in hass.config_entries.async_entries(integration)
        }
        devices = [device for device in devices if entry_ids & device_entry_ids(device)]
    for key in ("manufacturer", "model"):
        if wanted := args.get(key):
            devices = [
                device
                for device in devices
                if (getattr(device, key) or "").casefold() == wanted.casefold()
            ]
    entities = _entities_by_device(call)
    all_entities = Counter(
        entry.device_id
        for entry in er.async_get(hass).entities.values()
        if entry.device_id
    )
    # A device whose every entity is hidden from the caller is hidden too.
    devices = [
        device
        for device in devices
        if entities.get(device.id) or not all_entities[device.id]
    ]
    devices.sort(key=lambda device: (_device_name(device).casefold(), device.id))
    page = paginate(devices, args)
    page.items = [
        {**_device_dict(hass, device), "entity_ids": entities.get(device.id, [])}
        for device in page.items
    ]
    return page


@TOOLS.tool(
    name="ha_get_device",
    description="Get one device by id or name: its details and its entities with their current state.",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {vol.Required("device", description="Device id or name."): cv.string}
    ),
    result=_OBJECT,
    read_only=True,
)
async def get_device(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Return the device and its visible entities."""
    hass = call.hass
    device = resolve_device(hass, args["device"])
    entity_ids = _entities_by_device(call).get(device.id, [])
    if not entity_ids and er.async_entries_for_device(er.async_get(hass), device.id):
        # Consistent with ha_list_devices: every entity of it is hidden from the caller.
        raise not_found("device", args["device"], ())
    entities = []
    for entity_id in entity_ids:
        state = hass.states.get(entity_id)
        entities.append(
            {
                "entity_id": entity_id,
                "name": state.name if state else None,
                "state": state.state if state else "unavailable",
            }
        )
    return {**_device_dict(hass, device), "entities": entities}


@TOOLS.tool(
    name="ha_list_integrations",
    description=(
        "List the configured integrations (config entries): domain, title, state, "
        "and how many devices and entities each provides."
    ),
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {
            vol.Optional(
                "domain", description="Only this integration, e.g. hue."
            ): cv.string,
            **pagination_fields(),
        }
    ),
    result=page_schema(_OBJECT),
    read_only=True,
    requires_admin=True,
)
async def list_integrations(call: ToolCall, args: dict[str, Any]) -> Page:
    """Return config entries, by domain and title."""
    hass = call.hass
    entity_counts = Counter(
        entry.config_entry_id
        for entry in er.async_get(hass).entities.values()
        if entry.config_entry_id
    )
    device_counts = Counter(
        entry_id
        for device in all_devices(hass)
        for entry_id in device_entry_ids(device)
    )
    entries = sorted(
        hass.config_entries.async_entries(args.get("domain")),
        key=lambda entry: (entry.domain, entry.title.casefold()),
    )
    page = paginate(entries, args)
    page.items = [
        {
            "entry_id": entry.entry_id,
            "domain": entry.domain,
            "title": entry.title,
            "state": entry.state.value,
            "reason": entry.reason,
            "disabled_by": entry.disabled_by.value if entry.disabled_by else None,
            "device_count": device_counts[entry.entry_id],
            "entity_count": entity_counts[entry.entry_id],
        }
        for entry in page.items
    ]
    return page


# -- edits ----------------------------------------------------------------------


@TOOLS.tool(
    name="ha_update_entity",
    description=(
        "Change an entity's registry settings: name, icon, area, labels, aliases, "
        "disabled, hidden. null clears name, icon or area. Returns the entry as stored."
    ),
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {
            vol.Required(
                "entity_id", description="The entity, e.g. light.kitchen."
            ): cv.entity_id,
            vol.Optional(
                "name", description="Display name; null restores the default."
            ): _NULLABLE,
            vol.Optional(
                "icon", description="e.g. mdi:lamp; null restores the default."
            ): _NULLABLE,
            vol.Optional(
                "area", description="Area id or name; null removes it."
            ): _NULLABLE,
            vol.Optional(
                "labels", description="Label ids or names (replaces the list)."
            ): _STRINGS,
            vol.Optional(
                "aliases", description="Assist aliases (replaces the list)."
            ): _STRINGS,
            vol.Optional(
                "disabled", description="true disables, false re-enables."
            ): bool,
            vol.Optional("hidden", description="true hides, false shows."): bool,
        }
    ),
    result=_OBJECT,
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
    changes: dict[str, Any] = {
        key: args[key] for key in ("name", "icon") if key in args
    }
    if "area" in args:
        changes["area_id"] = (
            resolve_area(hass, args["area"]).id if args["area"] else None
        )
    if "labels" in args:
        changes["labels"] = {
            resolve_label(hass, label).label_id for label in args["labels"]
        }
    if "aliases" in args:
        # A set up to HA 2026.5 or so, a list (with computed-name markers) after.
        changes["aliases"] = type(entry.aliases)(args["aliases"])
    if "disabled" in args:
        changes["disabled_by"] = (
            er.RegistryEntryDisabler.USER if args["disabled"] else None
        )
    if "hidden" in args:
        changes["hidden_by"] = er.RegistryEntryHider.USER if args["hidden"] else None
    entry = registry.async_update_entity(entity_id, **changes)
    return _entity_dict(entry)


@TOOLS.tool(
    name="ha_update_device",
    description="Change a device's name, area or labels. null clears the name or area. Returns the device as stored.",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {
            vol.Required("device", description="Device id or name."): cv.string,
            vol.Optional(
                "name", description="Name; null restores the integration's name."
            ): _NULLABLE,
            vol.Optional(
                "area", description="Area id or name; null removes it."
            ): _NULLABLE,
            vol.Optional(
                "labels", description="Label ids or names (replaces the list)."
            ): _STRINGS,
        }
    ),
    result=_OBJECT,
    requires_admin=True,
)
async def update_device(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Apply the given changes and return the stored device."""
    hass = call.hass
    device = resolve_device(hass, args["device"])
    changes: dict[str, Any] = {}
    if "name" in args:
        changes["name_by_user"] = args["name"]
    if "area" in args:
        changes["area_id"] = (
            resolve_area(hass, args["area"]).id if args["area"] else None
        )
    if "labels" in args:
        changes["labels"] = {
            resolve_label(hass, label).label_id for label in args["labels"]
        }
    updated = dr.async_get(hass).async_update_device(device.id, **changes)
    return _device_dict(hass, updated or device)


_AREA_FIELDS = {
    vol.Optional("floor", description="Floor id or name; null removes it."): _NULLABLE,
    vol.Optional("icon", description="e.g. mdi:sofa; null removes it."): _NULLABLE,
    vol.Optional(
        "aliases", description="Assist aliases (replaces the list)."
    ): _STRINGS,
    vol.Optional(
        "labels", description="Label ids or names (replaces the list)."
    ): _STRINGS,
}


def _area_changes(hass: HomeAssistant, args: dict[str, Any]) -> dict[str, Any]:
    """Registry keyword arguments for the area fields given."""
    changes: dict[str, Any] = {}
    if "floor" in args:
        changes["floor_id"] = (
            resolve_floor(hass, args["floor"]).floor_id if args["floor"] else None
        )
    if "icon" in args:
        changes["icon"] = args["icon"]
    if "aliases" in args:
        changes["aliases"] = set(args["aliases"])
    if "labels" in args:
        changes["labels"] = {
            resolve_label(hass, label).label_id for label in args["labels"]
        }
    return changes


@TOOLS.tool(
    name="ha_create_area",
    description="Create an area (room), optionally on a floor. Returns the area as stored.",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {vol.Required("name", description="The name."): cv.string, **_AREA_FIELDS}
    ),
    result=_OBJECT,
    requires_admin=True,
)
async def create_area(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Create the area."""
    registry = ar.async_get(call.hass)
    _refuse_duplicate(
        "area", args["name"], (area.name for area in registry.async_list_areas())
    )
    return _area_dict(
        registry.async_create(args["name"], **_area_changes(call.hass, args))
    )


@TOOLS.tool(
    name="ha_update_area",
    description="Rename an area or change its floor, icon, aliases or labels. Returns the area as stored.",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {
            vol.Required("area", description="Area id or name."): cv.string,
            vol.Optional("name", description="New name."): cv.string,
            **_AREA_FIELDS,
        }
    ),
    result=_OBJECT,
    requires_admin=True,
)
async def update_area(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Apply the changes."""
    hass = call.hass
    area = resolve_area(hass, args["area"])
    changes = _area_changes(hass, args)
    if "name" in args:
        existing = (other.name for other in ar.async_get(hass).async_list_areas())
        _refuse_duplicate("area", args["name"], existing, current=area.name)
        changes["name"] = args["name"]
    return _area_dict(ar.async_get(hass).async_update(area.id, **changes))


@TOOLS.tool(
    name="ha_delete_area",
    description="Delete an area. Its devices and entities stay, without an area.",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {vol.Required("area", description="Area id or name."): cv.string}
    ),
    result=_OBJECT,
    destructive=True,
    requires_admin=True,
)
async def delete_area(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Delete the area."""
    area = resolve_area(call.hass, args["area"])
    ar.async_get(call.hass).async_delete(area.id)
    return {"deleted": _area_dict(area)}


_FLOOR_FIELDS = {
    vol.Optional(
        "level", description="0 for ground, negative below; null removes it."
    ): vol.Any(None, vol.Coerce(int)),
    vol.Optional(
        "icon", description="e.g. mdi:home-floor-1; null removes it."
    ): _NULLABLE,
    vol.Optional(
        "aliases", description="Assist aliases (replaces the list)."
    ): _STRINGS,
}


def _floor_changes(args: dict[str, Any]) -> dict[str, Any]:
    """Registry keyword arguments for the floor fields given."""
    changes: dict[str, Any] = {
        key: args[key] for key in ("level", "icon") if key in args
    }
    if "aliases" in args:
        changes["aliases"] = set(args["aliases"])
    return changes


@TOOLS.tool(
    name="ha_create_floor",
    description="Create a floor. Returns the floor as stored.",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {vol.Required("name", description="The name."): cv.string, **_FLOOR_FIELDS}
    ),
    result=_OBJECT,
    requires_admin=True,
)
async def create_floor(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Create the floor."""
    registry = fr.async_get(call.hass)
    _refuse_duplicate(
        "floor", args["name"], (floor.name for floor in registry.async_list_floors())
    )
    return _floor_dict(registry.async_create(args["name"], **_floor_changes(args)))


@TOOLS.tool(
    name="ha_update_floor",
    description="Rename a floor or change its level, icon or aliases. Returns the floor as stored.",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {
            vol.Required("floor", description="Floor id or name."): cv.string,
            vol.Optional("name", description="New name."): cv.string,
            **_FLOOR_FIELDS,
        }
    ),
    result=_OBJECT,
    requires_admin=True,
)
async def update_floor(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Apply the changes."""
    registry = fr.async_get(call.hass)
    floor = resolve_floor(call.hass, args["floor"])
    changes = _floor_changes(args)
    if "name" in args:
        existing = (other.name for other in registry.async_list_floors())
        _refuse_duplicate("floor", args["name"], existing, current=floor.name)
        changes["name"] = args["name"]
    return _floor_dict(registry.async_update(floor.floor_id, **changes))


@TOOLS.tool(
    name="ha_delete_floor",
    description="Delete a floor. Its areas stay, without a floor.",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {vol.Required("floor", description="Floor id or name."): cv.string}
    ),
    result=_OBJECT,
    destructive=True,
    requires_admin=True,
)
async def delete_floor(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Delete the floor."""
    floor = resolve_floor(call.hass, args["floor"])
    fr.async_get(call.hass).async_delete(floor.floor_id)
    return {"deleted": _floor_dict(floor)}


_LABEL_FIELDS = {
    vol.Optional(
        "color", description="e.g. red or indigo; null removes it."
    ): _NULLABLE,
    vol.Optional("icon", description="e.g. mdi:tag; null removes it."): _NULLABLE,
    vol.Optional(
        "description", description="What the label means; null removes it."
    ): _NULLABLE,
}


@TOOLS.tool(
    name="ha_create_label",
    description="Create a label. Returns the label as stored.",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {vol.Required("name", description="The name."): cv.string, **_LABEL_FIELDS}
    ),
    result=_OBJECT,
    requires_admin=True,
)
async def create_label(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Create the label."""
    registry = lr.async_get(call.hass)
    _refuse_duplicate(
        "label", args["name"], (label.name for label in registry.async_list_labels())
    )
    changes: dict[str, Any] = {
        key: args[key] for key in ("color", "icon", "description") if key in args
    }
    return _label_dict(registry.async_create(args["name"], **changes))


@TOOLS.tool(
    name="ha_update_label",
    description="Rename a label or change its color, icon or description. Returns the label as stored.",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {
            vol.Required("label", description="Label id or name."): cv.string,
            vol.Optional("name", description="New name."): cv.string,
            **_LABEL_FIELDS,
        }
    ),
    result=_OBJECT,
    requires_admin=True,
)
async def update_label(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Apply the changes."""
    registry = lr.async_get(call.hass)
    label = resolve_label(call.hass, args["label"])
    changes: dict[str, Any] = {
        key: args[key] for key in ("color", "icon", "description") if key in args
    }
    if "name" in args:
        existing = (other.name for other in registry.async_list_labels())
        _refuse_duplicate("label", args["name"], existing, current=label.name)
        changes["name"] = args["name"]
    return _label_dict(registry.async_update(label.label_id, **changes))


@TOOLS.tool(
    name="ha_delete_label",
    description="Delete a label; it is removed from every entity, device and area that has it.",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {vol.Required("label", description="Label id or name."): cv.string}
    ),
    result=_OBJECT,
    destructive=True,
    requires_admin=True,
)
async def delete_label(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Delete the label."""
    label = resolve_label(call.hass, args["label"])
    lr.async_get(call.hass).async_delete(label.label_id)
    return {"deleted": _label_dict(label)}


# -- shapes -----------------------------------------------------------------------


def _refuse_duplicate(
    kind: str, name: str, existing: Iterable[str], current: str | None = None
) -> None:
    """Registries raise ValueError for a taken name; say it in the caller's terms.

    ``current`` is the entry's own name when renaming, so a change of case is allowed.
    """
    folded = name.casefold()
    own = current.casefold() if current else None
    if any(other.casefold() == folded != own for other in existing):
        raise InvalidArguments(
            f"name: {name} is already the name of an existing {kind}", field="name"
        )


@callback
def _entities_by_device(call: ToolCall) -> dict[str, list[str]]:
    """Entity ids the caller may see, per device."""
    by_device: dict[str, list[str]] = {}
    for entry in er.async_get(call.hass).entities.values():
        if entry.device_id and may_read(call, entry.entity_id):
            by_device.setdefault(entry.device_id, []).append(entry.entity_id)
    for entity_ids in by_device.values():
        entity_ids.sort()
    return by_device


def _device_name(device: dr.DeviceEntry) -> str:
    return device.name_by_user or device.name or device.id


def _device_dict(hass: HomeAssistant, device: dr.DeviceEntry) -> dict[str, Any]:
    integrations = sorted(
        {
            entry.domain
            for entry_id in device_entry_ids(device)
            if (entry := hass.config_entries.async_get_entry(entry_id))
        }
    )
    return {
        "device_id": device.id,
        "name": _device_name(device),
        "name_by_user": device.name_by_user,
        "manufacturer": device.manufacturer,
        "model": device.model,
        "sw_version": device.sw_version,
        "area_id": device.area_id,
        "labels": sorted(device.labels),
        "integrations": integrations,
        "disabled": device.disabled_by is not None,
    }


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


def _area_dict(area: ar.AreaEntry) -> dict[str, Any]:
    return {
        "area_id": area.id,
        "name": area.name,
        "floor_id": area.floor_id,
        "icon": area.icon,
        "aliases": sorted(area.aliases),
        "labels": sorted(area.labels),
    }


def _floor_dict(floor: fr.FloorEntry) -> dict[str, Any]:
    return {
        "floor_id": floor.floor_id,
        "name": floor.name,
        "level": floor.level,
        "icon": floor.icon,
        "aliases": sorted(floor.aliases),
    }


def _label_dict(label: lr.LabelEntry) -> dict[str, Any]:
    return {
        "label_id": label.label_id,
        "name": label.name,
        "color": label.color,
        "icon": label.icon,
        "description": label.description,
    }
