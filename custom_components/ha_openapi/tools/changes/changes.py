"""ha_list_changes and ha_undo_change: agents' recent writes, and putting one back."""

from __future__ import annotations

from typing import Any

from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.changes import KINDS, async_undo
from ...framework.output import Page, page_schema, pagination_fields
from ...framework.tool import TOOLS, ToolCall

_CHANGE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "change_id": {"type": "string"},
        "time": {"type": "string", "format": "date-time"},
        "user": {"type": ["string", "null"]},
        "tool": {"type": "string"},
        "kind": {"type": "string", "description": "e.g. dashboard"},
        "item": {"type": "string", "description": "Which one, e.g. a url_path."},
        "action": {"enum": ["created", "updated", "deleted"]},
        "undoes": {"type": ["string", "null"]},
        "undoable": {
            "type": "boolean",
            "description": "False when the item changed again since (force undoes anyway).",
        },
    },
    "required": ["change_id", "time", "tool", "kind", "item", "action", "undoable"],
}


@TOOLS.tool(
    name="ha_list_changes",
    description=(
        "List agents' recent writes, newest first: when, who, tool, what, and whether undoable."
    ),
    category=ToolCategory.CHANGES,
    parameters=vol.Schema({**pagination_fields()}),
    result=page_schema(_CHANGE),
    read_only=True,
    requires_admin=True,
)
async def list_changes(call: ToolCall, args: dict[str, Any]) -> Page:
    """List the journal, newest first, each with whether it is undoable as it stands."""
    changes = call.journal.newest_first()
    page = call.paginate(changes, args)
    current: dict[tuple[str, str], str | None] = {}
    items = []
    for change in page.items:
        if (key := (change.kind, change.key)) not in current and change.kind in KINDS:
            kind = KINDS[change.kind]
            current[key] = kind.revision(await kind.read(call.hass, change.key))
        items.append(change.summary(current.get(key, "")))
    page.items = items
    return page


@TOOLS.tool(
    name="ha_undo_change",
    description=(
        "Undo one change from ha_list_changes exactly; refused if the item changed since, unless force."
    ),
    category=ToolCategory.CHANGES,
    parameters=vol.Schema(
        {
            vol.Required("change_id", description="From ha_list_changes."): cv.string,
            vol.Optional(
                "force",
                default=False,
                description="Undo even if it changed again since",
            ): cv.boolean,
            vol.Optional(
                "dry_run",
                default=False,
                description="What would be restored + JSON Patch; no write",
            ): cv.boolean,
        }
    ),
    result={
        "type": "object",
        "properties": {
            "undone": {"type": "string"},
            "kind": {"type": "string"},
            "item": {"type": "string"},
            "revision": {"type": ["string", "null"]},
            "previous_revision": {"type": ["string", "null"]},
            "changed": {"type": "boolean"},
            "change_id": {"type": "string", "description": "The undo's own change."},
            "dry_run": {"type": "boolean"},
            "diff": {"type": "array", "items": {"type": "object"}},
            "content": {},
        },
        "required": ["undone", "kind", "item", "revision"],
    },
    requires_admin=True,
)
async def undo_change(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Restore the content from before the change."""
    return await async_undo(
        call, args["change_id"], force=args["force"], dry_run=args["dry_run"]
    )
