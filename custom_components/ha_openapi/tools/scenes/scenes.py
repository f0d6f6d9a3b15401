"""Scenes as a config item type: scenes.yaml, optionally captured from current states.

``snapshot_entities`` records the named entities' current states (with their
attributes, as Home Assistant's scene editor does) into the scene's entities,
so a scene is written to scenes.yaml and survives a restart, unlike
``scene.create``'s.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.scene import PLATFORM_SCHEMA
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.json import json_bytes
from homeassistant.util.json import json_loads_object
import voluptuous as vol

from ...const import ToolCategory
from ...framework.config_files import ConfigFile
from ...framework.config_items import (
    ConfigItemType,
    register_config_item_tools,
    time_key,
)
from ...framework.errors import describe_invalid
from ...framework.schema import OneOrMore
from ...framework.tool import ToolCall
from ..shared import readable_states

DOMAIN = "scene"
MAX_SNAPSHOT_ENTITIES = 200
SCENES = ConfigFile(
    domain=DOMAIN,
    file_name="scenes.yaml",
    keyed=False,
    # Scenes of scenes.yaml are entities of the homeassistant platform.
    entity_platform="homeassistant",
)


async def _async_validate(
    hass: HomeAssistant, scene_id: str, config: dict[str, Any]
) -> None:
    """Validate as Home Assistant's scene editor does (the scene platform's schema)."""
    try:
        PLATFORM_SCHEMA(config)
    except vol.Invalid as err:
        # The schema validates the scene as the first of a platform's "states".
        path = err.path[2:] if err.path[:2] == ["states", 0] else err.path
        raise describe_invalid(vol.Invalid(err.msg, path=path)) from None


def _snapshot(
    call: ToolCall, config: dict[str, Any], args: dict[str, Any]
) -> dict[str, Any]:
    """Add the current states of ``snapshot_entities`` to the scene's entities."""
    entity_ids = args.get("snapshot_entities") or []
    if not entity_ids:
        return config
    captured = {
        state.entity_id: {"state": state.state, **_plain(state)}
        for state in readable_states(call, entity_ids)
    }
    return {**config, "entities": {**(config.get("entities") or {}), **captured}}


def _plain(state: State) -> dict[str, Any]:
    """Return the attributes as YAML can hold them (tuples become lists)."""
    return json_loads_object(json_bytes(dict(state.attributes)))


def _summary(state: State, config: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "name": state.attributes.get("friendly_name"),
        "entities": list(state.attributes.get("entity_id") or []),
        "icon": state.attributes.get("icon"),
    }


register_config_item_tools(
    ConfigItemType(
        noun=DOMAIN,
        file=SCENES,
        category=ToolCategory.SCENES,
        config_text=("name, icon, entities {id: state or {state, attr}}"),
        validate=_async_validate,
        new_key=time_key,
        summary=_summary,
        extra_fields={
            vol.Optional(
                "snapshot_entities",
                description=("Entities whose current state it records"),
            ): OneOrMore(cv.entity_id, max_items=MAX_SNAPSHOT_ENTITIES)
        },
        complete=_snapshot,
    )
)
