"""Structure edits: views and cards added, changed, removed and moved, and JSON Patch.

Each edit is a function of a dashboard's config that returns the new config and
the address of what it touched; the tools run it through the shared write path
(revision check, dry run, before-image for undo), so an edit is never lost to a
concurrent one: a stale ``expected_revision`` is a 409 and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
import copy
from typing import Any

from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.actions import ActionTool
from ...framework.changes import (
    JsonPatchFailed,
    apply_json_patch,
    async_write_as_asked,
)
from ...framework.errors import Conflict, InvalidArguments, NotFound
from ...framework.schema import TextOrNumber
from ...framework.tool import TOOLS, ToolCall
from .dashboards import (
    DASHBOARD_URL_PATH,
    EXPECTED_REVISION,
    WRITE_FIELDS,
    WRITE_RESULT,
    async_answer,
    writable,
)
from .lovelace import DASHBOARD

# An edit: the config in, the new config and the address of what changed out.
type Edit = Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]]

_LOVELACE = ("lovelace",)
_VIEW = vol.Required("view", description="View index (from 0) or path")
_SECTION = vol.Optional("section", description="Section index, in a sections view")
_INDEX = vol.All(vol.Coerce(int), vol.Range(min=0))
_ADDRESS: dict[str, Any] = {
    "type": "object",
    "properties": {
        "view": {"type": "integer"},
        "section": {"type": ["integer", "null"]},
        "card": {"type": "integer"},
    },
    "description": "Where the view or card is now.",
}
_RESULT = {
    **WRITE_RESULT,
    "properties": {**WRITE_RESULT["properties"], "address": _ADDRESS},
}


def _views(config: dict[str, Any]) -> list[Any]:
    views = config.setdefault("views", [])
    if not isinstance(views, list):
        raise Conflict("the dashboard's views are not a list; save a whole config")
    return views


def _view_index(config: dict[str, Any], view: int | str | float) -> int:
    """Return the index of the view given by index or path; 404 listing the views."""
    views = _views(config)
    if isinstance(view, (int, float)) or (isinstance(view, str) and view.isdigit()):
        index = int(view)
        if 0 <= index < len(views):
            return index
    else:
        for index, candidate in enumerate(views):
            if isinstance(candidate, dict) and candidate.get("path") == view:
                return index
    paths = [
        f"{index} ({candidate.get('path') or candidate.get('title') or 'untitled'})"
        for index, candidate in enumerate(views)
        if isinstance(candidate, dict)
    ]
    raise NotFound(
        f"view: no view {view}; the dashboard has {', '.join(paths) or 'no views'}"
    )


def _cards(
    config: dict[str, Any], view: int | str | float, section: int | None
) -> tuple[list[Any], int]:
    """Return the card list at a view (and section) of ``config``, and the view's index."""
    index = _view_index(config, view)
    chosen = _views(config)[index]
    if section is None:
        if chosen.get("type") == "sections":
            raise InvalidArguments(
                f"section: view {index} is a sections view; give the section's index",
                field="section",
            )
        cards = chosen.setdefault("cards", [])
    else:
        sections = chosen.get("sections")
        if not isinstance(sections, list) or not 0 <= section < len(sections):
            raise NotFound(
                f"section: view {index} has "
                f"{len(sections) if isinstance(sections, list) else 'no'} sections; "
                f"there is no section {section}"
            )
        cards = sections[section].setdefault("cards", [])
    if not isinstance(cards, list):
        raise Conflict(f"view {index}'s cards are not a list; save a whole config")
    return cards, index


def _card_index(cards: list[Any], card: int) -> int:
    if not 0 <= card < len(cards):
        raise NotFound(
            f"card: there is no card {card} here; there are {len(cards)} (from 0)"
        )
    return card


def _position(items: list[Any], position: int | None) -> int:
    return len(items) if position is None else min(position, len(items))


def _merge(item: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Top-level keys replaced by the given ones; a null removes a key."""
    merged = {**item, **changes}
    return {key: value for key, value in merged.items() if value is not None}


async def _async_edit(
    call: ToolCall, args: dict[str, Any], edit: Edit
) -> dict[str, Any]:
    """Run ``edit`` on the dashboard's config through the shared write path."""
    url_path = args["url_path"]
    writable(call, url_path)
    address: dict[str, Any] = {}

    def change(current: dict[str, Any] | None) -> dict[str, Any]:
        if current is None:
            raise NotFound(f"dashboard {url_path} not found")
        if current["config"] is None:
            raise Conflict(
                f"dashboard {url_path} is generated by Home Assistant; save a whole "
                "config with ha_save_dashboard_config to take control of it first "
                "(a structure edit would replace what it shows)"
            )
        config, where = edit(copy.deepcopy(current["config"]))
        address.update(where)
        return {**current, "config": config}

    result = await async_write_as_asked(
        call,
        DASHBOARD,
        url_path,
        change,
        args,
    )
    answer = await async_answer(call, url_path, result, None)
    if address:
        answer["address"] = address
    return answer


_WRITE_CHECKS: dict[Any, Any] = {EXPECTED_REVISION: cv.string, **WRITE_FIELDS}


def _edit_tool(name: str, description: str) -> ActionTool:
    return ActionTool(
        name=name,
        description=description,
        category=ToolCategory.DASHBOARDS,
        result=_RESULT,
        requires_admin=True,
        requires_components=_LOVELACE,
    )


VIEWS = _edit_tool(
    "ha_manage_view",
    "Add, change (given keys replace, null removes), remove or move a dashboard "
    "view (tab); answers with its new address.",
)
CARDS = _edit_tool(
    "ha_manage_card",
    "Add, change (given keys replace, null removes), remove or move a card in a "
    "view or a section of one, also to another; answers with its new address.",
)


def _edit(
    tool: ActionTool, action: str, fields: dict[Any, Any], *, destructive: bool = False
) -> Callable[[Callable[[dict[str, Any]], Edit]], Any]:
    """Declare a structure edit as an action of ``tool``: its fields, and the edit."""

    def register(make_edit: Callable[[dict[str, Any]], Edit]) -> Any:
        async def handler(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
            return await _async_edit(call, args, make_edit(args))

        handler.__doc__ = make_edit.__doc__
        tool.action(
            action,
            vol.Schema({**DASHBOARD_URL_PATH, **fields, **_WRITE_CHECKS}),
            destructive=destructive,
        )(handler)
        return make_edit

    return register


_POSITION = vol.Optional("position", description="Index from 0; default the end")
_CHANGES = vol.Required("changes", description="Keys to set (update)")


@_edit(
    VIEWS,
    "add",
    {
        vol.Required("config", description="New view, e.g. {title, path, type}"): dict,
        _POSITION: _INDEX,
    },
)
def add_view(args: dict[str, Any]) -> Edit:
    """Insert the view."""

    def edit(config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        views = _views(config)
        index = _position(views, args.get("position"))
        views.insert(index, args["config"])
        return config, {"view": index}

    return edit


@_edit(VIEWS, "update", {_VIEW: TextOrNumber(), _CHANGES: dict})
def update_view(args: dict[str, Any]) -> Edit:
    """Merge the changes into the view; its cards and sections stay unless given."""

    def edit(config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        index = _view_index(config, args["view"])
        views = _views(config)
        views[index] = _merge(views[index], args["changes"])
        return config, {"view": index}

    return edit


@_edit(VIEWS, "remove", {_VIEW: TextOrNumber()}, destructive=True)
def remove_view(args: dict[str, Any]) -> Edit:
    """Remove the view and its cards."""

    def edit(config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        del _views(config)[_view_index(config, args["view"])]
        return config, {}

    return edit


@_edit(
    VIEWS,
    "move",
    {
        _VIEW: TextOrNumber(),
        vol.Required("to", description="New index from 0 (move)"): _INDEX,
    },
)
def move_view(args: dict[str, Any]) -> Edit:
    """Move the view."""

    def edit(config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        views = _views(config)
        moved = views.pop(_view_index(config, args["view"]))
        index = _position(views, args["to"])
        views.insert(index, moved)
        return config, {"view": index}

    return edit


@_edit(
    CARDS,
    "add",
    {
        _VIEW: TextOrNumber(),
        _SECTION: _INDEX,
        vol.Required("config", description="New card, e.g. {type: tile, entity}"): dict,
        _POSITION: _INDEX,
    },
)
def add_card(args: dict[str, Any]) -> Edit:
    """Insert the card."""

    def edit(config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        cards, view = _cards(config, args["view"], args.get("section"))
        index = _position(cards, args.get("position"))
        cards.insert(index, args["config"])
        return config, {"view": view, "section": args.get("section"), "card": index}

    return edit


_CARD = vol.Required("card", description="The card's index (from 0).")


@_edit(
    CARDS,
    "update",
    {_VIEW: TextOrNumber(), _SECTION: _INDEX, _CARD: _INDEX, _CHANGES: dict},
)
def update_card(args: dict[str, Any]) -> Edit:
    """Merge the changes into the card."""

    def edit(config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        cards, view = _cards(config, args["view"], args.get("section"))
        index = _card_index(cards, args["card"])
        cards[index] = _merge(cards[index], args["changes"])
        return config, {"view": view, "section": args.get("section"), "card": index}

    return edit


@_edit(
    CARDS,
    "remove",
    {_VIEW: TextOrNumber(), _SECTION: _INDEX, _CARD: _INDEX},
    destructive=True,
)
def remove_card(args: dict[str, Any]) -> Edit:
    """Remove the card."""

    def edit(config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        cards, _ = _cards(config, args["view"], args.get("section"))
        del cards[_card_index(cards, args["card"])]
        return config, {}

    return edit


@_edit(
    CARDS,
    "move",
    {
        _VIEW: TextOrNumber(),
        _SECTION: _INDEX,
        _CARD: _INDEX,
        vol.Optional(
            "to_view", description="Target view; default the same"
        ): TextOrNumber(),
        vol.Optional(
            "to_section", description="Target section (sections view)"
        ): _INDEX,
        vol.Optional("to_position", description="Index there; default the end"): _INDEX,
    },
)
def move_card(args: dict[str, Any]) -> Edit:
    """Move the card."""

    def edit(config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        cards, _ = _cards(config, args["view"], args.get("section"))
        card = cards.pop(_card_index(cards, args["card"]))
        same_view = "to_view" not in args
        target_section = args.get(
            "to_section", args.get("section") if same_view else None
        )
        target, view = _cards(config, args.get("to_view", args["view"]), target_section)
        index = _position(target, args.get("to_position"))
        target.insert(index, card)
        return config, {"view": view, "section": target_section, "card": index}

    return edit


TOOLS.register(VIEWS.tool())
TOOLS.register(CARDS.tool())


@TOOLS.tool(
    name="ha_patch_dashboard",
    description=(
        "Apply an RFC 6902 JSON Patch to a dashboard config, all or nothing; a "
        "failing test op is 409."
    ),
    category=ToolCategory.DASHBOARDS,
    parameters=vol.Schema(
        {
            **DASHBOARD_URL_PATH,
            vol.Required(
                "patch",
                description="RFC 6902 ops: [{op, path, value}]",
            ): vol.All([dict], vol.Length(min=1, max=200)),
            **_WRITE_CHECKS,
        }
    ),
    result=_RESULT,
    requires_admin=True,
    requires_components=_LOVELACE,
)
async def patch_dashboard(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Apply the patch."""

    def edit(config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        try:
            return apply_json_patch(config, args["patch"]), {}
        except JsonPatchFailed as err:
            raise Conflict(f"patch: {err}; nothing was changed") from None

    return await _async_edit(call, args, edit)
