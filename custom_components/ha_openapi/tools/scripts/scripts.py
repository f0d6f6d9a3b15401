"""Scripts as a config item type: scripts.yaml (a mapping of object id → script).

A partial update (merge) replaces only the top-level keys given, so changing a
script's alias never loses its sequence. Runs and traces come from
ha_run_script and the trace tools.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from homeassistant.components.script.config import (
    SCRIPT_ENTITY_SCHEMA,
    async_validate_config_item,
)
from homeassistant.core import HomeAssistant, State
from homeassistant.util import slugify

from ...const import ToolCategory
from ...framework.config_checks import async_validate_item
from ...framework.config_files import ConfigFile
from ...framework.config_items import ConfigItemType, register_config_item_tools
from ..shared import local_time

DOMAIN = "script"
SCRIPTS = ConfigFile(
    domain=DOMAIN, file_name="scripts.yaml", keyed=True, entity_platform=DOMAIN
)


async def _async_validate(
    hass: HomeAssistant, object_id: str, config: dict[str, Any]
) -> None:
    await async_validate_item(
        hass,
        lambda: async_validate_config_item(hass, object_id, config),
        SCRIPT_ENTITY_SCHEMA,
        config,
    )


def _new_key(config: dict[str, Any], in_use: Collection[str]) -> str:
    """Return an object id from the alias, as Home Assistant's editor suggests."""
    base = slugify(str(config.get("alias") or "")) or DOMAIN
    key, number = base, 1
    while key in in_use:
        number += 1
        key = f"{base}_{number}"
    return key


def _summary(state: State, config: dict[str, Any] | None) -> dict[str, Any]:
    last = state.attributes.get("last_triggered")
    return {
        "alias": state.attributes.get("friendly_name"),
        "description": (config or {}).get("description"),
        "fields": sorted((config or {}).get("fields") or {}),
        "last_triggered": local_time(last) if last else None,
        "mode": state.attributes.get("mode"),
    }


register_config_item_tools(
    ConfigItemType(
        noun=DOMAIN,
        file=SCRIPTS,
        category=ToolCategory.SCRIPTS,
        config_text=("UI YAML-mode config, or use_blueprint {path, input}"),
        validate=_async_validate,
        new_key=_new_key,
        summary=_summary,
        key_on_create=True,
    )
)
