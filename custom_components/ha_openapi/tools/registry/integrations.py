"""The configured integrations (config entries), for administrators."""

from __future__ import annotations

from collections import Counter
from typing import Any

from homeassistant.helpers import (
    config_validation as cv,
    entity_registry as er,
)
import voluptuous as vol

from ...const import ToolCategory
from ...framework.output import Page, page_schema, pagination_fields
from ...framework.tool import TOOLS, ToolCall
from ..shared import all_devices, device_entry_ids
from .kind import NULLABLE_STRING, object_schema


@TOOLS.tool(
    name="ha_list_integrations",
    description=(
        "List configured integrations (config entries): domain, title, state, device and entity counts."
    ),
    category=ToolCategory.REGISTRY,
    parameters=vol.Schema(
        {
            vol.Optional(
                "domain", description="Only this integration domain"
            ): cv.string,
            **pagination_fields(),
        }
    ),
    result=page_schema(
        object_schema(
            {
                "entry_id": {"type": "string"},
                "domain": {"type": "string"},
                "title": {"type": "string"},
                "state": {"type": "string", "description": "e.g. loaded, setup_error."},
                "reason": NULLABLE_STRING,
                "disabled_by": NULLABLE_STRING,
                "device_count": {"type": "integer"},
                "entity_count": {"type": "integer"},
            }
        )
    ),
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
    page = call.paginate(entries, args)
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
