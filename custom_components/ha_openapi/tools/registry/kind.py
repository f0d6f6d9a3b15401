"""A kind of registry entry as data, and the two tools made from it.

Areas, floors and labels are alike: entries with an id and a unique name, in a
registry with ``async_create(name, **fields)``, ``async_update(id, **fields)``
and ``async_delete(id)``. A ``RegistryKind`` says what differs (the registry,
the id attribute, the fields and how each reaches the registry, how an entry
is shown, what a listing counts), and ``registry_tools`` makes the list tool
and the one that creates, updates and deletes, with fixed result schemas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.actions import ActionTool
from ...framework.errors import InvalidArguments, refused_as_invalid
from ...framework.output import Page, page_schema, pagination_fields
from ...framework.schema import OneOrMore
from ...framework.tool import Tool, ToolCall
from ..shared import (
    resolve_area,
    resolve_by_id_or_name,
    resolve_floor,
    resolve_label,
)

NAME = vol.All(cv.string, vol.Length(min=1, max=100))
NULLABLE = vol.Any(None, cv.string)
STRINGS = OneOrMore(cv.string)


def as_given(hass: HomeAssistant, value: Any) -> Any:
    """Send the argument to the registry unchanged."""
    return value


def clean_aliases(given: list[str]) -> list[str]:
    """Return the aliases stripped, without blanks or repeats, as HA's UI stores them."""
    return list(dict.fromkeys(alias.strip() for alias in given if alias.strip()))


def _alias_set(hass: HomeAssistant, given: list[str]) -> set[str]:
    return set(clean_aliases(given))


@dataclass(frozen=True, kw_only=True, slots=True)
class RegistryField:
    """An argument of the create and update tools, and how it reaches the registry."""

    name: str
    validator: Any
    description: str
    # The registry's keyword for it, when not the argument's name.
    keyword: str | None = None
    convert: Callable[[HomeAssistant, Any], Any] = as_given

    def schema(self) -> dict[Any, Any]:
        """Return the argument's entry in a tool's schema."""
        return {vol.Optional(self.name, description=self.description): self.validator}


def fields_schema(fields: Iterable[RegistryField]) -> dict[Any, Any]:
    """Return the schema entries of ``fields``."""
    schema: dict[Any, Any] = {}
    for field in fields:
        schema |= field.schema()
    return schema


def registry_changes(
    hass: HomeAssistant, fields: Iterable[RegistryField], arguments: dict[str, Any]
) -> dict[str, Any]:
    """Return the registry keywords for the fields given; null clears a field."""
    return {
        field.keyword or field.name: (
            None
            if arguments[field.name] is None
            else field.convert(hass, arguments[field.name])
        )
        for field in fields
        if field.name in arguments
    }


AREA_FIELD = RegistryField(
    name="area",
    validator=NULLABLE,
    description="Area id or name; null removes",
    keyword="area_id",
    convert=lambda hass, value: resolve_area(hass, value).id,
)
FLOOR_FIELD = RegistryField(
    name="floor",
    validator=NULLABLE,
    description="Floor id or name; null removes",
    keyword="floor_id",
    convert=lambda hass, value: resolve_floor(hass, value).floor_id,
)
LABELS_FIELD = RegistryField(
    name="labels",
    validator=STRINGS,
    description="Label ids or names; replaces the list",
    convert=lambda hass, values: {
        resolve_label(hass, value).label_id for value in values
    },
)
ALIASES_FIELD = RegistryField(
    name="aliases",
    validator=STRINGS,
    description="Assist aliases; replaces the list",
    convert=_alias_set,
)


@dataclass(frozen=True, kw_only=True, slots=True)
class RegistryKind[Entry]:
    """Everything the tools for one kind of registry entry need."""

    kind: str
    plural: str
    entries: Callable[[HomeAssistant], Iterable[Entry]]
    create: Callable[[HomeAssistant, str, dict[str, Any]], Entry]
    update: Callable[[HomeAssistant, str, dict[str, Any]], Entry]
    delete: Callable[[HomeAssistant, str], None]
    entry_id: Callable[[Entry], str]
    entry_name: Callable[[Entry], str]
    show: Callable[[Entry], dict[str, Any]]
    item_schema: dict[str, Any]
    fields: tuple[RegistryField, ...]
    sort_key: Callable[[Entry], Any]
    # What a listing adds to each entry (counts), given the call; and its schema.
    listed: Callable[[ToolCall], Callable[[Entry], dict[str, Any]]]
    listed_schema: dict[str, Any]
    list_description: str
    # What ha_manage_<kind> says: creating, changing and deleting one.
    manage_description: str

    def resolve(self, hass: HomeAssistant, value: str) -> Entry:
        """Return the entry with this id or name; 404 with suggestions."""
        return resolve_by_id_or_name(
            self.kind, value, self.entries(hass), self.entry_id, self.entry_name
        )

    def changes(self, hass: HomeAssistant, arguments: dict[str, Any]) -> dict[str, Any]:
        """Return the registry keywords for the fields given (null clears)."""
        return registry_changes(hass, self.fields, arguments)

    def refuse_taken_name(
        self, hass: HomeAssistant, name: str, current: Entry | None = None
    ) -> None:
        """400 for a name another entry has (a change of case of its own is fine)."""
        folded = name.casefold()
        own = self.entry_name(current).casefold() if current is not None else None
        if any(
            self.entry_name(other).casefold() == folded != own
            for other in self.entries(hass)
        ):
            raise InvalidArguments(
                f"name: {name} is already the name of an existing {self.kind}",
                field="name",
            )


def registry_tools[Entry](kind: RegistryKind[Entry]) -> list[Tool]:
    """Make the list tool of ``kind`` and the one that creates, updates and deletes."""
    fields = fields_schema(kind.fields)
    identifies = {
        vol.Required(kind.kind, description=f"{kind.kind.capitalize()} id or name"): (
            cv.string
        )
    }

    async def list_entries(call: ToolCall, arguments: dict[str, Any]) -> Page:
        listed = kind.listed(call)
        page = call.paginate(
            sorted(kind.entries(call.hass), key=kind.sort_key), arguments
        )
        page.items = [{**kind.show(entry), **listed(entry)} for entry in page.items]
        return page

    deleted = {
        "type": "object",
        "properties": {"deleted": kind.item_schema},
        "required": ["deleted"],
    }
    manage = ActionTool(
        name=f"ha_manage_{kind.kind}",
        description=kind.manage_description,
        category=ToolCategory.REGISTRY,
        result={"anyOf": [kind.item_schema, deleted]},
        requires_admin=True,
    )
    name_description = "Name (update: the new name)"

    @manage.action(
        "create",
        vol.Schema(
            {vol.Required("name", description=name_description): NAME, **fields}
        ),
    )
    async def create(call: ToolCall, arguments: dict[str, Any]) -> dict[str, Any]:
        kind.refuse_taken_name(call.hass, arguments["name"])
        changes = kind.changes(call.hass, arguments)
        with refused_as_invalid("name"):
            return kind.show(kind.create(call.hass, arguments["name"], changes))

    @manage.action(
        "update",
        vol.Schema(
            {
                **identifies,
                vol.Optional("name", description=name_description): NAME,
                **fields,
            }
        ),
    )
    async def update(call: ToolCall, arguments: dict[str, Any]) -> dict[str, Any]:
        entry = kind.resolve(call.hass, arguments[kind.kind])
        changes = kind.changes(call.hass, arguments)
        if "name" in arguments:
            kind.refuse_taken_name(call.hass, arguments["name"], entry)
            changes["name"] = arguments["name"]
        with refused_as_invalid("name"):
            return kind.show(kind.update(call.hass, kind.entry_id(entry), changes))

    @manage.action("delete", vol.Schema(identifies), destructive=True)
    async def delete(call: ToolCall, arguments: dict[str, Any]) -> dict[str, Any]:
        entry = kind.resolve(call.hass, arguments[kind.kind])
        kind.delete(call.hass, kind.entry_id(entry))
        return {"deleted": kind.show(entry)}

    listed_item = {
        **kind.item_schema,
        "properties": {**kind.item_schema["properties"], **kind.listed_schema},
    }
    return [
        Tool(
            name=f"ha_list_{kind.plural}",
            description=kind.list_description,
            category=ToolCategory.REGISTRY,
            parameters=vol.Schema(pagination_fields()),
            result=page_schema(listed_item),
            handler=list_entries,
            read_only=True,
        ),
        manage.tool(),
    ]


def object_schema(
    properties: dict[str, Any], *, required: Iterable[str] | None = None
) -> dict[str, Any]:
    """Return the JSON schema of an object whose members are all present."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(required if required is not None else properties),
    }


NULLABLE_STRING: dict[str, Any] = {"type": ["string", "null"]}
STRING_LIST: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
