"""Write safety for stored configuration: revisions, dry runs, before-images, undo.

Every kind of item an agent may rewrite (a dashboard now; automations, scripts,
scenes, helpers and files later) is a ``StoredKind``: how to read an item's
stored content and how to write it back (``None`` means absent). Writes go
through ``async_write_item``, which, one write per item at a time:

- compares the caller's ``expected_revision`` with the item's current revision
  (a hash of its stored content) and refuses with 409 when someone changed it in
  between, so an edit made in Home Assistant's UI is never silently overwritten;
- on ``dry_run`` returns the new content and a JSON Patch from the old, and
  writes nothing;
- otherwise writes, and keeps the content from before in the ``ChangeJournal``
  (persisted, bounded by count, age and size), so ``async_undo`` can put it back:
  a created item is removed, an updated one restored, a deleted one recreated.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import copy
from dataclasses import asdict, dataclass
import hashlib
import itertools
import time
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.json import json_bytes
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
import voluptuous as vol

from .errors import Conflict, InvalidArguments, NotFound
from .output import json_pointer
from .tool import ToolCall

STORAGE_KEY = "ha_openapi.changes"
STORAGE_VERSION = 1
# Bounds of the journal: what a home owner would want to undo, not an archive.
MAX_CHANGES = 200
MAX_AGE_SECONDS = 30 * 24 * 3600
MAX_JOURNAL_BYTES = 4 * 1024 * 1024

CREATED, UPDATED, DELETED = "created", "updated", "deleted"

type ReadItem = Callable[[HomeAssistant, str], Awaitable[Any]]
# Returns the item's key when writing gave it a new one (a collection's new id).
type WriteItem = Callable[[HomeAssistant, str, Any], Awaitable[str | None]]


@dataclass(frozen=True, kw_only=True, slots=True)
class StoredKind:
    """A kind of stored item: how its content is read and written back.

    ``read`` returns the item's content, or None when there is no such item;
    ``write`` stores content, creating the item when it is absent, and removes
    the item when given None; it returns the item's new key when creating it
    gave it one (items a collection names itself), else None.
    """

    name: str
    read: ReadItem
    write: WriteItem
    # What the revision is a hash of; the whole content unless the content
    # carries more than its meaning (a YAML item's exact text, kept for undo).
    fingerprint: Callable[[Any], Any] | None = None
    # How a dry run shows the difference of two meanings; a JSON Patch unless
    # something reads better (a unified diff of a text file).
    difference: Callable[[Any, Any], Any] | None = None

    def meaning(self, content: Any) -> Any:
        """Return what the content means: the part revisions and diffs are about."""
        if content is None or self.fingerprint is None:
            return content
        return self.fingerprint(content)

    def revision(self, content: Any) -> str | None:
        """Return the revision of this kind's content."""
        return revision(self.meaning(content))


KINDS: dict[str, StoredKind] = {}


def register_kind(kind: StoredKind) -> StoredKind:
    """Make ``kind`` known to undo (by the name its changes record)."""
    KINDS[kind.name] = kind
    return kind


def revision(content: Any) -> str | None:
    """Return the revision of stored content: a short hash, None for no item."""
    if content is None:
        return None
    return hashlib.sha256(json_bytes(_canonical(content))).hexdigest()[:16]


def _canonical(content: Any) -> Any:
    """Content with every mapping's keys sorted, so equal content hashes equally."""
    if isinstance(content, dict):
        return {key: _canonical(content[key]) for key in sorted(content)}
    if isinstance(content, (list, tuple)):
        return [_canonical(item) for item in content]
    return content


def json_patch(before: Any, after: Any, path: str = "") -> list[dict[str, Any]]:
    """Return RFC 6902 operations that turn ``before`` into ``after``.

    Mappings are compared key by key and lists of the same length item by item;
    anything else that differs is replaced whole.
    """
    if before == after:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        operations: list[dict[str, Any]] = []
        for key in before:
            if key not in after:
                operations.append({"op": "remove", "path": path + json_pointer(key)})
        for key, value in after.items():
            if key not in before:
                operations.append(
                    {"op": "add", "path": path + json_pointer(key), "value": value}
                )
            else:
                operations.extend(
                    json_patch(before[key], value, path + json_pointer(key))
                )
        return operations
    if (
        isinstance(before, list)
        and isinstance(after, list)
        and len(before) == len(after)
    ):
        return [
            operation
            for index, (old, new) in enumerate(zip(before, after, strict=True))
            for operation in json_patch(old, new, path + json_pointer(index))
        ]
    return [{"op": "replace", "path": path or "", "value": after}]


class JsonPatchFailed(Exception):
    """A JSON Patch ``test`` operation found something else."""


def _pointer_parts(pointer: str) -> list[str]:
    if pointer and not pointer.startswith("/"):
        raise InvalidArguments(
            f"patch: {pointer!r} is not a JSON Pointer (like /views/0/cards/-)",
            field="patch",
        )
    return [
        part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]
    ]


def _parent(document: Any, parts: list[str], pointer: str) -> tuple[Any, str]:
    """Return the container that holds the last part of ``pointer``, and that part."""
    if not parts:
        raise InvalidArguments(
            f"patch: {pointer or '(empty)'} names the whole document; save a whole "
            "config instead",
            field="patch",
        )
    node = document
    for part in parts[:-1]:
        node = _child(node, part, pointer)
    return node, parts[-1]


def _child(node: Any, part: str, pointer: str) -> Any:
    if isinstance(node, dict) and part in node:
        return node[part]
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return node[int(part)]
    raise InvalidArguments(f"patch: nothing at {pointer}", field="patch")


def _get(document: Any, pointer: str) -> Any:
    node = document
    for part in _pointer_parts(pointer):
        node = _child(node, part, pointer)
    return node


def _list_index(container: list[Any], part: str, pointer: str, *, adding: bool) -> int:
    if adding and part == "-":
        return len(container)
    if part.isdigit() and int(part) < len(container) + (1 if adding else 0):
        return int(part)
    raise InvalidArguments(f"patch: no index {part} at {pointer}", field="patch")


def _remove(document: Any, pointer: str) -> Any:
    container, part = _parent(document, _pointer_parts(pointer), pointer)
    if isinstance(container, dict) and part in container:
        return container.pop(part)
    if isinstance(container, list):
        return container.pop(_list_index(container, part, pointer, adding=False))
    raise InvalidArguments(f"patch: nothing at {pointer}", field="patch")


def _add(document: Any, pointer: str, value: Any) -> None:
    container, part = _parent(document, _pointer_parts(pointer), pointer)
    if isinstance(container, dict):
        container[part] = value
    elif isinstance(container, list):
        container.insert(_list_index(container, part, pointer, adding=True), value)
    else:
        raise InvalidArguments(f"patch: cannot add inside {pointer}", field="patch")


def _pointer_of(operation: dict[str, Any], key: str, number: int) -> str:
    pointer = operation.get(key)
    if not isinstance(pointer, str):
        raise InvalidArguments(
            f"patch: operation {number} needs {key}, a JSON Pointer like /views/0",
            field="patch",
        )
    return pointer


def apply_json_patch(document: Any, operations: list[dict[str, Any]]) -> Any:
    """Apply RFC 6902 ``operations`` to a copy of ``document``: all of them, or none.

    Malformed operations are 400s; a ``test`` that fails raises JsonPatchFailed.
    """
    result = copy.deepcopy(document)
    for number, operation in enumerate(operations):
        op, path = operation.get("op"), _pointer_of(operation, "path", number)
        if op in ("add", "replace", "test") and "value" not in operation:
            raise InvalidArguments(
                f"patch: operation {number} ({op}) needs a value", field="patch"
            )
        if op == "add":
            _add(result, path, copy.deepcopy(operation["value"]))
        elif op == "remove":
            _remove(result, path)
        elif op == "replace":
            _remove(result, path)
            _add(result, path, copy.deepcopy(operation["value"]))
        elif op in ("move", "copy"):
            source = _pointer_of(operation, "from", number)
            value = _remove(result, source) if op == "move" else _get(result, source)
            _add(result, path, copy.deepcopy(value))
        elif op == "test":
            if _get(result, path) != operation["value"]:
                raise JsonPatchFailed(
                    f"operation {number} tests {path}, which holds something else"
                )
        else:
            raise InvalidArguments(
                f"patch: operation {number} has op {op!r}; use add, remove, replace, "
                "move, copy or test",
                field="patch",
            )
    return result


@dataclass(frozen=True, kw_only=True, slots=True)
class Change:
    """One write, and what the item held before it."""

    change_id: str
    time: float
    user_id: str
    user_name: str | None
    tool: str
    request_id: str
    kind: str
    key: str
    action: str
    before: Any
    after_revision: str | None
    undoes: str | None = None

    def summary(self, current_revision: str | None) -> dict[str, Any]:
        """Describe the change for a listing, without the content from before."""
        return {
            "change_id": self.change_id,
            "time": dt_util.as_local(dt_util.utc_from_timestamp(self.time)).isoformat(),
            "user": self.user_name,
            "tool": self.tool,
            "kind": self.kind,
            "item": self.key,
            "action": self.action,
            "undoes": self.undoes,
            # Undoable as it stands: nothing changed the item since.
            "undoable": current_revision == self.after_revision,
        }


class ChangeJournal:
    """Before-images of recent writes, kept in Home Assistant's storage."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Prepare the journal; ``async_load`` reads what earlier runs kept."""
        self._hass = hass
        self._store: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, STORAGE_KEY)
        self._changes: list[Change] = []
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._counter = itertools.count(1)

    async def async_load(self) -> None:
        """Read the journal kept by earlier runs."""
        stored = await self._store.async_load()
        self._changes = [
            Change(**change) for change in (stored or {}).get("changes", [])
        ]
        self._counter = itertools.count(
            max(
                (int(change.change_id.rpartition("-")[2]) for change in self._changes),
                default=0,
            )
            + 1
        )

    def lock(self, kind: str, key: str) -> asyncio.Lock:
        """Return the lock that makes writes to one item take turns."""
        return self._locks.setdefault((kind, key), asyncio.Lock())

    def get(self, change_id: str) -> Change:
        """Return the change called ``change_id``, or 404."""
        for change in self._changes:
            if change.change_id == change_id:
                return change
        raise NotFound(
            f"change {change_id} not found; ha_list_changes lists the changes kept"
        )

    def newest_first(self) -> list[Change]:
        """Every change kept, newest first."""
        return self._changes[::-1]

    async def async_record(self, change: Change) -> None:
        """Keep ``change``, drop what is beyond the bounds, and store the journal."""
        self._changes.append(change)
        oldest = time.time() - MAX_AGE_SECONDS
        self._changes = [item for item in self._changes if item.time >= oldest][
            -MAX_CHANGES:
        ]
        while len(self._changes) > 1 and (
            sum(len(json_bytes(item.before)) for item in self._changes)
            > MAX_JOURNAL_BYTES
        ):
            self._changes.pop(0)
        await self._store.async_save(
            {"changes": [asdict(item) for item in self._changes]}
        )

    def new_id(self) -> str:
        """Return an id for the next change."""
        return f"c-{next(self._counter)}"


def _stale(kind: StoredKind, key: str, expected: str, current: str | None) -> Conflict:
    return Conflict(
        f"{kind.name} {key} changed since revision {expected} (someone edited it); "
        f"its revision is now {current}: read it again and reapply the change"
    )


async def async_write_item(
    call: ToolCall,
    kind: StoredKind,
    key: str,
    change: Callable[[Any], Any],
    *,
    expected_revision: str | None = None,
    dry_run: bool = False,
    undoes: str | None = None,
) -> dict[str, Any]:
    """Write what ``change`` makes of the item's current content, safely.

    ``change`` gets the current content (None when absent) and returns the new
    content (None to remove the item), or raises a ToolError to refuse.
    """
    journal = call.journal
    async with journal.lock(kind.name, key):
        current = await kind.read(call.hass, key)
        current_revision = kind.revision(current)
        if expected_revision is not None and expected_revision != current_revision:
            raise _stale(kind, key, expected_revision, current_revision)
        new = change(current)
        result: dict[str, Any] = {
            "revision": kind.revision(new),
            "previous_revision": current_revision,
        }
        if dry_run:
            return {
                **result,
                "dry_run": True,
                "diff": (kind.difference or json_patch)(
                    kind.meaning(current), kind.meaning(new)
                ),
                "content": kind.meaning(new),
            }
        if result["revision"] == current_revision and (new is None) == (
            current is None
        ):
            return {**result, "changed": False}
        written_key = await kind.write(call.hass, key, new) or key
        if written_key != key:
            result["item"] = written_key
        recorded = Change(
            change_id=journal.new_id(),
            time=time.time(),
            user_id=call.user.id,
            user_name=call.user.name,
            tool=call.tool_name,
            request_id=call.request_id,
            kind=kind.name,
            key=written_key,
            action=CREATED if current is None else DELETED if new is None else UPDATED,
            before=current,
            after_revision=kind.revision(new),
            undoes=undoes,
        )
        await journal.async_record(recorded)
        return {**result, "changed": True, "change_id": recorded.change_id}


def write_fields(noun: str) -> dict[Any, Any]:
    """Return the arguments of a tool that writes through ``async_write_as_asked``."""
    return {
        vol.Optional(
            "expected_revision",
            description=f"The {noun} revision you read; if since changed: 409",
        ): cv.string,
        vol.Optional(
            "dry_run",
            default=False,
            description="Preview: validate, return JSON Patch, no write",
        ): cv.boolean,
    }


def write_result(
    properties: dict[str, Any], required: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Return the result schema of a tool that writes through ``async_write_item``."""
    revision_schema = {"type": ["string", "null"]}
    return {
        "type": "object",
        "properties": {
            **properties,
            "revision": revision_schema,
            "previous_revision": revision_schema,
            "changed": {"type": "boolean"},
            "change_id": {"type": "string", "description": "For ha_undo_change."},
            "dry_run": {"type": "boolean"},
            "diff": {"type": ["array", "string"]},
            "content": {},
        },
        "required": [*required, "revision"],
    }


async def async_write_as_asked(
    call: ToolCall,
    kind: StoredKind,
    key: str,
    change: Callable[[Any], Any],
    arguments: dict[str, Any],
) -> dict[str, Any]:
    """Write with the ``expected_revision`` and ``dry_run`` arguments a tool got."""
    return await async_write_item(
        call,
        kind,
        key,
        change,
        expected_revision=arguments.get("expected_revision"),
        dry_run=arguments["dry_run"],
    )


async def async_undo(
    call: ToolCall, change_id: str, *, force: bool = False, dry_run: bool = False
) -> dict[str, Any]:
    """Put back what the item held before change ``change_id``.

    Refused (409) when the item changed again since, unless ``force``.
    """
    change = call.journal.get(change_id)
    kind = KINDS.get(change.kind)
    if kind is None:
        raise NotFound(f"change {change_id} is of a kind this version cannot undo")
    current = await kind.read(call.hass, change.key)
    if not force and kind.revision(current) != change.after_revision:
        raise Conflict(
            f"{kind.name} {change.key} changed again after change {change_id} "
            f"(its revision is now {kind.revision(current)}); undoing it would lose that "
            "change: pass force to undo anyway"
        )
    result = await async_write_item(
        call,
        kind,
        change.key,
        lambda _: change.before,
        expected_revision=None if force else change.after_revision,
        dry_run=dry_run,
        undoes=change_id,
    )
    return {**result, "undone": change_id, "kind": kind.name, "item": change.key}
