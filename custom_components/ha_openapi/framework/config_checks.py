"""Checks of the automations, scripts and scenes an agent writes, before they are written.

Home Assistant validates such a config in two stages: a schema over the whole
item, then each trigger, condition and action by its own platform. Errors of
the second stage carry a path relative to the one item that failed ("for: ..."),
so ``async_validate_item`` finds that item and names it ("triggers[0].for: ...").

Beyond validity, an agent is told about entities and actions that do not exist
(with the closest entity it may see), and refused when the config names
entities that agents may not use, since running it would act on them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from typing import Any

from homeassistant.core import HomeAssistant, valid_entity_id
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.condition import async_validate_conditions_config
from homeassistant.helpers.script import async_validate_actions_config
from homeassistant.helpers.trigger import async_validate_trigger_config
import voluptuous as vol

from .errors import Forbidden, InvalidArguments, close_matches, describe_invalid
from .policy import may_read
from .tool import ToolCall

type SectionValidator = Callable[[HomeAssistant, list[Any]], Awaitable[list[Any]]]

# What Home Assistant validates item by item, after the item's schema.
SECTIONS: Mapping[str, SectionValidator] = {
    "triggers": async_validate_trigger_config,
    "conditions": async_validate_conditions_config,
    "actions": async_validate_actions_config,
    "sequence": async_validate_actions_config,
}


async def async_validate_item(
    hass: HomeAssistant,
    validate: Callable[[], Awaitable[object]],
    schema: Callable[[Any], Any],
    config: dict[str, Any],
) -> None:
    """Run a domain's validator; on failure, a 400 naming where the config is wrong.

    ``validate`` runs the domain's own validator; ``schema`` is its first
    stage, used only to find which trigger, condition or action failed.
    """
    try:
        await validate()
    except vol.Invalid as err:
        located = await _async_locate(hass, schema, config)
        raise located or describe_invalid(err) from None
    except HomeAssistantError as err:
        raise await _async_locate(hass, schema, config) or InvalidArguments(
            f"config: {err}", field="config"
        ) from None


async def _async_locate(
    hass: HomeAssistant, schema: Callable[[Any], Any], config: dict[str, Any]
) -> InvalidArguments | None:
    """Return the error of the first section item that fails alone, with where it is."""
    try:
        validated = schema(config)
    except vol.Invalid:
        return None
    for section, validate in SECTIONS.items():
        for index, item in enumerate(validated.get(section) or []):
            where = f"{section}[{index}]"
            try:
                await validate(hass, [item])
            except vol.Invalid as err:
                return describe_invalid(err, where)
            except HomeAssistantError as err:
                return InvalidArguments(f"{where}: {err}", field=where)
    return None


async def async_check_blueprint_inputs(
    hass: HomeAssistant, domain: str, config: dict[str, Any]
) -> None:
    """Refuse inputs a blueprint does not have (Home Assistant ignores them silently).

    Missing inputs and unknown blueprints are reported by the domain's validator.
    """
    use = config.get("use_blueprint")
    if not isinstance(use, dict) or not isinstance(use.get("input"), dict):
        return
    blueprints = hass.data.get("blueprint", {}).get(domain)
    if blueprints is None:
        return
    try:
        blueprint = await blueprints.async_get_blueprint(str(use.get("path")))
    except HomeAssistantError:
        return
    known = set(blueprint.inputs)
    if unknown := sorted(set(use["input"]) - known):
        raise InvalidArguments(
            f"use_blueprint.input.{unknown[0]}: blueprint {blueprint.name} has no "
            f"input {unknown[0]}; its inputs: {', '.join(sorted(known)) or 'none'}",
            field=f"use_blueprint.input.{unknown[0]}",
        )


def referenced_entities(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Entity ids named anywhere in a config, with where: ("actions[0].target.entity_id", id)."""
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            if key in ("entity_id", "entity"):
                for candidate in value if isinstance(value, list) else [value]:
                    if isinstance(candidate, str) and valid_entity_id(candidate):
                        yield where, candidate
            elif key == "entities" and isinstance(value, dict):
                # A scene: its entities are the keys.
                for entity_id in value:
                    if isinstance(entity_id, str) and valid_entity_id(entity_id):
                        yield f"{where}.{entity_id}", entity_id
            else:
                yield from referenced_entities(value, where)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from referenced_entities(item, f"{path}[{index}]")


def referenced_actions(node: Any) -> Iterator[str]:
    """Actions (domain.service) a config calls."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("action", "service") and isinstance(value, str) and "." in value:
                yield value
            else:
                yield from referenced_actions(value)
    elif isinstance(node, list):
        for item in node:
            yield from referenced_actions(item)


def check_references(call: ToolCall, config: dict[str, Any], what: str) -> list[str]:
    """Refuse hidden entities (403); return warnings about missing entities and actions.

    ``what`` names the item in the refusal ("the automation").
    """
    named = list(referenced_entities(config))
    hass = call.hass
    hidden = sorted(
        {
            entity_id
            for _, entity_id in named
            if hass.states.get(entity_id) is not None and not may_read(call, entity_id)
        }
    )
    if hidden:
        raise Forbidden(
            f"{what} refers to entities agents may not use: {', '.join(hidden)}"
        )
    missing = [
        (where, entity_id)
        for where, entity_id in named
        if not hass.states.get(entity_id)
    ]
    known = (
        [
            entity_id
            for entity_id in hass.states.async_entity_ids()
            if may_read(call, entity_id)
        ]
        if missing
        else []
    )
    return [
        f"{where}: entity {entity_id} does not exist"
        + (
            f"; did you mean {near[0]}?"
            if (near := close_matches(entity_id, known, 1))
            else ""
        )
        for where, entity_id in missing
    ] + [
        f"action {action} does not exist"
        for action in sorted(set(referenced_actions(config)))
        if not hass.services.has_service(*action.split(".", 1))
    ]
