"""Automations as a config item type: automations.yaml, validated as HA's editor does."""

from __future__ import annotations

from typing import Any

from homeassistant.components.automation.config import (
    PLATFORM_SCHEMA,
    async_validate_config_item,
)
from homeassistant.core import HomeAssistant, State

from ...const import ToolCategory
from ...framework.config_checks import async_validate_item
from ...framework.config_files import ConfigFile
from ...framework.config_items import ConfigItemType, time_key
from ..shared import local_time

DOMAIN = "automation"
AUTOMATIONS = ConfigFile(
    domain=DOMAIN,
    file_name="automations.yaml",
    keyed=False,
    entity_platform=DOMAIN,
    reload_by_id=True,
)


async def _async_validate(
    hass: HomeAssistant, automation_id: str, config: dict[str, Any]
) -> None:
    await async_validate_item(
        hass,
        lambda: async_validate_config_item(hass, automation_id, config),
        PLATFORM_SCHEMA,
        config,
    )


def _summary(state: State, config: dict[str, Any] | None) -> dict[str, Any]:
    last = state.attributes.get("last_triggered")
    return {
        "alias": state.attributes.get("friendly_name"),
        "description": (config or {}).get("description"),
        "last_triggered": local_time(last) if last else None,
        "mode": state.attributes.get("mode"),
    }


AUTOMATION = ConfigItemType(
    noun=DOMAIN,
    file=AUTOMATIONS,
    category=ToolCategory.AUTOMATIONS,
    config_text=("UI YAML-mode config, or use_blueprint {path, input}"),
    validate=_async_validate,
    new_key=time_key,
    summary=_summary,
)
