"""ha_list_files, ha_read_file, ha_search_files: the configuration folder, read through the jail."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from fnmatch import fnmatchcase
import os
from pathlib import Path
from typing import Any

from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import InvalidArguments, NotFound
from ...framework.settings import FileAccess
from ...framework.tool import TOOLS, ToolCall
from .content import FILE, BinaryFile, binary_refusal, decode_text, text_content
from .jail import resolve, visible

MAX_LIST_ENTRIES = 2000
MAX_LIST_DEPTH = 5
# A read returns at most this much text; ranges of lines reach the rest.
MAX_READ_BYTES = 256 * 1024
# Search skips files larger than this and stops after this many files or matches.
MAX_SEARCHED_FILE_BYTES = 1024 * 1024
MAX_SEARCHED_FILES = 5000
MAX_MATCHES = 200
MAX_MATCH_LINE = 300

_PATH = vol.All(cv.string, vol.Length(min=1, max=1024))
_ENTRY = {
    "type": "object",
    "properties": {
        "path": {"type": "string"},
        "type": {"type": "string", "enum": ["file", "folder"]},
        "size": {"type": "integer"},
        "modified": {"type": "string"},
    },
    "required": ["path", "type", "modified"],
}


def _modified(path: Path) -> str:
    moment = datetime.fromtimestamp(path.stat().st_mtime, dt_util.UTC)
    return dt_util.as_local(moment).isoformat(timespec="seconds")


def _entry(root: Path, path: Path) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "path": path.relative_to(root).as_posix(),
        "type": "folder" if path.is_dir() else "file",
        "modified": _modified(path),
    }
    if entry["type"] == "file":
        entry["size"] = path.stat().st_size
    return entry


@dataclass(slots=True)
class _Walk:
    """What a walk of the folder found, and what it left out."""

    root: Path
    found: list[Path] = field(default_factory=list)
    omitted: int = 0


def _walk(walk: _Walk, folder: Path, depth: int, limit: int) -> None:
    """Collect what ``folder`` holds, ``depth`` levels down, at most ``limit`` entries."""
    try:
        children = sorted(folder.iterdir(), key=lambda child: child.name)
    except OSError:
        return
    for child in children:
        if not visible(walk.root, child) or (child.is_symlink() and child.is_dir()):
            continue
        if len(walk.found) >= limit:
            walk.omitted += 1
            continue
        walk.found.append(child)
        if child.is_dir() and depth > 1:
            _walk(walk, child, depth - 1, limit)


@TOOLS.tool(
    name="ha_list_files",
    description=(
        "List files and folders in the config folder with size and mtime; private files are never listed."
    ),
    category=ToolCategory.FILES,
    parameters=vol.Schema(
        {
            vol.Optional(
                "path",
                default=".",
                description="Folder relative to the config folder",
            ): _PATH,
            vol.Optional(
                "depth",
                default=2,
                description="Folder levels to list",
            ): vol.All(vol.Coerce(int), vol.Range(min=1, max=MAX_LIST_DEPTH)),
        }
    ),
    result={
        "type": "object",
        "properties": {
            "path": {"type": "string"},
            "entries": {"type": "array", "items": _ENTRY},
        },
        "required": ["path", "entries"],
    },
    read_only=True,
    requires_admin=True,
    file_access=FileAccess.READ_ONLY,
)
async def list_files(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Walk the folder in the executor."""

    def work() -> tuple[str, list[dict[str, Any]], int]:
        folder = resolve(call.hass.config.config_dir, args["path"])
        if not folder.absolute.is_dir():
            raise NotFound(
                f"{args['path']} is not a folder in the configuration folder"
                if not folder.absolute.exists()
                else f"{args['path']} is a file; ha_read_file reads it"
            )
        root = Path(os.path.realpath(call.hass.config.config_dir))
        walk = _Walk(root)
        _walk(walk, folder.absolute, args["depth"], MAX_LIST_ENTRIES)
        return (
            folder.relative,
            [_entry(root, path) for path in walk.found],
            walk.omitted,
        )

    relative, entries, omitted = await call.hass.async_add_executor_job(work)
    if omitted:
        call.report_truncation(
            "/entries",
            omitted,
            f"at most {MAX_LIST_ENTRIES} entries; list a sub-folder",
        )
    return {"path": relative, "entries": entries}


@TOOLS.tool(
    name="ha_read_file",
    description=(
        "Read a config-folder text file (or lines) and its revision; !secret stays a reference, private refused."
    ),
    category=ToolCategory.FILES,
    parameters=vol.Schema(
        {
            vol.Required("path", description="E.g. configuration.yaml."): _PATH,
            vol.Optional(
                "first_line", default=1, description="First line, 1-based"
            ): vol.All(vol.Coerce(int), vol.Range(min=1)),
            vol.Optional(
                "line_count", description="Lines to return; default all"
            ): vol.All(vol.Coerce(int), vol.Range(min=1)),
        }
    ),
    result={
        "type": "object",
        "properties": {
            "path": {"type": "string"},
            "size": {"type": "integer"},
            "modified": {"type": "string"},
            "revision": {"type": "string"},
            "content": {"type": "string"},
            "first_line": {"type": "integer"},
            "last_line": {"type": "integer"},
            "total_lines": {"type": "integer"},
            "complete": {
                "type": "boolean",
                "description": "False when lines were left out (ask for a range).",
            },
        },
        "required": ["path", "size", "revision", "content", "complete"],
    },
    read_only=True,
    requires_admin=True,
    file_access=FileAccess.READ_ONLY,
)
async def read_file(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Read the file in the executor; text only, bounded."""

    def work() -> dict[str, Any]:
        jailed = resolve(call.hass.config.config_dir, args["path"])
        path = jailed.absolute
        if not path.is_file():
            raise NotFound(
                f"{args['path']} is a folder; ha_list_files lists it"
                if path.is_dir()
                else f"{args['path']} not found in the configuration folder; "
                "ha_list_files or ha_search_files finds files"
            )
        data = path.read_bytes()
        try:
            text = decode_text(path, data)
        except BinaryFile:
            raise binary_refusal(jailed.relative, path, len(data)) from None
        lines = text.splitlines(keepends=True)
        first = args["first_line"]
        if first > max(len(lines), 1):
            raise InvalidArguments(
                f"first_line: {jailed.relative} has {len(lines)} lines",
                field="first_line",
            )
        wanted = lines[first - 1 : first - 1 + args.get("line_count", len(lines))]
        kept: list[str] = []
        size = 0
        for line in wanted:
            size += len(line.encode("utf-8"))
            if size > MAX_READ_BYTES:
                break
            kept.append(line)
        return {
            "path": jailed.relative,
            "size": len(data),
            "modified": _modified(path),
            "revision": FILE.revision(text_content(text)),
            "content": "".join(kept),
            "first_line": first,
            "last_line": first + len(kept) - 1,
            "total_lines": len(lines),
            "complete": len(kept) == len(lines),
        }

    return await call.hass.async_add_executor_job(work)


def _searchable(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size <= MAX_SEARCHED_FILE_BYTES
    except OSError:
        return False


def _search(
    root: Path, folder: Path, name: str, text: str | None
) -> tuple[list[dict[str, Any]], bool]:
    """Files under ``folder`` whose name matches ``name`` and, given ``text``, its lines."""
    matches: list[dict[str, Any]] = []
    needle = text.casefold() if text else None
    searched = 0
    for current, folders, files in os.walk(folder):
        here = Path(current)
        folders[:] = sorted(child for child in folders if visible(root, here / child))
        for file_name in sorted(files):
            path = here / file_name
            if not fnmatchcase(file_name.casefold(), name.casefold()):
                continue
            if not visible(root, path) or not _searchable(path):
                continue
            searched += 1
            if searched > MAX_SEARCHED_FILES or len(matches) >= MAX_MATCHES:
                return matches, True
            relative = path.relative_to(root).as_posix()
            if needle is None:
                matches.append({"path": relative, "size": path.stat().st_size})
                continue
            try:
                content = decode_text(path, path.read_bytes())
            except BinaryFile, OSError:
                continue
            for number, line in enumerate(content.splitlines(), start=1):
                if needle in line.casefold():
                    matches.append(
                        {
                            "path": relative,
                            "line": number,
                            "text": line.strip()[:MAX_MATCH_LINE],
                        }
                    )
                    if len(matches) >= MAX_MATCHES:
                        return matches, True
    return matches, False


@TOOLS.tool(
    name="ha_search_files",
    description=(
        "Find config files by name glob and/or text, with matching lines; skips private, binary, >1 MiB."
    ),
    category=ToolCategory.FILES,
    parameters=vol.Schema(
        {
            vol.Optional(
                "name", default="*", description="File name glob, e.g. *.yaml"
            ): vol.All(cv.string, vol.Length(min=1, max=200)),
            vol.Optional(
                "text", description="Text it must contain (any case)"
            ): vol.All(cv.string, vol.Length(min=1, max=200)),
            vol.Optional(
                "path", default=".", description="The folder to search in."
            ): _PATH,
        }
    ),
    result={
        "type": "object",
        "properties": {
            "matches": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "path": {"type": "string"},
                        "line": {"type": "integer"},
                        "text": {"type": "string"},
                        "size": {"type": "integer"},
                    },
                    "required": ["path"],
                },
            },
            "complete": {
                "type": "boolean",
                "description": f"False when the search stopped at {MAX_MATCHES} matches "
                f"or {MAX_SEARCHED_FILES} files; narrow it.",
            },
        },
        "required": ["matches", "complete"],
    },
    read_only=True,
    requires_admin=True,
    file_access=FileAccess.READ_ONLY,
)
async def search_files(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Search in the executor, within the jail and the caps."""

    def work() -> tuple[list[dict[str, Any]], bool]:
        folder = resolve(call.hass.config.config_dir, args["path"])
        if not folder.absolute.is_dir():
            raise NotFound(
                f"{args['path']} is not a folder in the configuration folder"
            )
        root = Path(os.path.realpath(call.hass.config.config_dir))
        return _search(root, folder.absolute, args["name"], args.get("text"))

    matches, stopped = await call.hass.async_add_executor_job(work)
    return {"matches": matches, "complete": not stopped}
