"""The list, get, create, update and delete tools of an item type kept in a ConfigFile.

Automations, scripts and scenes are written the same way: validated with the
domain's own validator, checked for the entities they name, written through
the shared write safety (revision → 409, dry run, undo) into the file Home
Assistant's editor writes, then reloaded. What differs between them is data: a
``ConfigItemType`` entry, from which ``register_config_item_tools`` makes the
three tools (``ha_list_<noun>s``, ``ha_get_<noun>``, and ``ha_manage_<noun>``
to create, update and delete).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
import time
from typing import Any

from homeassistant.const import CONF_ID
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import config_validation as cv, entity_registry as er
import voluptuous as vol

from .actions import ActionTool
from .changes import async_write_as_asked, write_fields
from .config_checks import async_check_blueprint_inputs, check_references
from .config_files import ConfigFile
from .errors import Conflict, not_found
from .schema import confirm_field, require_confirmation
from .tool import TOOLS, ToolCall, ToolRegistry

_REVISION = {"type": ["string", "null"]}
# How often a create whose chosen key was taken meanwhile chooses another.
_NEW_KEY_ATTEMPTS = 20


class _KeyTaken(Conflict):
    """A new item's key was given to another item between choosing and writing."""


def time_key(config: dict[str, Any], in_use: Collection[str]) -> str:
    """Return an id like the ones Home Assistant's editors make (milliseconds)."""
    key = int(time.time() * 1000)
    while str(key) in in_use:
        key += 1
    return str(key)


@dataclass(frozen=True, kw_only=True, slots=True)
class ConfigItemType:
    """An item type kept in a ConfigFile, and what its tools need to know of it."""

    noun: str
    file: ConfigFile
    category: str
    # How the config parameter is described to agents.
    config_text: str
    # The domain's own validator: (hass, key, config) → None, or raises.
    validate: Callable[[HomeAssistant, str, dict[str, Any]], Awaitable[None]]
    # A key for a new item: (its config, the keys in use) → key.
    new_key: Callable[[dict[str, Any], Collection[str]], str]
    # The listing's fields besides id, entity, where and state: (state, config).
    summary: Callable[[State, dict[str, Any] | None], dict[str, Any]]
    # Agents may choose the key of a new item (a script's object id).
    key_on_create: bool = False
    # More arguments of create and update, and what they make of the config:
    # (call, config, arguments) → config.
    extra_fields: dict[Any, Any] = field(default_factory=dict)
    complete: (
        Callable[[ToolCall, dict[str, Any], dict[str, Any]], dict[str, Any]] | None
    ) = None

    @property
    def id_field(self) -> str:
        """Return the argument and result field that holds an item's key."""
        return f"{self.noun}_id"


def register_config_item_tools(
    item_type: ConfigItemType, registry: ToolRegistry = TOOLS
) -> None:
    """Register the three tools of ``item_type`` in ``registry``."""
    _ItemTools(item_type).register(registry)


class _ItemTools:
    """The tools of one item type; every handler is a method bound to its entry."""

    def __init__(self, item_type: ConfigItemType) -> None:
        self.type = item_type
        self.file = item_type.file
        # Keys that creates in flight have chosen but not yet written: parallel
        # creates read the same file, and must not choose the same new key.
        self._creating: set[str] = set()
        noun = item_type.noun
        key_text = f"{noun.capitalize()} id (ha_list_{noun}s)"
        self.key_field = vol.Required(item_type.id_field, description=key_text)
        # Only create may choose the key; its text says so (the manage tool's
        # schema shows the first action's, create's).
        self.key_field_optional = vol.Optional(
            item_type.id_field,
            description=f"{key_text}; on create, optional (default: from its name)",
        )
        self.write_result: dict[str, Any] = {
            "type": "object",
            "properties": {
                item_type.id_field: {"type": "string"},
                "entity_id": {"type": ["string", "null"]},
                "revision": _REVISION,
                "previous_revision": _REVISION,
                "changed": {"type": "boolean"},
                "change_id": {"type": "string", "description": "For ha_undo_change."},
                "dry_run": {"type": "boolean"},
                "diff": {"type": "array", "items": {"type": "object"}},
                "content": {},
                "warnings": {"type": "array", "items": {"type": "string"}},
            },
            "required": [item_type.id_field, "revision"],
        }

    def register(self, registry: ToolRegistry) -> None:
        noun, item_type = self.type.noun, self.type
        common: dict[str, Any] = {
            "category": item_type.category,
            "requires_admin": True,
            "requires_components": (self.file.domain,),
        }
        article = "an" if noun[0] in "aeiou" else "a"
        config_field = vol.Required("config", description=item_type.config_text)
        registry.tool(
            name=f"ha_list_{noun}s",
            description=(
                f"List {noun}s with state and source (only {self.file.file_name} "
                "ones are editable)."
            ),
            parameters=vol.Schema({}),
            result={
                "type": "object",
                "properties": {
                    f"{noun}s": {"type": "array", "items": {"type": "object"}}
                },
                "required": [f"{noun}s"],
            },
            read_only=True,
            **common,
        )(self.list_items)
        registry.tool(
            name=f"ha_get_{noun}",
            description=f"Read {article} {noun}'s full config and its revision.",
            parameters=vol.Schema({self.key_field: cv.string}),
            result={
                "type": "object",
                "properties": {
                    item_type.id_field: {"type": "string"},
                    "entity_id": {"type": ["string", "null"]},
                    "config": {"type": "object"},
                    "revision": _REVISION,
                },
                "required": [item_type.id_field, "config", "revision"],
            },
            read_only=True,
            **common,
        )(self.get_item)
        manage = ActionTool(
            name=f"ha_manage_{noun}",
            description=(
                f"Create, change or delete {article} {noun} in {self.file.file_name} "
                "(validated, UI-editable, reloaded). update: given top-level keys "
                "replace; mode replace: whole config."
            ),
            result=self.write_result,
            **common,
        )
        create_fields: dict[Any, Any] = {}
        if item_type.key_on_create:
            create_fields[self.key_field_optional] = vol.All(cv.string, cv.slug)
        manage.action(
            "create",
            vol.Schema(
                {
                    config_field: dict,
                    **create_fields,
                    **item_type.extra_fields,
                    **write_fields(noun),
                }
            ),
        )(self.create_item)
        manage.action(
            "update",
            vol.Schema(
                {
                    self.key_field: cv.string,
                    config_field: dict,
                    vol.Optional(
                        "mode", default="merge", description="update: merge or replace"
                    ): vol.In(("merge", "replace")),
                    **item_type.extra_fields,
                    **write_fields(noun),
                }
            ),
        )(self.update_item)
        manage.action(
            "delete",
            vol.Schema(
                {
                    self.key_field: cv.string,
                    **confirm_field(),
                    **write_fields(noun),
                }
            ),
            destructive=True,
        )(self.delete_item)
        registry.register(manage.tool())

    def _key_of(self, registry: er.EntityRegistry, state: State) -> str | None:
        entry = registry.async_get(state.entity_id)
        if entry is not None and entry.platform == self.file.entity_platform:
            return entry.unique_id
        item_id = state.attributes.get(CONF_ID)
        return None if item_id is None else str(item_id)

    async def list_items(self, call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
        """Items from their entities, with where their config lives."""
        hass, file = call.hass, self.file
        in_file = await file.async_read_all(hass)
        registry = er.async_get(hass)
        states = hass.states.async_all(file.domain)
        keys = {state.entity_id: self._key_of(registry, state) for state in states}
        elsewhere = (
            await file.async_sources(hass)
            if any(key not in in_file for key in keys.values())
            else {}
        )
        listed = []
        for state in states:
            key = keys[state.entity_id]
            item = in_file.get(key) if key is not None else None
            entry = registry.async_get(state.entity_id)
            if item is not None:
                defined_in = file.file_name
            elif entry is not None and entry.platform != file.entity_platform:
                defined_in = f"integration {entry.platform}"
            else:
                defined_in = elsewhere.get(key or "", "configuration")
            listed.append(
                {
                    self.type.id_field: key,
                    "entity_id": state.entity_id,
                    "state": state.state,
                    **self.type.summary(state, item.config if item else None),
                    "defined_in": defined_in,
                    # Only the file is written; the others are listed read-only.
                    "editable": item is not None,
                }
            )
        return {f"{self.type.noun}s": sorted(listed, key=lambda row: row["entity_id"])}

    async def _existing(self, call: ToolCall, key: str) -> dict[str, Any]:
        file = self.file
        items = await file.async_read_all(call.hass)
        if key in items:
            return items[key].config
        registry = er.async_get(call.hass)
        if any(
            self._key_of(registry, state) == key
            for state in call.hass.states.async_all(file.domain)
        ):
            where = (await file.async_sources(call.hass)).get(
                key, "configuration.yaml or a package"
            )
            raise Conflict(
                f"{self.type.noun} {key} is defined in {where}, not in "
                f"{file.file_name}; edit it there"
            )
        raise not_found(self.type.noun, key, items)

    async def get_item(self, call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
        """Return the config as stored in the file."""
        key = args[self.type.id_field]
        config = await self._existing(call, key)
        return {
            self.type.id_field: key,
            "entity_id": self.file.entity_id(call.hass, key),
            "config": config,
            "revision": self.file.kind.revision({"config": config}),
        }

    async def _async_save(
        self,
        call: ToolCall,
        key: str,
        config: dict[str, Any],
        args: dict[str, Any],
        *,
        new: bool = False,
    ) -> dict[str, Any]:
        """Complete, validate, check references, write through the shared write path.

        A ``new`` item is written only if no item has that key when the write
        takes its turn: never over one made meanwhile.
        """
        if self.type.complete is not None:
            config = self.type.complete(call, config, args)
        config = {k: v for k, v in config.items() if k != CONF_ID}
        if not self.file.keyed:
            config = {CONF_ID: key, **config}
        await async_check_blueprint_inputs(call.hass, self.file.domain, config)
        await self.type.validate(call.hass, key, config)
        warnings = check_references(call, config, f"the {self.type.noun}")
        noun = self.type.noun

        def change(current: dict[str, Any] | None) -> dict[str, Any]:
            if new and current is not None:
                raise _KeyTaken(
                    f"{noun} {key} was created meanwhile; choose another id, or "
                    "update it"
                )
            return {"config": config}

        result = await async_write_as_asked(call, self.file.kind, key, change, args)
        answer = {
            self.type.id_field: key,
            "entity_id": self.file.entity_id(call.hass, key),
            **result,
        }
        if warnings:
            answer["warnings"] = warnings
        return answer

    async def create_item(self, call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
        """Create it under a new key (the agent's, when it may choose)."""
        if (key := args.get(self.type.id_field)) is not None:
            taken = {*await self.file.async_read_all(call.hass), *self._creating}
            if key in taken or self.file.entity_id(call.hass, key):
                raise Conflict(
                    f"{self.type.noun} {key} exists already; update it, or choose "
                    "another id"
                )
            return await self._async_create(call, key, args)
        # A file read that began before another create's write may not show its
        # key: a key found taken at write time is never chosen again.
        lost: set[str] = set()
        for _ in range(_NEW_KEY_ATTEMPTS):
            taken = {
                *await self.file.async_read_all(call.hass),
                *self._creating,
                *lost,
            }
            key = self.type.new_key(args["config"], taken)
            try:
                return await self._async_create(call, key, args)
            except _KeyTaken:
                lost.add(key)
        raise Conflict(
            f"every {self.type.noun} id tried was taken by parallel creates; try again"
        )

    async def _async_create(
        self, call: ToolCall, key: str, args: dict[str, Any]
    ) -> dict[str, Any]:
        """Save a new item under ``key``, which no other create may choose meanwhile."""
        self._creating.add(key)
        try:
            return await self._async_save(call, key, args["config"], args, new=True)
        finally:
            self._creating.discard(key)

    async def update_item(self, call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
        """Merge or replace, then validate and write."""
        key = args[self.type.id_field]
        current = await self._existing(call, key)
        config = (
            {**current, **args["config"]} if args["mode"] == "merge" else args["config"]
        )
        return await self._async_save(call, key, config, args)

    async def delete_item(self, call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
        """Remove it from the file, and its entity."""
        require_confirmation(args, f"delete a {self.type.noun}")
        key = args[self.type.id_field]
        await self._existing(call, key)
        entity_id = self.file.entity_id(call.hass, key)
        result = await async_write_as_asked(
            call, self.file.kind, key, lambda current: None, args
        )
        return {self.type.id_field: key, "entity_id": entity_id, **result}
