"""HA OpenAPI: Home Assistant as a set of authenticated tools for AI agents."""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType
from homeassistant.loader import async_get_integration

from . import tools  # noqa: F401  # registers every tool
from .const import DOMAIN
from .data import HaOpenApiConfigEntry, HaOpenApiData, settings_from_options
from .framework.changes import ChangeJournal
from .http import async_register_views
from .llm_api import async_register_llm_api
from .tools.search.index import DATA_ENTITY_INDEX, EntityIndex

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the HTTP views once per Home Assistant process."""
    async_register_views(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: HaOpenApiConfigEntry) -> bool:
    """Start serving tools with the entry's options."""
    integration = await async_get_integration(hass, DOMAIN)
    journal = ChangeJournal(hass)
    await journal.async_load()
    entry.runtime_data = HaOpenApiData(
        settings=settings_from_options(entry.options),
        version=str(integration.version),
        journal=journal,
    )
    entry.async_on_unload(entry.add_update_listener(_async_options_updated))

    index = hass.data[DATA_ENTITY_INDEX] = EntityIndex(hass)
    index.async_start()

    @callback
    def _async_stop_index() -> None:
        index.async_stop()
        hass.data.pop(DATA_ENTITY_INDEX, None)

    entry.async_on_unload(_async_stop_index)
    async_register_llm_api(hass, entry)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: HaOpenApiConfigEntry) -> bool:
    """Stop serving tools; the views stay registered and answer 503 until set up again."""
    return True


async def _async_options_updated(
    hass: HomeAssistant, entry: HaOpenApiConfigEntry
) -> None:
    """Apply new options at once: no reload, and no stale spec."""
    entry.runtime_data.settings = settings_from_options(entry.options)
    entry.runtime_data.spec_cache.clear()
