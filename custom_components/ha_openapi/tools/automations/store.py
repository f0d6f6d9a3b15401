"""Automations in automations.yaml as a stored kind: read, validate, write, reload.

The file is the one Home Assistant's automation editor writes. An item's content
is its plain config and its exact text in the file; its revision is a hash of
the config alone, and undo writes the text back, so an undone edit leaves the
file byte for byte as it was.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from homeassistant.components.automation.config import (
    PLATFORM_SCHEMA,
    async_validate_config_item,
)
from homeassistant.config import async_hass_config_yaml, extract_domain_configs
from homeassistant.const import CONF_ID, SERVICE_RELOAD
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er

from ...framework.changes import StoredKind, register_kind
from ...framework.config_checks import async_validate_item
from ...framework.errors import Conflict
from ...framework.yaml_items import (
    YamlFileError,
    YamlItem,
    dump_item,
    read_items,
    write_item,
)

DOMAIN = "automation"
FILE_NAME = "automations.yaml"
# One writer of the file at a time in this process.
_FILE_LOCK = asyncio.Lock()
# The item's text as last read, per id: a write checks the file still holds it.
_read_texts: dict[str, str | None] = {}


def file_path(hass: HomeAssistant) -> Path:
    """Return the path of automations.yaml."""
    return Path(hass.config.path(FILE_NAME))


async def async_read_all(hass: HomeAssistant) -> dict[str, YamlItem]:
    """Every automation in automations.yaml, by id."""
    try:
        return await hass.async_add_executor_job(read_items, file_path(hass))
    except YamlFileError as err:
        raise Conflict(f"{FILE_NAME} cannot be edited: {err}") from None


async def async_sources(hass: HomeAssistant) -> dict[str, str]:
    """Where Home Assistant's configuration defines each automation: id → "file, line n".

    Read the way a reload reads it (configuration.yaml, packages, included
    files), for automations that are not in automations.yaml.
    """
    try:
        config = await async_hass_config_yaml(hass)
    except HomeAssistantError:
        return {}
    sources = {}
    for key in extract_domain_configs(config, DOMAIN):
        items = config[key] if isinstance(config[key], list) else [config[key]]
        for item in items:
            if not isinstance(item, dict) or CONF_ID not in item:
                continue
            if (source := getattr(item, "__config_file__", None)) is None:
                continue
            where = os.path.relpath(source, hass.config.config_dir)
            line = getattr(item, "__line__", None)
            sources[str(item[CONF_ID])] = f"{where}, line {line}" if line else where
    return sources


async def _async_read(hass: HomeAssistant, automation_id: str) -> dict[str, Any] | None:
    item = (await async_read_all(hass)).get(automation_id)
    _read_texts[automation_id] = item.text if item else None
    return {"config": item.config, "text": item.text} if item else None


async def _async_write(
    hass: HomeAssistant, automation_id: str, content: dict[str, Any] | None
) -> str | None:
    new_text = None
    if content is not None:
        new_text = content.get("text") or dump_item(content["config"])
    async with _FILE_LOCK:
        try:
            await hass.async_add_executor_job(
                write_item,
                file_path(hass),
                automation_id,
                _read_texts.pop(automation_id, None),
                new_text,
            )
        except YamlFileError as err:
            raise Conflict(f"{FILE_NAME}: {err}; read it again") from None
    if content is None:
        # As Home Assistant's editor does: the entity goes with its config.
        registry = er.async_get(hass)
        if entity_id := registry.async_get_entity_id(DOMAIN, DOMAIN, automation_id):
            registry.async_remove(entity_id)
    await hass.services.async_call(
        DOMAIN, SERVICE_RELOAD, {CONF_ID: automation_id}, blocking=True
    )
    return None


AUTOMATION = register_kind(
    StoredKind(
        name="automation",
        read=_async_read,
        write=_async_write,
        fingerprint=lambda content: content["config"],
    )
)


async def async_validate(
    hass: HomeAssistant, automation_id: str, config: dict[str, Any]
) -> None:
    """Validate as Home Assistant's editor does; 400 naming where it is wrong."""
    await async_validate_item(
        hass,
        lambda: async_validate_config_item(hass, automation_id, config),
        PLATFORM_SCHEMA,
        config,
    )
