"""The files Home Assistant's editors write (automations.yaml, scripts.yaml, scenes.yaml).

Each is a ``ConfigFile``: a stored kind whose items are the file's items. An
item's content is its plain config and its exact text in the file; its
revision is a hash of the config alone, and undo writes the text back, so an
undone edit leaves the file byte for byte as it was. Writes take the file's
lock, check the item's text is still what was read, replace only its lines
(``yaml_items``), then reload the domain the way Home Assistant's editor does.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
import os
from pathlib import Path
from typing import Any

from homeassistant.config import async_hass_config_yaml, extract_domain_configs
from homeassistant.const import CONF_ID, SERVICE_RELOAD
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.util.hass_dict import HassKey

from .changes import StoredKind, register_kind
from .errors import Conflict
from .yaml_items import YamlFileError, YamlItem, dump_item, read_items, write_item


@dataclass
class _FileWrites:
    """The writes of one file: one at a time, each checking what was read."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # The item's text as last read, per key: a write checks the file still has it.
    read_texts: dict[str, str | None] = field(default_factory=dict)


_FILE_WRITES: HassKey[dict[str, _FileWrites]] = HassKey("ha_openapi_config_file_writes")


class ConfigFile:
    """One of Home Assistant's item files, as a stored kind named after its domain."""

    def __init__(
        self,
        *,
        domain: str,
        file_name: str,
        keyed: bool,
        entity_platform: str,
        reload_by_id: bool = False,
    ) -> None:
        """Describe the file.

        ``keyed``: a mapping of key → item (scripts.yaml), else a list of items
        with ids. ``entity_platform``: the registry platform of the items'
        entities. ``reload_by_id``: the domain reloads one item at a time.
        """
        self.domain = domain
        self.file_name = file_name
        self.keyed = keyed
        self.entity_platform = entity_platform
        self._reload_by_id = reload_by_id
        self.kind = register_kind(
            StoredKind(
                name=domain,
                read=self._async_read,
                write=self._async_write,
                fingerprint=lambda content: content["config"],
            )
        )

    def _writes(self, hass: HomeAssistant) -> _FileWrites:
        """Return this file's writes in ``hass``.

        Kept with Home Assistant, not on this object (made at import): a lock
        belongs to one event loop.
        """
        writes = hass.data.setdefault(_FILE_WRITES, {})
        if (mine := writes.get(self.domain)) is None:
            mine = writes[self.domain] = _FileWrites()
        return mine

    def path(self, hass: HomeAssistant) -> Path:
        """Return the file's path."""
        return Path(hass.config.path(self.file_name))

    def entity_id(self, hass: HomeAssistant, key: str) -> str | None:
        """Return the entity of the item ``key``, if it has one."""
        return er.async_get(hass).async_get_entity_id(
            self.domain, self.entity_platform, key
        )

    async def async_read_all(self, hass: HomeAssistant) -> dict[str, YamlItem]:
        """Every item of the file, by key."""
        try:
            return await hass.async_add_executor_job(
                read_items, self.path(hass), self.keyed
            )
        except YamlFileError as err:
            raise Conflict(f"{self.file_name} cannot be edited: {err}") from None

    async def async_sources(self, hass: HomeAssistant) -> dict[str, str]:
        """Where the configuration defines each item: key → "file, line n".

        Read the way a reload reads it (configuration.yaml, packages, included
        files), for items that are not in this file.
        """
        try:
            config = await async_hass_config_yaml(hass)
        except HomeAssistantError, OSError:
            # A broken or missing configuration.yaml: where is unknown.
            return {}
        sources = {}
        for domain_key in extract_domain_configs(config, self.domain):
            value = config[domain_key]
            if isinstance(value, dict) and self.keyed:
                items = [(str(key), item) for key, item in value.items()]
            else:
                items = [
                    (str(item[CONF_ID]), item)
                    for item in (value if isinstance(value, list) else [value])
                    if isinstance(item, dict) and CONF_ID in item
                ]
            for key, item in items:
                if (source := getattr(item, "__config_file__", None)) is None:
                    continue
                where = os.path.relpath(source, hass.config.config_dir)
                line = getattr(item, "__line__", None)
                sources[key] = f"{where}, line {line}" if line else where
        return sources

    async def _async_read(self, hass: HomeAssistant, key: str) -> dict[str, Any] | None:
        item = (await self.async_read_all(hass)).get(key)
        self._writes(hass).read_texts[key] = item.text if item else None
        return {"config": item.config, "text": item.text} if item else None

    async def _async_write(
        self, hass: HomeAssistant, key: str, content: dict[str, Any] | None
    ) -> str | None:
        new_text = None
        if content is not None:
            new_text = content.get("text") or dump_item(
                content["config"], key if self.keyed else None
            )
        writes = self._writes(hass)
        async with writes.lock:
            try:
                await hass.async_add_executor_job(
                    write_item,
                    self.path(hass),
                    key,
                    writes.read_texts.pop(key, None),
                    new_text,
                    self.keyed,
                )
            except YamlFileError as err:
                raise Conflict(f"{self.file_name}: {err}; read it again") from None
        if content is None and (entity_id := self.entity_id(hass, key)):
            # As Home Assistant's editor does: the entity goes with its config.
            er.async_get(hass).async_remove(entity_id)
        await hass.services.async_call(
            self.domain,
            SERVICE_RELOAD,
            {CONF_ID: key} if self._reload_by_id else {},
            blocking=True,
        )
        return None
