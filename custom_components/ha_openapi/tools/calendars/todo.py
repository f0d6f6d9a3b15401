"""To-do lists: read, add, change and remove items through the todo actions, as the user.

Items are named by uid or by summary; a summary that more than one item has is
refused with their uids, rather than changing whichever comes first (which is
what Home Assistant's own actions do).
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.todo import TodoListEntityFeature
from homeassistant.const import ATTR_FRIENDLY_NAME, ATTR_SUPPORTED_FEATURES
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.actions import ActionTool
from ...framework.errors import Conflict, InvalidArguments, not_found
from ...framework.policy import visible_entity_ids
from ...framework.tool import TOOLS, ToolCall
from ..shared import async_call_action, readable_states

TODO = "todo"
STATUSES = ("needs_action", "completed")
_ABILITIES = {
    "add": TodoListEntityFeature.CREATE_TODO_ITEM,
    "remove": TodoListEntityFeature.DELETE_TODO_ITEM,
    "update": TodoListEntityFeature.UPDATE_TODO_ITEM,
    "move": TodoListEntityFeature.MOVE_TODO_ITEM,
    "due_date": TodoListEntityFeature.SET_DUE_DATE_ON_ITEM,
    "due_datetime": TodoListEntityFeature.SET_DUE_DATETIME_ON_ITEM,
    "description": TodoListEntityFeature.SET_DESCRIPTION_ON_ITEM,
}
_LIST = vol.Required("entity_id", description="To-do list, e.g. todo.shopping_list")
_ITEM = {
    "type": "object",
    "properties": {
        "uid": {"type": "string"},
        "summary": {"type": "string"},
        "status": {"type": "string"},
        "due": {"type": "string"},
        "description": {"type": "string"},
        "completed": {"type": "string"},
    },
    "required": ["uid", "summary", "status"],
}
_DUE = vol.Optional(
    "due",
    description="Date or ISO date and time",
)


def _due(value: str) -> dict[str, str]:
    """Return the todo action's field for a due date, or date and time."""
    if "T" in value or " " in value:
        return {"due_datetime": str(cv.datetime(value))}
    return {"due_date": str(cv.date(value))}


async def _async_items(call: ToolCall, entity_id: str) -> list[dict[str, Any]]:
    """Return the list's items, through todo.get_items as the user."""
    _, response = await async_call_action(
        call,
        TODO,
        "get_items",
        {"entity_id": entity_id, "status": list(STATUSES)},
        return_response=True,
    )
    answer = response.get(entity_id) if isinstance(response, dict) else None
    items = answer.get("items") if isinstance(answer, dict) else None
    if not isinstance(items, list):
        return []
    return [item for item in items if isinstance(item, dict)]


def _the_item(
    items: list[dict[str, Any]], entity_id: str, named: str
) -> dict[str, Any]:
    """Return the one item with uid ``named``, or else the one with that summary."""
    for item in items:
        if item.get("uid") == named:
            return item
    matches = [item for item in items if item.get("summary") == named]
    if len(matches) > 1:
        raise InvalidArguments(
            f"item: {len(matches)} items of {entity_id} are called {named!r}; name one "
            f"by uid: {', '.join(str(item.get('uid')) for item in matches)}",
            field="item",
        )
    if not matches:
        raise not_found(
            "to-do item", named, sorted({str(item.get("summary")) for item in items})
        )
    return matches[0]


def _todo_list(call: ToolCall, entity_id: str) -> str:
    (state,) = readable_states(call, [entity_id])
    if state.domain != TODO:
        raise InvalidArguments(
            f"entity_id: {entity_id} is not a to-do list", field="entity_id"
        )
    return state.entity_id


@TOOLS.tool(
    name="ha_list_todo_lists",
    description="List to-do lists (shopping list etc.): id, name, open items, allowed actions.",
    category=ToolCategory.CALENDARS,
    parameters=vol.Schema({}),
    result={
        "type": "object",
        "properties": {
            "lists": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "entity_id": {"type": "string"},
                        "name": {"type": ["string", "null"]},
                        "open_items": {"type": ["integer", "null"]},
                        "allows": {"type": "array", "items": {"type": "string"}},
                    },
                },
            }
        },
        "required": ["lists"],
    },
    read_only=True,
)
async def list_todo_lists(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """List the to-do entities the caller may see."""
    lists = []
    for entity_id in sorted(visible_entity_ids(call)):
        if not entity_id.startswith(f"{TODO}."):
            continue
        state = call.hass.states.get(entity_id)
        if state is None:
            continue
        features = int(state.attributes.get(ATTR_SUPPORTED_FEATURES) or 0)
        lists.append(
            {
                "entity_id": entity_id,
                "name": state.attributes.get(ATTR_FRIENDLY_NAME),
                "open_items": int(state.state) if state.state.isdigit() else None,
                "allows": [
                    name for name, flag in _ABILITIES.items() if features & flag
                ],
            }
        )
    return {"lists": lists}


@TOOLS.tool(
    name="ha_get_todo_items",
    description="A to-do list's items (uid, summary, status, due, description), filterable by status.",
    category=ToolCategory.CALENDARS,
    parameters=vol.Schema(
        {
            _LIST: cv.entity_id,
            vol.Optional("status", description="needs_action or completed."): vol.In(
                STATUSES
            ),
        }
    ),
    result={
        "type": "object",
        "properties": {"items": {"type": "array", "items": _ITEM}},
        "required": ["items"],
    },
    read_only=True,
)
async def get_todo_items(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Read the items through todo.get_items."""
    items = await _async_items(call, _todo_list(call, args["entity_id"]))
    if status := args.get("status"):
        items = [item for item in items if item.get("status") == status]
    return {"items": items}


TODO_ITEMS = ActionTool(
    name="ha_manage_todo_item",
    description=(
        "Add an item to a to-do or shopping list, change it (rename, complete/"
        "reopen, due date, description) or remove it; found by uid or summary."
    ),
    category=ToolCategory.CALENDARS,
    result={
        "anyOf": [
            _ITEM,
            {
                "type": "object",
                "properties": {"removed": _ITEM},
                "required": ["removed"],
            },
        ]
    },
)
_ITEM_TEXT = "add: its text; else its uid or summary"


@TODO_ITEMS.action(
    "add",
    vol.Schema(
        {
            _LIST: cv.entity_id,
            vol.Required("item", description=_ITEM_TEXT): vol.All(
                cv.string, vol.Length(min=1, max=255)
            ),
            _DUE: cv.string,
            vol.Optional("description", description="More detail."): cv.string,
        }
    ),
)
async def add_todo_item(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Add it, then return the item that appeared."""
    entity_id = _todo_list(call, args["entity_id"])
    before = {item.get("uid") for item in await _async_items(call, entity_id)}
    data: dict[str, Any] = {"entity_id": entity_id, "item": args["item"]}
    if "due" in args:
        data.update(_due(args["due"]))
    if "description" in args:
        data["description"] = args["description"]
    await async_call_action(call, TODO, "add_item", data)
    added = [
        item
        for item in await _async_items(call, entity_id)
        if item.get("uid") not in before
    ]
    if len(added) != 1:
        raise Conflict(f"{entity_id} did not show the new item after adding it")
    return added[0]


@TODO_ITEMS.action(
    "update",
    vol.Schema(
        {
            _LIST: cv.entity_id,
            vol.Required("item", description=_ITEM_TEXT): cv.string,
            vol.Optional("rename", description="update: a new text"): vol.All(
                cv.string, vol.Length(min=1, max=255)
            ),
            vol.Optional("status", description="needs_action or completed."): vol.In(
                STATUSES
            ),
            _DUE: cv.string,
            vol.Optional("description", description="More detail."): cv.string,
        }
    ),
)
async def update_todo_item(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Update the one item, then return it as the list now has it."""
    entity_id = _todo_list(call, args["entity_id"])
    item = _the_item(await _async_items(call, entity_id), entity_id, args["item"])
    changes: dict[str, Any] = {
        key: args[key] for key in ("rename", "status", "description") if key in args
    }
    if "due" in args:
        changes.update(_due(args["due"]))
    if not changes:
        raise InvalidArguments(
            "give at least one of rename, status, due or description", field="item"
        )
    await async_call_action(
        call,
        TODO,
        "update_item",
        {"entity_id": entity_id, "item": item["uid"], **changes},
    )
    now = [
        found
        for found in await _async_items(call, entity_id)
        if found.get("uid") == item["uid"]
    ]
    if not now:
        raise Conflict(f"the item is no longer in {entity_id} after the update")
    return now[0]


@TODO_ITEMS.action(
    "remove",
    vol.Schema(
        {
            _LIST: cv.entity_id,
            vol.Required("item", description=_ITEM_TEXT): cv.string,
        }
    ),
)
async def remove_todo_item(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Remove the one item and check that it is gone."""
    entity_id = _todo_list(call, args["entity_id"])
    item = _the_item(await _async_items(call, entity_id), entity_id, args["item"])
    await async_call_action(
        call, TODO, "remove_item", {"entity_id": entity_id, "item": item["uid"]}
    )
    if any(
        found.get("uid") == item["uid"] for found in await _async_items(call, entity_id)
    ):
        raise Conflict(f"the item is still in {entity_id} after removing it")
    return {"removed": item}


TOOLS.register(TODO_ITEMS.tool())
