"""Bounded output: pagination for lists and a size cap for everything.

List tools return a ``Page``; the dispatcher shortens it until the response fits
the configured cap and points ``next_cursor`` at the first item left out. Any
other result that is too large has its biggest lists and strings cut, and the
envelope's ``truncated`` member names every cut, so nothing is dropped silently.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from homeassistant.helpers.json import json_bytes
import voluptuous as vol

from .errors import InvalidArguments

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
_CURSOR_PREFIX = "o:"
_MAX_CUTS = 32


def pagination_fields(default_limit: int = DEFAULT_PAGE_SIZE) -> dict[Any, Any]:
    """Return the schema fields every list tool takes, to spread into its parameters."""
    return {
        vol.Optional(
            "limit",
            default=default_limit,
            description=f"Maximum number of items to return (1-{MAX_PAGE_SIZE}).",
        ): vol.All(vol.Coerce(int), vol.Range(min=1, max=MAX_PAGE_SIZE)),
        vol.Optional(
            "cursor",
            description="next_cursor from the previous page, to continue the list.",
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


def encode_cursor(offset: int) -> str:
    """Return an opaque cursor for a list position."""
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    """Return the list position a cursor stands for."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(_CURSOR_PREFIX):
            raise ValueError(text)
        offset = int(text.removeprefix(_CURSOR_PREFIX))
    except binascii.Error, UnicodeDecodeError, ValueError:
        raise InvalidArguments(
            "cursor: not a cursor this tool returned; omit it to start from the first page",
            field="cursor",
        ) from None
    if offset < 0:
        raise InvalidArguments("cursor: out of range", field="cursor")
    return offset


@dataclass(kw_only=True, slots=True)
class Page:
    """One page of a list result."""

    items: list[Any]
    offset: int
    total: int
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
            "next_cursor": encode_cursor(end) if has_more else None,
        }


def paginate(items: Sequence[Any], args: dict[str, Any], **extra: Any) -> Page:
    """Return the page of ``items`` that the ``limit``/``cursor`` arguments ask for."""
    offset = decode_cursor(args.get("cursor"))
    limit: int = args.get("limit", DEFAULT_PAGE_SIZE)
    return Page(
        items=list(items[offset : offset + limit]),
        offset=offset,
        total=len(items),
        extra=extra,
    )


type Serialize = Callable[[Any, list[str]], bytes]


def fit(result: Any, max_bytes: int, serialize: Serialize) -> bytes:
    """Serialize ``result`` within ``max_bytes``, shortening it (and saying so) if needed.

    ``serialize(result, truncated)`` builds the whole response body, so the cap
    applies to what the caller receives, envelope included.
    """
    if isinstance(result, Page):
        return _fit_page(result, max_bytes, serialize)
    body = serialize(result, [])
    if len(body) <= max_bytes:
        return body
    truncated: list[str] = []
    for _ in range(_MAX_CUTS):
        path = _cut_largest(result, "result")
        if path is None:
            break
        if path not in truncated:
            truncated.append(path)
        body = serialize(result, truncated)
        if len(body) <= max_bytes:
            break
    return body


def _fit_page(page: Page, max_bytes: int, serialize: Serialize) -> bytes:
    """Keep as many items as fit, so next_cursor resumes exactly where the page stops."""
    body = serialize(page.as_result(), [])
    if len(body) <= max_bytes:
        return body
    low, high = 0, len(page.items)
    while low < high:
        middle = (low + high + 1) // 2
        if len(serialize(page.as_result(middle), [])) <= max_bytes:
            low = middle
        else:
            high = middle - 1
    result = page.as_result(max(low, 1) if page.items else 0)
    result["truncated_by_size"] = True
    return fit(result, max_bytes, serialize) if low == 0 else serialize(result, [])


def _cut_largest(node: Any, path: str) -> str | None:
    """Halve the largest list or string inside ``node``; return its path."""
    best: tuple[int, Any, Any, str] | None = None
    stack: list[tuple[Any, Any, Any, str]] = [(None, None, node, path)]
    while stack:
        parent, key, value, value_path = stack.pop()
        if isinstance(value, dict):
            stack.extend(
                (value, child_key, child, f"{value_path}.{child_key}")
                for child_key, child in value.items()
            )
        elif isinstance(value, list):
            stack.extend(
                (value, index, child, f"{value_path}[{index}]")
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
    parent[key] = value[: len(value) // 2]
    return value_path
