"""ha_write_file and ha_manage_file (delete, move, copy): writes through the jail.

Every write goes through the shared write safety (revision → 409, dry run with
a unified diff, before-image for ha_undo_change). A YAML file is checked the
way Home Assistant's own config check does before and after the write; a write
that adds errors is undone unless the caller passes ``keep_invalid``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.actions import ActionTool
from ...framework.changes import (
    async_undo,
    async_write_as_asked,
    async_write_item,
    write_fields,
    write_result,
)
from ...framework.errors import Conflict, InvalidArguments, NotFound
from ...framework.schema import require_confirmation
from ...framework.settings import FileAccess
from ...framework.tool import TOOLS, ToolCall
from ..shared import async_check_configuration, config_problem_texts
from .content import FILE, read_content, text_content
from .jail import JailedPath, resolve

_PATH = vol.All(cv.string, vol.Length(min=1, max=1024))
_KEEP_INVALID = {
    vol.Optional(
        "keep_invalid",
        default=False,
        description=("Keep YAML change despite new config errors"),
    ): cv.boolean
}


async def async_jailed(call: ToolCall, path: str, *, writing: bool) -> JailedPath:
    """Resolve ``path`` in the jail, in the executor."""
    return await call.hass.async_add_executor_job(
        lambda: resolve(call.hass.config.config_dir, path, writing=writing)
    )


async def async_config_errors(call: ToolCall) -> set[str]:
    """Return the errors of Home Assistant's config check, comparable across edits."""
    errors, _ = await async_check_configuration(call.hass)
    return config_problem_texts(errors)


async def async_write_checked(
    call: ToolCall,
    jailed: JailedPath,
    change: Callable[[Any], Any],
    arguments: dict[str, Any],
) -> dict[str, Any]:
    """Write a file safely; for YAML, undo a write that adds config check errors."""
    checked = jailed.relative.endswith((".yaml", ".yml")) and not arguments["dry_run"]
    errors_before = await async_config_errors(call) if checked else set()
    result = await async_write_as_asked(call, FILE, jailed.relative, change, arguments)
    result["path"] = jailed.relative
    if not checked or not result.get("changed"):
        return result
    added = sorted((await async_config_errors(call)) - errors_before)
    if not added:
        return result
    if arguments["keep_invalid"]:
        return {**result, "config_errors": added}
    await async_undo(call, result["change_id"])
    raise InvalidArguments(
        f"{jailed.relative}: the change adds configuration errors, so it was undone "
        f"(pass keep_invalid to keep it): {'; '.join(added)}"
    )


_FILE_RESULT = write_result(
    {
        "path": {"type": "string"},
        "config_errors": {
            "type": "array",
            "items": {"type": "string"},
            "description": "New config check errors, kept because of keep_invalid.",
        },
    },
    ("path",),
)


@TOOLS.tool(
    name="ha_write_file",
    description=(
        "Write a whole config-folder text file atomically; YAML breaking the config check is undone. Undoable."
    ),
    category=ToolCategory.FILES,
    parameters=vol.Schema(
        {
            vol.Required("path", description="E.g. packages/lights.yaml."): _PATH,
            vol.Required("content", description="Whole new file text"): str,
            **write_fields("file"),
            **_KEEP_INVALID,
        }
    ),
    result=_FILE_RESULT,
    requires_admin=True,
    file_access=FileAccess.READ_WRITE,
)
async def write_file(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Replace or create the file."""
    jailed = await async_jailed(call, args["path"], writing=True)
    if jailed.folder:
        raise InvalidArguments(f"{jailed.relative} is a folder")
    return await async_write_checked(
        call, jailed, lambda _: text_content(args["content"]), args
    )


def _must_exist(relative: str) -> Callable[[Any], None]:
    def remove(current: Any) -> None:
        if current is None:
            raise NotFound(f"{relative} not found in the configuration folder")

    return remove


_CONFIRM = "delete: must be true; move, copy: true replaces the destination"
_TRANSFER_PARAMETERS = vol.Schema(
    {
        vol.Required("source", description="The file to take."): _PATH,
        vol.Required(
            "destination", description="New path, relative to the config folder"
        ): _PATH,
        vol.Optional(
            "confirm",
            default=False,
            description=_CONFIRM,
        ): cv.boolean,
        vol.Optional(
            "dry_run", default=False, description="Check only; change nothing"
        ): cv.boolean,
    }
)
_TRANSFER_RESULT = {
    "type": "object",
    "properties": {
        "source": {"type": "string"},
        "destination": {"type": "string"},
        "revision": {"type": ["string", "null"]},
        "dry_run": {"type": "boolean"},
        "change_ids": {
            "type": "array",
            "items": {"type": "string"},
            "description": "For ha_undo_change, newest last.",
        },
    },
    "required": ["source", "destination", "change_ids"],
}


FILES = ActionTool(
    name="ha_manage_file",
    description=(
        "Delete, move (rename) or copy a config-folder file; undoable (ha_undo_change)."
    ),
    category=ToolCategory.FILES,
    result={"anyOf": [_FILE_RESULT, _TRANSFER_RESULT]},
    requires_admin=True,
    file_access=FileAccess.READ_WRITE,
)


@FILES.action(
    "delete",
    vol.Schema(
        {
            vol.Required("path", description="delete: the file"): _PATH,
            vol.Required("confirm", description=_CONFIRM): cv.boolean,
            **write_fields("file"),
            **_KEEP_INVALID,
        }
    ),
    destructive=True,
)
async def delete_file(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Remove the file, keeping its content for undo."""
    require_confirmation(args, "delete a file")
    jailed = await async_jailed(call, args["path"], writing=True)
    if jailed.folder:
        raise InvalidArguments(
            f"{jailed.relative} is a folder; ha_manage_file deletes files one by one"
        )
    return await async_write_checked(call, jailed, _must_exist(jailed.relative), args)


async def _async_transfer(
    call: ToolCall, args: dict[str, Any], *, keep_source: bool
) -> dict[str, Any]:
    """Copy the source's content to the destination; then, for a move, delete the source."""
    source = await async_jailed(call, args["source"], writing=not keep_source)
    destination = await async_jailed(call, args["destination"], writing=True)
    if source.relative == destination.relative:
        raise InvalidArguments(
            "destination: the same file as source", field="destination"
        )
    content = await call.hass.async_add_executor_job(read_content, source.absolute)
    if content is None:
        raise NotFound(
            f"{source.relative} is not a file in the configuration folder"
            + ("; ha_manage_file moves files one by one" if source.folder else "")
        )
    if destination.folder:
        raise InvalidArguments(
            f"destination: {destination.relative} is a folder; name the file",
            field="destination",
        )

    def put(current: Any) -> Any:
        if current is not None and args.get("confirm") is not True:
            raise Conflict(
                f"{destination.relative} exists; pass confirm: true to replace it"
            )
        return content

    dry_run = args["dry_run"]
    written = await async_write_item(
        call, FILE, destination.relative, put, dry_run=dry_run
    )
    changes = [written.get("change_id")]
    if not keep_source and not dry_run:
        removed = await async_write_item(
            call, FILE, source.relative, _must_exist(source.relative)
        )
        changes.append(removed.get("change_id"))
    return {
        "source": source.relative,
        "destination": destination.relative,
        "revision": written["revision"],
        "dry_run": dry_run,
        "change_ids": [change for change in changes if change],
    }


def _transfer_action(verb: str, *, keep_source: bool) -> None:
    async def transfer(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
        return await _async_transfer(call, args, keep_source=keep_source)

    handler: Callable[[ToolCall, dict[str, Any]], Awaitable[dict[str, Any]]] = transfer
    FILES.action(verb, _TRANSFER_PARAMETERS)(handler)


_transfer_action("move", keep_source=False)
_transfer_action("copy", keep_source=True)
TOOLS.register(FILES.tool())
