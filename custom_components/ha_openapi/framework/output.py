"""Bounded output: pagination for lists and a size cap for everything.

List tools return a ``Page``; the dispatcher shortens it until the response fits
the configured cap and points ``next_cursor`` at the first item left out. Any
other result that is too large has its biggest lists and strings cut.

Whatever cuts a result short, the size cap or a tool's own limit (``max_rows``),
says so the same way: a ``Truncation`` in the envelope's ``truncated`` list,
with the JSON Pointer of what was cut, how many items (or characters) were left
out, and why. Nothing is dropped silently, and no tool has a word of its own.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
import hashlib
import json
from typing import Any

from homeassistant.helpers.json import json_bytes
import voluptuous as vol

from .errors import InvalidArguments

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
_CURSOR_PREFIX = "o:"
_PAGING = frozenset({"cursor", "limit"})
# Enough to shrink a result of many lists (history of 50 entities) to any cap.
_MAX_CUTS = 1000
# Why a result was cut short, besides the argument that capped it (max_rows).
SIZE_CAP = "size_cap"
FIXED_LIMIT = "limit"


@dataclass(frozen=True, slots=True)
class BinaryResult:
    """A result sent as it is, not inside the JSON envelope (a camera's image).

    It is never cut to fit the cap: the tool makes it fit, or refuses with the
    size to ask for. ``headers`` describe it (X-Image-Width...).
    """

    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def json_pointer(*parts: str | int) -> str:
    """Return the RFC 6901 JSON Pointer to ``parts`` inside the result."""
    return "".join(
        "/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts
    )


class NewestLast(list[Any]):
    """A list whose newest items come last: cut to fit the cap, it keeps its end."""


@dataclass(frozen=True, slots=True)
class Truncation:
    """A list or text cut short: where, how much was left out, and why."""

    path: str
    omitted: int
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """Return the entry of the envelope's ``truncated`` list."""
        return {"path": self.path, "omitted": self.omitted, "reason": self.reason}


TRUNCATED_SCHEMA: dict[str, Any] = {
    "type": "array",
    "description": (
        "What was cut short: path (JSON Pointer into result), omitted (items or "
        "characters left out) and reason (size_cap: the response size cap; "
        "max_rows: that argument; limit: the tool's fixed limit)."
    ),
    "items": {
        "type": "object",
        "properties": {
            "path": {"type": "string"},
            "omitted": {"type": "integer"},
            "reason": {"type": "string"},
        },
        "required": ["path", "omitted", "reason"],
    },
}


def pagination_fields(default_limit: int = DEFAULT_PAGE_SIZE) -> dict[Any, Any]:
    """Return the schema fields every list tool takes, to spread into its parameters."""
    return {
        vol.Optional(
            "limit",
            default=default_limit,
            description="Page size",
        ): vol.All(vol.Coerce(int), vol.Range(min=1, max=MAX_PAGE_SIZE)),
        vol.Optional(
            "cursor",
            description="next_cursor of the last page",
        ): str,
    }


def page_schema(item: dict[str, Any], **extra: dict[str, Any]) -> dict[str, Any]:
    """JSON schema of a Page result whose items look like ``item``."""
    return {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": item},
            "count": {"type": "integer", "description": "Items in this page."},
            "total": {"type": "integer", "description": "Items in the whole list."},
            "has_more": {"type": "boolean"},
            "next_cursor": {
                "type": ["string", "null"],
                "description": "Pass as cursor to get the next page; null on the last page.",
            },
            **extra,
        },
        "required": ["items", "count", "total", "has_more", "next_cursor"],
    }


def query_scope(tool: str, args: dict[str, Any]) -> str:
    """Name a query: the tool and every argument but the paging ones.

    A cursor carries the scope of the query it came from, so a cursor from
    another tool or another query is refused instead of paging the wrong list.
    """
    query = {key: value for key, value in args.items() if key not in _PAGING}
    text = json.dumps([tool, query], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def encode_cursor(offset: int, scope: str) -> str:
    """Return an opaque cursor for a position in the list of query ``scope``."""
    return base64.urlsafe_b64encode(
        f"{_CURSOR_PREFIX}{offset}:{scope}".encode()
    ).decode()


def decode_cursor(cursor: str | None, scope: str) -> int:
    """Return the list position a cursor stands for, if it belongs to ``scope``."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
    except binascii.Error, UnicodeError, ValueError:
        text = ""
    offset, _, cursor_scope = text.removeprefix(_CURSOR_PREFIX).partition(":")
    if not text.startswith(_CURSOR_PREFIX) or not (
        offset.isascii() and offset.isdigit()
    ):
        raise InvalidArguments(
            "cursor: not a cursor this tool returned; omit it to start from the first page",
            field="cursor",
        )
    if cursor_scope != scope:
        raise InvalidArguments(
            "cursor: it belongs to another query; repeat the query it came from with "
            "it, or omit it to start from the first page",
            field="cursor",
        )
    return int(offset)


@dataclass(kw_only=True, slots=True)
class Page:
    """One page of a list result."""

    items: list[Any]
    offset: int
    total: int
    scope: str
    extra: dict[str, Any] = field(default_factory=dict)

    def as_result(self, shown: int | None = None) -> dict[str, Any]:
        """Return the result with the first ``shown`` items (all by default)."""
        items = self.items if shown is None else self.items[:shown]
        end = self.offset + len(items)
        has_more = end < self.total
        return {
            **self.extra,
            "items": items,
            "count": len(items),
            "total": self.total,
            "has_more": has_more,
            "next_cursor": encode_cursor(end, self.scope) if has_more else None,
        }


def paginate(
    items: Sequence[Any], args: dict[str, Any], scope: str, **extra: Any
) -> Page:
    """Return the page of ``items`` that the ``limit``/``cursor`` arguments ask for."""
    offset = decode_cursor(args.get("cursor"), scope)
    limit: int = args.get("limit", DEFAULT_PAGE_SIZE)
    return Page(
        items=list(items[offset : offset + limit]),
        offset=offset,
        total=len(items),
        scope=scope,
        extra=extra,
    )


type Serialize = Callable[[Any, list[Truncation]], bytes]


def fit(
    result: Any,
    max_bytes: int,
    serialize: Serialize,
    truncated: Sequence[Truncation] = (),
) -> bytes:
    """Serialize ``result`` within ``max_bytes``, shortening it (and saying so) if needed.

    ``serialize(result, truncated)`` builds the whole response body, so the cap
    applies to what the caller receives, envelope included; ``truncated`` holds
    the cuts the tool made itself.
    """
    if isinstance(result, Page):
        return _fit_page(result, max_bytes, serialize, list(truncated))
    return _fit_any(result, max_bytes, serialize, list(truncated))


def _fit_any(
    result: Any, max_bytes: int, serialize: Serialize, truncated: list[Truncation]
) -> bytes:
    """Halve the largest list or string until the body fits, recording each cut."""
    body = serialize(result, truncated)
    if len(body) <= max_bytes:
        return body
    # Results may hold Home Assistant's own read-only mappings (a state's
    # attributes); cut a plain copy.
    result = _plain(result)
    cuts: dict[str, int] = {}
    for _ in range(_MAX_CUTS):
        if (cut := _cut_largest(result)) is None:
            break
        path, omitted = cut
        cuts[path] = cuts.get(path, 0) + omitted
        body = serialize(
            result,
            [
                *truncated,
                *(Truncation(path, count, SIZE_CAP) for path, count in cuts.items()),
            ],
        )
        if len(body) <= max_bytes:
            break
    return body


def _fit_page(
    page: Page, max_bytes: int, serialize: Serialize, truncated: list[Truncation]
) -> bytes:
    """Keep as many items as fit, so next_cursor resumes exactly where the page stops."""

    def cut_to(shown: int) -> list[Truncation]:
        left_out = len(page.items) - shown
        if not left_out:
            return truncated
        return [*truncated, Truncation(json_pointer("items"), left_out, SIZE_CAP)]

    body = serialize(page.as_result(), truncated)
    if len(body) <= max_bytes:
        return body
    low, high = 0, len(page.items)
    while low < high:
        middle = (low + high + 1) // 2
        if len(serialize(page.as_result(middle), cut_to(middle))) <= max_bytes:
            low = middle
        else:
            high = middle - 1
    if low or not page.items:
        return serialize(page.as_result(low), cut_to(low))
    # Not even one item fits: keep one, and cut inside it.
    return _fit_any(page.as_result(1), max_bytes, serialize, cut_to(1))


def _plain(value: Any) -> Any:
    """Return ``value`` with every mapping a dict and every sequence a list."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, NewestLast):
        return NewestLast(_plain(item) for item in value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _cut_largest(node: Any) -> tuple[str, int] | None:
    """Halve the largest list or string inside ``node``; return its path and what went."""
    best: tuple[int, Any, Any, str] | None = None
    stack: list[tuple[Any, Any, Any, str]] = [(None, None, node, "")]
    while stack:
        parent, key, value, value_path = stack.pop()
        if isinstance(value, dict):
            stack.extend(
                (value, child_key, child, value_path + json_pointer(child_key))
                for child_key, child in value.items()
            )
        elif isinstance(value, list):
            stack.extend(
                (value, index, child, value_path + json_pointer(index))
                for index, child in enumerate(value)
            )
        if parent is None or not isinstance(value, (list, str)) or len(value) < 2:
            continue
        size = len(json_bytes(value))
        if best is None or size > best[0]:
            best = (size, parent, key, value_path)
    if best is None:
        return None
    _, parent, key, value_path = best
    value = parent[key]
    kept = len(value) // 2
    parent[key] = (
        NewestLast(value[len(value) - kept :])
        if isinstance(value, NewestLast)
        else value[:kept]
    )
    return value_path, len(value) - kept
