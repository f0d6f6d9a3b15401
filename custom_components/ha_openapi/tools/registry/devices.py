"""Devices: listing and finding them with their entities, and editing them."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
)
import voluptuous as vol

from ...const import ToolCategory
from ...framework.output import Page, page_schema, pagination_fields
from ...framework.tool import TOOLS, ToolCall
from ..shared import (
    device_entry_ids,
    resolve_area,
    resolve_device,
    resolve_label,
    visible_devices,
    visible_entities_by_device,
)
from .kind import (
    AREA_FIELD,
    LABELS_FIELD,
    NULLABLE,
    NULLABLE_STRING,
    STRING_LIST,
    RegistryField,
    fields_schema,
    object_schema,
    registry_changes,
)

_DEVICE_FIELDS = (
    RegistryField(
        name="name",
        validator=NULLABLE,
        description="Name; null restores the integration's",
        keyword="name_by_user",
    ),
    AREA_FIELD,
    LABELS_FIELD,
)
DEVICE_SCHEMA = object_schema(
    {
        "device_id": {"type": "string"},
        "name": {"type": "string"},
        "name_by_user": NULLABLE_STRING,
        "manufacturer": NULLABLE_STRING,
        "model": NULLABLE_STRING,
        "sw_version": NULLABLE_STRING,
        "area_id": NULLABLE_STRING,
        "labels": STRING_LIST,
        "integrations": STRING_LIST,
        "disabled": {"type": "boolean"},
    }
)


@TOOLS.tool(
    name="ha_list_devices",
    description=(
        "List devices with manufacturer, model, area and entity ids; filter by area, integration, label..."
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
    result=page_schema(
        {
            **DEVICE_SCHEMA,
            "properties": {
                **DEVICE_SCHEMA["properties"],
                "entity_ids": {
                    **STRING_LIST,
                    "description": "Its entities the caller may see.",
                },
            },
        }
    ),
    read_only=True,
)
async def list_devices(call: ToolCall, args: dict[str, Any]) -> Page:
    """Return the matching devices that have an entity the caller may see, or none at all."""
    hass = call.hass
    devices = visible_devices(call)
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
    entities = visible_entities_by_device(call)
    devices.sort(key=lambda device: (_device_name(device).casefold(), device.id))
    page = call.paginate(devices, args)
    page.items = [
        {**_device_dict(hass, device), "entity_ids": entities.get(device.id, [])}
        for device in page.items
    ]
    return page


@TOOLS.tool(
    name="ha_get_device",
    description="One device by id or name: details and its entities with current state.",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {vol.Required("device", description="Device id or name."): cv.string}
    ),
    result={
        **DEVICE_SCHEMA,
        "properties": {
            **DEVICE_SCHEMA["properties"],
            "entities": {
                "type": "array",
                "items": object_schema(
                    {
                        "entity_id": {"type": "string"},
                        "name": NULLABLE_STRING,
                        "state": {"type": "string"},
                    }
                ),
            },
        },
    },
    read_only=True,
)
async def get_device(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Return the device and its visible entities."""
    hass = call.hass
    device = resolve_device(call, args["device"])
    entity_ids = visible_entities_by_device(call).get(device.id, [])
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
    name="ha_update_device",
    description="Change a device's name, area or labels (null clears name or area).",
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {
            vol.Required("device", description="Device id or name."): cv.string,
            **fields_schema(_DEVICE_FIELDS),
        }
    ),
    result=DEVICE_SCHEMA,
    requires_admin=True,
)
async def update_device(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Apply the given changes and return the stored device."""
    hass = call.hass
    device = resolve_device(call, args["device"])
    changes = registry_changes(hass, _DEVICE_FIELDS, args)
    updated = dr.async_get(hass).async_update_device(device.id, **changes)
    return _device_dict(hass, updated or device)


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
