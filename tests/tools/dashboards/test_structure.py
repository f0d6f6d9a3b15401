"""Views, cards, JSON Patch and resources, checked through HA's own lovelace API."""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any

from homeassistant.core import HomeAssistant
import pytest

from ...conftest import Caller
from .conftest import ok, websocket

MASONRY = {
    "title": "Home",
    "path": "home",
    "cards": [{"type": "markdown", "content": "A"}],
}
SECTIONS = {
    "title": "Rooms",
    "path": "rooms",
    "type": "sections",
    "sections": [
        {"type": "grid", "cards": [{"type": "heading", "heading": "Kitchen"}]},
        {"type": "grid", "cards": []},
    ],
}


@pytest.fixture
async def board(lovelace: None, admin: Caller) -> str:
    """A dashboard with a masonry view and a sections view."""
    await ok(
        admin,
        "ha_manage_dashboard",
        action="create",
        url_path="agent-board",
        title="Agent",
    )
    await ok(
        admin,
        "ha_save_dashboard_config",
        url_path="agent-board",
        config={"views": [MASONRY, SECTIONS]},
    )
    return "agent-board"


async def stored(hass_ws_client: Any) -> Any:
    return await websocket(
        hass_ws_client, {"type": "lovelace/config", "url_path": "agent-board"}
    )


async def test_cards_in_masonry_and_sections_views(
    hass: HomeAssistant, board: str, admin: Caller, hass_ws_client: Any
) -> None:
    tile = {"type": "tile", "entity": "input_boolean.porch"}
    added = await ok(
        admin,
        "ha_manage_card",
        action="add",
        url_path=board,
        view="home",
        config=tile,
        position=0,
    )
    assert added["address"] == {"view": 0, "section": None, "card": 0}
    in_section = await ok(
        admin,
        "ha_manage_card",
        action="add",
        url_path=board,
        view=1,
        section=0,
        config=tile,
    )
    assert in_section["address"] == {"view": 1, "section": 0, "card": 1}
    config = await stored(hass_ws_client)
    assert config["views"][0]["cards"] == [tile, {"type": "markdown", "content": "A"}]
    assert config["views"][1]["sections"][0]["cards"] == [
        {"type": "heading", "heading": "Kitchen"},
        tile,
    ]

    updated = await ok(
        admin,
        "ha_manage_card",
        action="update",
        url_path=board,
        view=0,
        card=1,
        changes={"content": "B", "title": "Note"},
    )
    assert updated["address"] == {"view": 0, "section": None, "card": 1}
    moved = await ok(
        admin,
        "ha_manage_card",
        action="move",
        url_path=board,
        view=0,
        card=1,
        to_view="rooms",
        to_section=1,
    )
    assert moved["address"] == {"view": 1, "section": 1, "card": 0}
    config = await stored(hass_ws_client)
    assert config["views"][0]["cards"] == [tile]
    assert config["views"][1]["sections"][1]["cards"] == [
        {"type": "markdown", "content": "B", "title": "Note"}
    ]

    await ok(
        admin,
        "ha_manage_card",
        action="remove",
        url_path=board,
        view=1,
        section=0,
        card=0,
    )
    assert (await stored(hass_ws_client))["views"][1]["sections"][0]["cards"] == [tile]

    no_section = await admin.call(
        "ha_manage_card",
        {"action": "add", "url_path": board, "view": "rooms", "config": tile},
    )
    assert no_section.status == HTTPStatus.BAD_REQUEST
    assert no_section.body["error"]["field"] == "section"
    no_view = await admin.call(
        "ha_manage_card",
        {"action": "remove", "url_path": board, "view": "garden", "card": 0},
    )
    assert no_view.status == HTTPStatus.NOT_FOUND
    assert no_view.body["error"]["message"] == (
        "view: no view garden; the dashboard has 0 (home), 1 (rooms)"
    )


async def test_views_added_changed_moved_and_removed(
    hass: HomeAssistant, board: str, admin: Caller, hass_ws_client: Any
) -> None:
    added = await ok(
        admin,
        "ha_manage_view",
        action="add",
        url_path=board,
        config={"title": "Garden", "path": "garden"},
    )
    assert added["address"] == {"view": 2}
    await ok(
        admin,
        "ha_manage_view",
        action="update",
        url_path=board,
        view="garden",
        changes={"icon": "mdi:flower", "title": None},
    )
    moved = await ok(
        admin, "ha_manage_view", action="move", url_path=board, view="garden", to=0
    )
    assert moved["address"] == {"view": 0}
    views = (await stored(hass_ws_client))["views"]
    assert views[0] == {"path": "garden", "icon": "mdi:flower"}
    assert [view.get("path") for view in views] == ["garden", "home", "rooms"]
    await ok(admin, "ha_manage_view", action="remove", url_path=board, view="home")
    assert [view.get("path") for view in (await stored(hass_ws_client))["views"]] == [
        "garden",
        "rooms",
    ]


async def test_json_patch_is_all_or_nothing(
    hass: HomeAssistant, board: str, admin: Caller, hass_ws_client: Any
) -> None:
    before = await stored(hass_ws_client)
    failing = await admin.call(
        "ha_patch_dashboard",
        {
            "url_path": board,
            "patch": [
                {"op": "add", "path": "/views/0/cards/-", "value": {"type": "x"}},
                {"op": "test", "path": "/views/0/title", "value": "Not home"},
            ],
        },
    )
    assert failing.status == HTTPStatus.CONFLICT
    assert "nothing was changed" in failing.body["error"]["message"]
    assert await stored(hass_ws_client) == before

    patched = await ok(
        admin,
        "ha_patch_dashboard",
        url_path=board,
        patch=[
            {"op": "test", "path": "/views/0/title", "value": "Home"},
            {"op": "add", "path": "/views/0/cards/-", "value": {"type": "x"}},
            {
                "op": "copy",
                "from": "/views/0/cards/0",
                "path": "/views/1/sections/1/cards/0",
            },
            {"op": "replace", "path": "/views/0/title", "value": "House"},
            {"op": "remove", "path": "/views/1/sections/0"},
        ],
    )
    assert patched["changed"] is True
    config = await stored(hass_ws_client)
    assert config["views"][0] == {
        "title": "House",
        "path": "home",
        "cards": [{"type": "markdown", "content": "A"}, {"type": "x"}],
    }
    assert config["views"][1]["sections"] == [
        {"type": "grid", "cards": [{"type": "markdown", "content": "A"}]}
    ]
    bad = await admin.call(
        "ha_patch_dashboard",
        {"url_path": board, "patch": [{"op": "remove", "path": "/views/9"}]},
    )
    assert bad.status == HTTPStatus.BAD_REQUEST
    assert bad.body["error"]["message"] == "patch: no index 9 at /views/9"


async def test_twenty_concurrent_card_adds_that_retry_lose_nothing(
    hass: HomeAssistant, board: str, admin: Caller, hass_ws_client: Any
) -> None:
    async def add(number: int) -> int:
        conflicts = 0
        while True:
            revision = (await ok(admin, "ha_get_dashboard", url_path=board))["revision"]
            response = await admin.call(
                "ha_manage_card",
                {
                    "action": "add",
                    "url_path": board,
                    "view": 0,
                    "config": {"type": "markdown", "content": f"card {number}"},
                    "expected_revision": revision,
                },
            )
            if response.status == HTTPStatus.OK:
                return conflicts
            assert response.status == HTTPStatus.CONFLICT, response.body
            conflicts += 1

    conflicts = await asyncio.gather(*(add(number) for number in range(20)))
    assert sum(conflicts) > 0  # they did collide, and retried
    contents = {
        card["content"] for card in (await stored(hass_ws_client))["views"][0]["cards"]
    }
    assert contents == {"A"} | {f"card {number}" for number in range(20)}


async def test_each_kind_of_edit_can_be_undone(
    hass: HomeAssistant, board: str, admin: Caller, hass_ws_client: Any
) -> None:
    original = await stored(hass_ws_client)
    edits = [
        ("ha_manage_view", {"action": "add", "config": {"title": "New"}}),
        (
            "ha_manage_view",
            {"action": "update", "view": 0, "changes": {"title": "Changed"}},
        ),
        ("ha_manage_view", {"action": "move", "view": 0, "to": 1}),
        ("ha_manage_view", {"action": "remove", "view": 0}),
        ("ha_manage_card", {"action": "add", "view": 0, "config": {"type": "x"}}),
        (
            "ha_manage_card",
            {"action": "update", "view": 0, "card": 0, "changes": {"content": "Z"}},
        ),
        (
            "ha_manage_card",
            {"action": "move", "view": 0, "card": 0, "to_view": 1, "to_section": 1},
        ),
        ("ha_manage_card", {"action": "remove", "view": 0, "card": 0}),
        ("ha_patch_dashboard", {"patch": [{"op": "remove", "path": "/views/1"}]}),
    ]
    for tool, arguments in edits:
        done = await ok(admin, tool, url_path=board, **arguments)
        assert await stored(hass_ws_client) != original, tool
        await ok(admin, "ha_undo_change", change_id=done["change_id"])
        assert await stored(hass_ws_client) == original, tool


async def test_structure_edits_leave_a_generated_dashboard_alone(
    hass: HomeAssistant, lovelace: None, admin: Caller
) -> None:
    await ok(
        admin,
        "ha_manage_dashboard",
        action="create",
        url_path="agent-board",
        title="Agent",
    )
    refused = await admin.call(
        "ha_manage_card",
        {
            "action": "add",
            "url_path": "agent-board",
            "view": 0,
            "config": {"type": "x"},
        },
    )
    assert refused.status == HTTPStatus.CONFLICT
    assert (
        "ha_save_dashboard_config to take control" in refused.body["error"]["message"]
    )


async def test_resources_round_trip_through_home_assistant(
    hass: HomeAssistant, lovelace: None, admin: Caller, hass_ws_client: Any
) -> None:
    created = await ok(
        admin,
        "ha_manage_resource",
        action="create",
        url="/hacsfiles/button-card/button-card.js",
    )
    resource_id = created["resource_id"]
    assert await websocket(hass_ws_client, {"type": "lovelace/resources"}) == [
        {
            "id": resource_id,
            "type": "module",
            "url": "/hacsfiles/button-card/button-card.js",
        }
    ]
    listed = (await ok(admin, "ha_list_resources"))["resources"]
    assert [(item["resource_id"], item["res_type"]) for item in listed] == [
        (resource_id, "module")
    ]
    updated = await ok(
        admin,
        "ha_manage_resource",
        action="update",
        resource_id=resource_id,
        url="/local/card.js",
        res_type="js",
        expected_revision=listed[0]["revision"],
    )
    assert await websocket(hass_ws_client, {"type": "lovelace/resources"}) == [
        {"id": resource_id, "type": "js", "url": "/local/card.js"}
    ]
    await ok(admin, "ha_undo_change", change_id=updated["change_id"])
    assert (await websocket(hass_ws_client, {"type": "lovelace/resources"}))[0][
        "url"
    ] == "/hacsfiles/button-card/button-card.js"

    deleted = await ok(
        admin,
        "ha_manage_resource",
        action="delete",
        resource_id=resource_id,
        confirm=True,
    )
    assert await websocket(hass_ws_client, {"type": "lovelace/resources"}) == []
    restored = await ok(admin, "ha_undo_change", change_id=deleted["change_id"])
    assert [
        item["url"]
        for item in await websocket(hass_ws_client, {"type": "lovelace/resources"})
    ] == ["/hacsfiles/button-card/button-card.js"]
    await ok(admin, "ha_undo_change", change_id=restored["change_id"])
    assert await websocket(hass_ws_client, {"type": "lovelace/resources"}) == []

    twice = await admin.call(
        "ha_manage_resource", {"action": "create", "url": "/local/a.js"}
    )
    assert twice.status == HTTPStatus.OK
    again = await admin.call(
        "ha_manage_resource", {"action": "create", "url": "/local/a.js"}
    )
    assert again.status == HTTPStatus.BAD_REQUEST


async def test_each_action_takes_only_its_own_arguments(
    hass: HomeAssistant, board: str, admin: Caller, hass_ws_client: Any
) -> None:
    before = await stored(hass_ws_client)
    mixed = await admin.call(
        "ha_manage_card",
        {"action": "add", "url_path": board, "view": 0, "card": 0, "config": {}},
    )
    assert mixed.status == HTTPStatus.BAD_REQUEST
    assert mixed.body["error"]["field"] == "card"
    assert mixed.body["error"]["message"] == (
        "card: not an argument of add, which takes url_path, view, section, "
        "config, position, expected_revision, dry_run"
    )
    missing = await admin.call(
        "ha_manage_card", {"action": "update", "url_path": board, "view": 0, "card": 0}
    )
    assert missing.status == HTTPStatus.BAD_REQUEST
    assert missing.body["error"]["field"] == "changes"
    unknown = await admin.call("ha_manage_view", {"action": "rename", "view": 0})
    assert unknown.status == HTTPStatus.BAD_REQUEST
    assert unknown.body["error"]["message"] == (
        "action: expected one of add, update, remove, move"
    )
    assert await stored(hass_ws_client) == before
