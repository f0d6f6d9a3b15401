"""What a saved dashboard refers to that Home Assistant does not have."""

from __future__ import annotations

from collections.abc import Iterator
import re
from typing import Any

from homeassistant.components.lovelace.const import LOVELACE_DATA
from homeassistant.components.lovelace.resources import ResourceStorageCollection
from homeassistant.core import HomeAssistant, valid_entity_id

from .lovelace import async_resources

# Card keys whose values name entities.
_ENTITY_KEYS = ("entity", "entities", "entity_id", "camera_image")
MAX_WARNINGS = 20


def _referenced_entities(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _ENTITY_KEYS:
                yield from _entity_ids(value)
            else:
                yield from _referenced_entities(value)
    elif isinstance(node, list):
        for item in node:
            yield from _referenced_entities(item)


def _entity_ids(value: Any) -> Iterator[str]:
    if isinstance(value, str) and valid_entity_id(value):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _entity_ids(item)
    elif isinstance(value, dict):
        yield from _entity_ids(value.get("entity"))
        yield from _referenced_entities(value)


def _custom_types(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(kind := node.get("type"), str) and kind.startswith("custom:"):
            yield kind.removeprefix("custom:")
        for value in node.values():
            yield from _custom_types(value)
    elif isinstance(node, list):
        for item in node:
            yield from _custom_types(item)


async def async_config_warnings(
    hass: HomeAssistant, config: dict[str, Any]
) -> list[str]:
    """Entities that do not exist and custom cards with no resource, as sentences."""
    missing = sorted(
        {
            entity_id
            for entity_id in _referenced_entities(config)
            if hass.states.get(entity_id) is None
        }
    )
    warnings = [f"entity {entity_id} does not exist" for entity_id in missing]
    custom = sorted(set(_custom_types(config)))
    if custom:
        urls = " ".join(
            str(item.get("url", "")) for item in await _async_resources(hass)
        )
        warnings.extend(
            f"card type custom:{name} has no matching dashboard resource (install the card, e.g. through HACS)"
            for name in custom
            if not re.search(rf"\b{re.escape(name)}\b", urls)
        )
    return warnings[:MAX_WARNINGS]


async def _async_resources(hass: HomeAssistant) -> list[dict[str, Any]]:
    resources = hass.data[LOVELACE_DATA].resources
    if isinstance(resources, ResourceStorageCollection):
        resources = await async_resources(hass)
    return list(resources.async_items())
