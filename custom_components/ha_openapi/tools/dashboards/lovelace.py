"""Home Assistant's dashboards, in-process: lookup, the live collection, the stored kind.

A dashboard is one stored item for the write safety of ``framework.changes``:
its settings (title, icon, sidebar, admin-only) and its config (views and
cards) together, so one revision covers both and undo restores both.

Dashboards are created, changed and removed through the *live* dashboards
collection, the instance whose listeners keep the sidebar, ``LovelaceData`` and
HA's ``lovelace/dashboards/list`` in step; a second instance would write the
file but stay invisible until a restart (and be overwritten by the next UI edit).
Home Assistant keeps no reference to it except the websocket command it
registered, so that is where it is found.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.lovelace.const import (
    LOVELACE_DATA,
    MODE_STORAGE,
    ConfigNotFound,
)
from homeassistant.components.lovelace.dashboard import (
    DashboardsCollection,
    LovelaceConfig,
)
from homeassistant.components.lovelace.resources import ResourceStorageCollection
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from ...framework.changes import StoredKind, register_kind
from ...framework.errors import Conflict, Unavailable
from ..shared import live_collection as shared_live_collection

# The default dashboard's url path (HA's frontend serves it at /lovelace).
DEFAULT_URL_PATH = "lovelace"
SETTINGS = ("title", "icon", "show_in_sidebar", "require_admin")


def dashboards(hass: HomeAssistant) -> dict[str | None, LovelaceConfig]:
    """Every dashboard by url path (None: the default one of older setups)."""
    data = hass.data.get(LOVELACE_DATA)
    if data is None:
        raise Unavailable("the lovelace integration (dashboards) is not loaded")
    return data.dashboards


def find(hass: HomeAssistant, url_path: str) -> LovelaceConfig | None:
    """Return the dashboard at ``url_path``, the default one as "lovelace"."""
    known = dashboards(hass)
    if url_path == DEFAULT_URL_PATH:
        return known.get(DEFAULT_URL_PATH) or known.get(None)
    return known.get(url_path)


def url_path_of(key: str | None) -> str:
    """Return the url path agents use for a dashboard key."""
    return key or DEFAULT_URL_PATH


def live_collection(hass: HomeAssistant) -> DashboardsCollection:
    """Return the dashboards collection Home Assistant itself uses."""
    collection = shared_live_collection(hass, "lovelace/dashboards")
    if not isinstance(collection, DashboardsCollection):
        raise Unavailable(
            "Home Assistant's dashboards collection is not reachable (lovelace in "
            "recovery mode, or a Home Assistant change this version does not know)"
        )
    return collection


def settings_of(dashboard: LovelaceConfig) -> dict[str, Any] | None:
    """Return a dashboard's settings; None for the default dashboard of older setups."""
    if not dashboard.config:
        return None
    return {key: dashboard.config[key] for key in SETTINGS if key in dashboard.config}


async def async_config_of(dashboard: LovelaceConfig) -> dict[str, Any] | None:
    """Return the dashboard's config; None while Home Assistant generates it."""
    try:
        return await dashboard.async_load(False)
    except ConfigNotFound:
        return None


async def _async_read(hass: HomeAssistant, url_path: str) -> dict[str, Any] | None:
    dashboard = find(hass, url_path)
    if dashboard is None:
        return None
    return {
        "settings": settings_of(dashboard),
        "config": await async_config_of(dashboard),
    }


async def _async_write(
    hass: HomeAssistant, url_path: str, content: dict[str, Any] | None
) -> str | None:
    dashboard = find(hass, url_path)
    if content is None:
        if dashboard is not None and dashboard.config:
            # The collection's listener removes the panel and the config store.
            await live_collection(hass).async_delete_item(dashboard.config["id"])
        return None
    settings, config = content["settings"], content["config"]
    if dashboard is None:
        await live_collection(hass).async_create_item(
            {"url_path": url_path, "mode": MODE_STORAGE, **(settings or {})}
        )
        dashboard = find(hass, url_path)
        if dashboard is None:
            raise HomeAssistantError(f"dashboard {url_path} was not created")
    elif (
        dashboard.config and settings is not None and settings != settings_of(dashboard)
    ):
        # Settings the content leaves out are removed (an icon), as HA's UI does.
        await live_collection(hass).async_update_item(
            dashboard.config["id"], {"icon": None, **settings}
        )
    if config != await async_config_of(dashboard):
        if config is None:
            await dashboard.async_delete()
        else:
            await dashboard.async_save(config)
    return None


DASHBOARD = register_kind(
    StoredKind(name="dashboard", read=_async_read, write=_async_write)
)


async def async_resources(hass: HomeAssistant) -> ResourceStorageCollection:
    """Return the dashboard resources collection, loaded; 409 in YAML mode."""
    resources = hass.data[LOVELACE_DATA].resources
    if not isinstance(resources, ResourceStorageCollection):
        raise Conflict(
            "dashboard resources are defined in YAML (lovelace: resource_mode: yaml); "
            "edit configuration.yaml and reload resources"
        )
    if not resources.loaded:
        # As Home Assistant's own resource listing does; before 2026.5 a write to
        # an unloaded collection would save only the new item.
        await resources.async_load()
        resources.loaded = True
    return resources


def _resource_content(item: dict[str, Any]) -> dict[str, Any]:
    return {"res_type": item["type"], "url": item["url"]}


async def _async_read_resource(
    hass: HomeAssistant, resource_id: str
) -> dict[str, Any] | None:
    resources = await async_resources(hass)
    item = resources.data.get(resource_id)
    return _resource_content(item) if item else None


async def _async_write_resource(
    hass: HomeAssistant, resource_id: str, content: dict[str, Any] | None
) -> str | None:
    resources = await async_resources(hass)
    if content is None:
        await resources.async_delete_item(resource_id)
        return None
    if resource_id in resources.data:
        await resources.async_update_item(resource_id, content)
        return None
    created = await resources.async_create_item(content)
    return str(created["id"])


RESOURCE = register_kind(
    StoredKind(
        name="dashboard resource",
        read=_async_read_resource,
        write=_async_write_resource,
    )
)
