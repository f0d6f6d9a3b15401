"""Tool schemas as JSON Schema, with Home Assistant's own converter.

Home Assistant 2026.9 replaced voluptuous with probatio (still imported as
``voluptuous``) and converts schemas with ``probatio.to_openapi``; older releases
use ``voluptuous_openapi.convert``. Both get the selector serializer that Home
Assistant's LLM code uses, so selectors in tool schemas come out the same way,
and both render a ``DescribedValidator`` by what it says it accepts: the
converters cannot see inside a validator that takes one value or a list, or a
text or a number, and would describe it wrongly.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.llm import selector_serializer
import voluptuous as vol

from .errors import InvalidArguments


class DescribedValidator(ABC):
    """A validator that states the JSON Schema of what it accepts."""

    @abstractmethod
    def __call__(self, value: Any) -> Any:
        """Return the validated value or raise vol.Invalid."""

    @abstractmethod
    def json_schema(self) -> dict[str, Any]:
        """Return the JSON Schema of the values this validator accepts."""


class OneOrMore(DescribedValidator):
    """One value or a list of them; the tool gets a list unless ``keep_single``.

    ``keep_single`` passes a single value on as it came, for arguments handed to
    a Home Assistant action that reads the two forms differently ("all").
    """

    def __init__(
        self,
        item: Callable[[Any], Any],
        *,
        min_items: int = 0,
        max_items: int | None = None,
        keep_single: bool = False,
    ) -> None:
        """Take items that pass ``item``, between ``min_items`` and ``max_items``."""
        self._item = item
        self._min_items = min_items
        self._max_items = max_items
        self._keep_single = keep_single
        self._list = vol.Schema(
            vol.All([item], vol.Length(min=min_items, max=max_items))
        )

    def __call__(self, value: Any) -> Any:
        """Return the items as a list (or the single item, when kept)."""
        if isinstance(value, list):
            return self._list(value)
        try:
            items = self._list([value])
        except vol.Invalid as err:
            # A single value's error is about the value, not item 0 of a list.
            raise vol.Invalid(err.msg, path=err.path[1:]) from None
        return items[0] if self._keep_single else items

    def json_schema(self) -> dict[str, Any]:
        """Describe an array; a single item is also taken, but not advertised.

        Both forms in the schema (anyOf) cost a model tokens in every catalogue
        for no gain: an array of one says the same.
        """
        item = to_json_schema(vol.Schema([self._item]))["items"]
        array: dict[str, Any] = {"type": "array", "items": item}
        if self._min_items:
            array["minItems"] = self._min_items
        if self._max_items is not None:
            array["maxItems"] = self._max_items
        return array


class TextOrNumber(DescribedValidator):
    """A JSON string or number, kept as given ("007" stays a text)."""

    def __call__(self, value: Any) -> str | int | float:
        """Return the value unchanged when it is a string or a number."""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise vol.Invalid("expected a text or a number")
        return value

    def json_schema(self) -> dict[str, Any]:
        """Accept a string or a number."""
        return {"anyOf": [{"type": "string"}, {"type": "number"}]}


def _without_open_objects(schema: dict[str, Any]) -> dict[str, Any]:
    """Drop what JSON Schema assumes anyway, said at a cost in every catalogue.

    ``additionalProperties: true``, and an empty ``required`` (which the older
    converter writes).
    """
    return {
        key: _open_objects_dropped(value)
        for key, value in schema.items()
        if not (key == "additionalProperties" and value is True)
        and not (key == "required" and value == [])
    }


def _open_objects_dropped(node: Any) -> Any:
    if isinstance(node, dict):
        return _without_open_objects(node)
    if isinstance(node, list):
        return [_open_objects_dropped(item) for item in node]
    return node


# Validators whose JSON type the older converter (voluptuous_openapi, before
# Home Assistant 2026.9) cannot tell from their signature: it would call a
# boolean a string, and leave a text untyped inside a list or a union.
_PLAIN_TYPES: tuple[tuple[Callable[[Any], Any], str], ...] = (
    (cv.boolean, "boolean"),
    (cv.string, "string"),
)


def serialize_node(node: Any) -> Any:
    """Render described validators by their own schema, selectors as HA's LLM does."""
    if isinstance(node, DescribedValidator):
        return node.json_schema()
    for validator, json_type in _PLAIN_TYPES:
        if node is validator:
            return {"type": json_type}
    if (array := _bounded_list(node)) is not None:
        return array
    return selector_serializer(node)


def _bounded_list(node: Any) -> dict[str, Any] | None:
    """Render ``vol.All([item], vol.Length(...))`` as an array with an item count.

    The older converter gives such a list the bounds of a text (minLength).
    """
    if not isinstance(node, vol.All) or not node.validators:
        return None
    validators = list(node.validators)
    while validators and isinstance(validators[0], vol.All):
        # vol.All(BOUNDED_LIST, vol.Length(min=1)): one list, both bounds.
        validators[:1] = validators[0].validators
    items, *rest = validators
    if not isinstance(items, list) or not all(
        isinstance(length, vol.Length) for length in rest
    ):
        return None
    array = to_json_schema(vol.Schema(items))
    for length in rest:
        if length.min is not None:
            array["minItems"] = length.min
        if length.max is not None:
            array["maxItems"] = length.max
    return array


try:
    from probatio import to_openapi
except ImportError:  # Home Assistant < 2026.9
    from voluptuous_openapi import OpenApiVersion, convert

    def to_json_schema(schema: vol.Schema) -> dict[str, Any]:
        """Convert a tool's argument schema to an OpenAPI 3.1 schema object."""
        result: dict[str, Any] = convert(
            schema,
            custom_serializer=serialize_node,
            openapi_version=OpenApiVersion.V3_1,
        )
        if isinstance(schema.schema, dict) and schema.extra == vol.PREVENT_EXTRA:
            # Said by the newer converter; the older one leaves it out.
            result.setdefault("additionalProperties", False)
        return _without_open_objects(result)

else:

    def to_json_schema(schema: vol.Schema) -> dict[str, Any]:
        """Convert a tool's argument schema to an OpenAPI 3.1 schema object."""
        result: dict[str, Any] = to_openapi(
            schema, custom_serializer=serialize_node, openapi_version="3.1.0"
        )
        return _without_open_objects(result)


def confirm_field() -> dict[Any, Any]:
    """Return the ``confirm`` argument of a tool that asks for one before it acts."""
    return {vol.Required("confirm", description="Must be true."): cv.boolean}


def require_confirmation(arguments: dict[str, Any], what: str) -> None:
    """Refuse (400) unless the caller passed ``confirm: true`` to ``what``."""
    if arguments.get("confirm") is not True:
        raise InvalidArguments(f"confirm: must be true to {what}", field="confirm")
