"""Dashboards on the real lovelace component, checked through HA's own websocket API."""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from pathlib import Path
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.ha_openapi.framework import changes

from ...conftest import Caller
from .conftest import ok, websocket

CONFIG = {
    "title": "Agent",
    "views": [
        {
            "title": "Home",
            "path": "home",
            "cards": [
                {"type": "entities", "entities": ["input_boolean.porch"]},
                {"type": "markdown", "content": "Hello"},
            ],
        },
        {
            "title": "Rooms",
            "type": "sections",
            "sections": [
                {"type": "grid", "cards": [{"type": "tile", "entity": "light.nowhere"}]}
            ],
        },
    ],
}


async def test_create_save_and_read_as_home_assistant_does(
    hass: HomeAssistant,
    lovelace: None,
    admin: Caller,
    hass_ws_client: Any,
    hass_storage: dict[str, Any],
) -> None:
    refreshed = async_capture_events(hass, "lovelace_updated")
    created = await ok(
        admin,
        "ha_manage_dashboard",
        action="create",
        url_path="agent-board",
        title="Agent",
        icon="mdi:robot",
    )
    assert created["changed"] is True
    listed = await websocket(hass_ws_client, {"type": "lovelace/dashboards/list"})
    assert {
        (item["url_path"], item["title"], item.get("icon"), item["mode"])
        for item in listed
    } >= {("agent-board", "Agent", "mdi:robot", "storage")}

    fresh = await ok(admin, "ha_get_dashboard", url_path="agent-board")
    assert (fresh["auto_generated"], fresh["config"]) == (True, None)
    missing_revision = await admin.call(
        "ha_save_dashboard_config", {"url_path": "agent-board", "config": CONFIG}
    )
    assert missing_revision.status == HTTPStatus.OK, missing_revision.body
    saved = missing_revision.body["result"]
    assert saved["warnings"] == ["entity light.nowhere does not exist"]
    assert (
        await websocket(
            hass_ws_client, {"type": "lovelace/config", "url_path": "agent-board"}
        )
        == CONFIG
    )
    # Open browsers are told to refresh.
    assert [event.data for event in refreshed] == [{"url_path": "agent-board"}]

    # A dashboard made in HA's UI afterwards saves the collection with ours in it.
    await websocket(
        hass_ws_client,
        {"type": "lovelace/dashboards/create", "url_path": "ui-board", "title": "UI"},
    )
    # Home Assistant writes its delayed saves when it stops.
    hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
    await hass.async_block_till_done()
    assert {
        item["url_path"]
        for item in hass_storage["lovelace_dashboards"]["data"]["items"]
    } == {"agent-board", "ui-board"}

    summary = await ok(
        admin, "ha_get_dashboard", url_path="agent-board", part="summary"
    )
    assert summary["revision"] == saved["revision"]
    assert summary["summary"] == [
        {
            "index": 0,
            "title": "Home",
            "path": "home",
            "type": "masonry",
            "cards": [
                {"index": 0, "type": "entities", "title": None},
                {"index": 1, "type": "markdown", "title": None},
            ],
            "sections": [],
        },
        {
            "index": 1,
            "title": "Rooms",
            "path": None,
            "type": "sections",
            "cards": [],
            "sections": [
                {
                    "index": 0,
                    "type": "grid",
                    "cards": [{"index": 0, "type": "tile", "title": None}],
                }
            ],
        },
    ]
    part = await ok(
        admin,
        "ha_get_dashboard",
        url_path="agent-board",
        part="pointer",
        pointer="/views/0/cards/1",
    )
    assert part["value"] == {"type": "markdown", "content": "Hello"}

    # Replacing a config needs the revision it replaces.
    blind = await admin.call(
        "ha_save_dashboard_config", {"url_path": "agent-board", "config": CONFIG}
    )
    assert blind.status == HTTPStatus.BAD_REQUEST
    assert blind.body["error"]["field"] == "expected_revision"


async def test_url_path_rules_are_explained(
    hass: HomeAssistant, lovelace: None, admin: Caller
) -> None:
    single = await admin.call(
        "ha_manage_dashboard",
        {"action": "create", "url_path": "agent", "title": "Agent"},
    )
    assert single.status == HTTPStatus.BAD_REQUEST
    assert "needs a hyphen (-), e.g. agent-dashboard" in single.body["error"]["message"]
    await ok(
        admin,
        "ha_manage_dashboard",
        action="create",
        url_path="agent-board",
        title="Agent",
    )
    taken = await admin.call(
        "ha_manage_dashboard",
        {"action": "create", "url_path": "agent-board", "title": "Again"},
    )
    assert taken.status == HTTPStatus.CONFLICT


async def test_concurrent_saves_with_one_revision_let_exactly_one_through(
    hass: HomeAssistant, lovelace: None, admin: Caller, hass_ws_client: Any
) -> None:
    await ok(
        admin,
        "ha_manage_dashboard",
        action="create",
        url_path="agent-board",
        title="Agent",
    )
    base = await ok(
        admin, "ha_save_dashboard_config", url_path="agent-board", config={"views": []}
    )
    responses = await asyncio.gather(
        *(
            admin.call(
                "ha_save_dashboard_config",
                {
                    "url_path": "agent-board",
                    "config": {"views": [{"title": f"Try {number}"}]},
                    "expected_revision": base["revision"],
                },
            )
            for number in range(100)
        )
    )
    statuses = sorted(response.status for response in responses)
    assert statuses == [HTTPStatus.OK] + [HTTPStatus.CONFLICT] * 99
    winner = next(r for r in responses if r.status == HTTPStatus.OK)
    stored = await websocket(
        hass_ws_client, {"type": "lovelace/config", "url_path": "agent-board"}
    )
    assert stored["views"][0]["title"] == next(
        f"Try {number}"
        for number, response in enumerate(responses)
        if response is winner
    )
    loser = next(r for r in responses if r.status == HTTPStatus.CONFLICT)
    assert winner.body["result"]["revision"] in loser.body["error"]["message"]


async def test_dry_run_writes_nothing(
    hass: HomeAssistant, lovelace: None, admin: Caller, hass_ws_client: Any
) -> None:
    preview = await ok(
        admin,
        "ha_manage_dashboard",
        action="create",
        url_path="agent-board",
        title="Agent",
        dry_run=True,
    )
    assert preview["dry_run"] is True
    assert preview["diff"] == [
        {
            "op": "replace",
            "path": "",
            "value": {
                "settings": {
                    "title": "Agent",
                    "show_in_sidebar": True,
                    "require_admin": False,
                },
                "config": None,
            },
        }
    ]
    listed = await websocket(hass_ws_client, {"type": "lovelace/dashboards/list"})
    assert "agent-board" not in {item["url_path"] for item in listed}

    await ok(
        admin,
        "ha_manage_dashboard",
        action="create",
        url_path="agent-board",
        title="Agent",
    )
    current = await ok(admin, "ha_get_dashboard", url_path="agent-board")
    retitled = await ok(
        admin,
        "ha_manage_dashboard",
        action="update",
        url_path="agent-board",
        title="Robot",
        expected_revision=current["revision"],
        dry_run=True,
    )
    assert retitled["diff"] == [
        {"op": "replace", "path": "/settings/title", "value": "Robot"}
    ]
    listed = await websocket(hass_ws_client, {"type": "lovelace/dashboards/list"})
    assert {item["url_path"]: item["title"] for item in listed}["agent-board"] == (
        "Agent"
    )


async def test_undo_restores_create_update_and_delete_also_after_a_reload(
    hass: HomeAssistant,
    lovelace: None,
    admin: Caller,
    hass_ws_client: Any,
    setup_integration: MockConfigEntry,
) -> None:
    created = await ok(
        admin,
        "ha_manage_dashboard",
        action="create",
        url_path="agent-board",
        title="Agent",
    )
    saved = await ok(
        admin, "ha_save_dashboard_config", url_path="agent-board", config=CONFIG
    )
    renamed = await ok(
        admin,
        "ha_manage_dashboard",
        action="update",
        url_path="agent-board",
        title="Robot",
        expected_revision=saved["revision"],
    )
    deleted = await ok(
        admin,
        "ha_manage_dashboard",
        action="delete",
        url_path="agent-board",
        confirm=True,
        expected_revision=renamed["revision"],
    )

    changes = (await ok(admin, "ha_list_changes"))["items"]
    assert [(c["change_id"], c["action"], c["undoable"]) for c in changes] == [
        (deleted["change_id"], "deleted", True),
        (renamed["change_id"], "updated", False),
        (saved["change_id"], "updated", False),
        (created["change_id"], "created", False),
    ]

    assert await hass.config_entries.async_reload(setup_integration.entry_id)
    await hass.async_block_till_done()

    # An older change cannot be undone over a newer one without force.
    stale = await admin.call("ha_undo_change", {"change_id": renamed["change_id"]})
    assert stale.status == HTTPStatus.CONFLICT
    assert "pass force" in stale.body["error"]["message"]

    await ok(admin, "ha_undo_change", change_id=deleted["change_id"])
    listed = await websocket(hass_ws_client, {"type": "lovelace/dashboards/list"})
    assert {item["url_path"]: item["title"] for item in listed}["agent-board"] == (
        "Robot"
    )
    assert (
        await websocket(
            hass_ws_client, {"type": "lovelace/config", "url_path": "agent-board"}
        )
        == CONFIG
    )

    await ok(admin, "ha_undo_change", change_id=renamed["change_id"])
    listed = await websocket(hass_ws_client, {"type": "lovelace/dashboards/list"})
    assert {item["url_path"]: item["title"] for item in listed}["agent-board"] == (
        "Agent"
    )

    await ok(admin, "ha_undo_change", change_id=saved["change_id"])
    assert (await ok(admin, "ha_get_dashboard", url_path="agent-board"))[
        "config"
    ] is None

    await ok(admin, "ha_undo_change", change_id=created["change_id"])
    listed = await websocket(hass_ws_client, {"type": "lovelace/dashboards/list"})
    assert "agent-board" not in {item["url_path"] for item in listed}


async def test_yaml_dashboards_are_read_only_and_writes_need_an_admin(
    hass: HomeAssistant,
    lovelace: None,
    admin: Caller,
    non_admin: Caller,
    tmp_path: Path,
) -> None:
    dashboards = (await ok(admin, "ha_list_dashboards"))["dashboards"]
    assert {(item["url_path"], item["mode"]) for item in dashboards} >= {
        ("yaml-board", "yaml")
    }
    await hass.async_add_executor_job(
        (tmp_path / "yaml-board.yaml").write_text,
        "views:\n  - title: From a file\n",
    )
    read = await ok(admin, "ha_get_dashboard", url_path="yaml-board")
    assert (read["mode"], read["auto_generated"], read["config"]) == (
        "yaml",
        False,
        {"views": [{"title": "From a file"}]},
    )
    refused = await admin.call(
        "ha_save_dashboard_config",
        {"url_path": "yaml-board", "config": {"views": []}},
    )
    assert refused.status == HTTPStatus.CONFLICT
    assert "defined in YAML" in refused.body["error"]["message"]

    for tool, arguments in (
        (
            "ha_manage_dashboard",
            {"action": "create", "url_path": "agent-board", "title": "Agent"},
        ),
        ("ha_save_dashboard_config", {"config": {"views": []}}),
        (
            "ha_manage_dashboard",
            {"action": "delete", "url_path": "yaml-board", "confirm": True},
        ),
    ):
        response = await non_admin.call(tool, arguments)
        assert response.status == HTTPStatus.FORBIDDEN, tool

    await ok(
        admin,
        "ha_manage_dashboard",
        action="create",
        url_path="admin-board",
        title="Admins",
        require_admin=True,
    )
    hidden = await non_admin.call("ha_get_dashboard", {"url_path": "admin-board"})
    assert hidden.status == HTTPStatus.FORBIDDEN
    assert "admin-board" not in {
        item["url_path"]
        for item in (await ok(non_admin, "ha_list_dashboards"))["dashboards"]
    }


async def test_force_undoes_over_a_later_change_and_the_journal_is_bounded(
    hass: HomeAssistant,
    lovelace: None,
    admin: Caller,
    hass_ws_client: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(changes, "MAX_CHANGES", 3)
    await ok(
        admin,
        "ha_manage_dashboard",
        action="create",
        url_path="agent-board",
        title="Agent",
    )
    first = await ok(
        admin,
        "ha_save_dashboard_config",
        url_path="agent-board",
        config={"views": [{"title": "A"}]},
    )
    second = await ok(
        admin,
        "ha_save_dashboard_config",
        url_path="agent-board",
        config={"views": [{"title": "B"}]},
        expected_revision=first["revision"],
    )
    preview = await ok(
        admin,
        "ha_undo_change",
        change_id=first["change_id"],
        force=True,
        dry_run=True,
    )
    assert preview["diff"] == [{"op": "replace", "path": "/config", "value": None}]
    stored = await websocket(
        hass_ws_client, {"type": "lovelace/config", "url_path": "agent-board"}
    )
    assert stored == {"views": [{"title": "B"}]}

    undone = await ok(admin, "ha_undo_change", change_id=first["change_id"], force=True)
    assert undone["previous_revision"] == second["revision"]
    current = await ok(admin, "ha_get_dashboard", url_path="agent-board")
    assert (current["auto_generated"], current["revision"]) == (
        True,
        undone["revision"],
    )

    # Four writes, three kept: the creation is the one dropped.
    kept = (await ok(admin, "ha_list_changes"))["items"]
    assert [(item["change_id"], item["undoes"]) for item in kept] == [
        (undone["change_id"], first["change_id"]),
        (second["change_id"], None),
        (first["change_id"], None),
    ]
    gone = await admin.call("ha_undo_change", {"change_id": "c-1"})
    assert gone.status == HTTPStatus.NOT_FOUND


async def test_custom_cards_without_a_resource_are_warned_about(
    hass: HomeAssistant, lovelace: None, admin: Caller, hass_ws_client: Any
) -> None:
    await websocket(
        hass_ws_client,
        {
            "type": "lovelace/resources/create",
            "res_type": "module",
            "url": "/hacsfiles/button-card/button-card.js",
        },
    )
    created = await ok(
        admin,
        "ha_manage_dashboard",
        action="create",
        url_path="agent-board",
        title="Agent",
        config={
            "views": [
                {
                    "cards": [
                        {"type": "custom:button-card", "entity": "input_boolean.porch"},
                        {"type": "custom:mushroom-light-card", "entity": "light.hall"},
                    ]
                }
            ]
        },
    )
    assert created["warnings"] == [
        "entity light.hall does not exist",
        "card type custom:mushroom-light-card has no matching dashboard resource "
        "(install the card, e.g. through HACS)",
    ]
