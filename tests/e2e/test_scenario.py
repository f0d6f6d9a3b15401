"""An agent's session on a real ``hass``, over real HTTP, start to clean stop.

A Home Assistant of its own (set up by devserver.py: onboarded, the entry made
through the config-flow REST API, real admin and non-admin tokens) runs one
scenario: find and control a light, build a dashboard and see it through
Home Assistant's websocket API, create an automation, run it and see what it
did, render a template, turn file access on (read-only) through the options
flow's REST API and read a file but not secrets.yaml, undo a change, and find
the writes in the logbook under the admin's name. Then hass stops cleanly.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
import time
from typing import Any

import pytest

from .test_real_server import request, served, websocket

pytestmark = pytest.mark.e2e

LIGHT = "light.living_room_rgbww_lights"


@pytest.fixture(scope="module")
def session_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, Any]]:
    """A Home Assistant for this scenario alone; it must stop cleanly."""
    with served(tmp_path_factory.mktemp("scenario-config")) as running:
        process = running.process
        yield running.credentials
    assert process is not None
    assert process.returncode == 0


def call(server: dict[str, Any], tool: str, **arguments: Any) -> Any:
    """Call a tool as the admin; it must succeed."""
    status, answer = request(
        server, f"ha_openapi/{tool}", server["admin_token"], arguments
    )
    assert status == HTTPStatus.OK, answer
    assert answer["ok"] is True
    return answer["result"]


def state_of(server: dict[str, Any], entity_id: str) -> str:
    """The state as Home Assistant's own REST API reports it."""
    status, state = request(server, f"states/{entity_id}", server["admin_token"])
    assert status == HTTPStatus.OK
    return str(state["state"])


def test_an_agents_session(
    session_server: dict[str, Any], socket_enabled: None
) -> None:
    server = session_server
    started = datetime.now(UTC) - timedelta(seconds=1)
    before, wanted = find_and_switch_the_light(server)
    card_change = build_a_dashboard(server)
    run_an_automation(server, before, wanted)
    rendered = call(
        server, "ha_render_template", template=f"{{{{ states('{LIGHT}') }}}}"
    )
    assert rendered["result"] == before
    read_files_but_not_secrets(server)
    undo_the_card(server, card_change)
    find_the_writes_in_the_logbook(server, started)


def find_and_switch_the_light(server: dict[str, Any]) -> tuple[str, str]:
    """Find the light, switch it, read its new state back; return both states."""
    found = call(server, "ha_search_entities", query="living room lights")
    assert LIGHT in [row["entity_id"] for row in found["items"]][:3]
    before = state_of(server, LIGHT)
    wanted = "off" if before == "on" else "on"
    switched = call(server, "ha_control_light", entity_id=LIGHT, action=wanted)
    assert switched["outcome"] == "done"
    assert state_of(server, LIGHT) == wanted
    read = call(server, "ha_get_states", entity_ids=[LIGHT])
    assert read["states"][0]["state"] == wanted
    return before, wanted


def build_a_dashboard(server: dict[str, Any]) -> str:
    """A dashboard with a card, as Home Assistant's websocket API shows it."""
    call(
        server,
        "ha_manage_dashboard",
        action="create",
        url_path="agent-session",
        title="Agent session",
    )
    call(
        server,
        "ha_save_dashboard_config",
        url_path="agent-session",
        config={"views": [{"title": "Home", "cards": []}]},
    )
    card = {"type": "tile", "entity": LIGHT}
    added = call(
        server,
        "ha_manage_card",
        action="add",
        url_path="agent-session",
        view=0,
        config=card,
    )
    stored = websocket(server, {"type": "lovelace/config", "url_path": "agent-session"})
    assert stored["views"][0]["cards"] == [card]
    dashboards = websocket(server, {"type": "lovelace/dashboards/list"})
    assert "agent-session" in [board["url_path"] for board in dashboards]
    return str(added["change_id"])


def run_an_automation(server: dict[str, Any], before: str, wanted: str) -> None:
    """An automation: created, run, and what it did."""
    created = call(
        server,
        "ha_manage_automation",
        action="create",
        config={
            "alias": "Agent session toggle",
            "triggers": [{"trigger": "event", "event_type": "agent_session"}],
            "actions": [{"action": "light.toggle", "target": {"entity_id": LIGHT}}],
        },
    )
    assert created["entity_id"] is not None
    assert state_of(server, created["entity_id"]) == "on"
    call(server, "ha_trigger_automation", automation_id=created["automation_id"])
    deadline = time.monotonic() + 10
    while state_of(server, LIGHT) == wanted and time.monotonic() < deadline:
        time.sleep(0.2)
    assert state_of(server, LIGHT) == before


def read_files_but_not_secrets(server: dict[str, Any]) -> None:
    """File access, read-only, through the options flow's REST API."""
    status, entries = request(
        server, "config/config_entries/entry?domain=ha_openapi", server["admin_token"]
    )
    assert status == HTTPStatus.OK
    (entry,) = entries
    status, form = request(
        server,
        "config/config_entries/options/flow",
        server["admin_token"],
        {"handler": entry["entry_id"]},
    )
    assert status == HTTPStatus.OK
    options = {
        field["name"]: field["description"]["suggested_value"]
        for field in form["data_schema"]
    }
    assert options["file_access"] == "off"
    status, done = request(
        server,
        f"config/config_entries/options/flow/{form['flow_id']}",
        server["admin_token"],
        {**options, "file_access": "read_only"},
    )
    assert status == HTTPStatus.OK
    assert done["type"] == "create_entry"
    configuration = call(server, "ha_read_file", path="configuration.yaml")
    assert "automation: !include automations.yaml" in configuration["content"]
    for tool, arguments in (
        ("ha_read_file", {"path": "secrets.yaml"}),
        ("ha_write_file", {"path": "notes.txt", "content": "x"}),
    ):
        status, refused = request(
            server, f"ha_openapi/{tool}", server["admin_token"], arguments
        )
        assert status == HTTPStatus.FORBIDDEN, refused
        assert refused["error"]["code"] == "forbidden"


def undo_the_card(server: dict[str, Any], change_id: str) -> None:
    """Undo the card: the dashboard is as it was before it."""
    changes = call(server, "ha_list_changes")
    (card_change,) = [
        change for change in changes["items"] if change["change_id"] == change_id
    ]
    assert card_change["tool"] == "ha_manage_card"
    call(server, "ha_undo_change", change_id=change_id)
    stored = websocket(server, {"type": "lovelace/config", "url_path": "agent-session"})
    assert stored["views"][0]["cards"] == []


def find_the_writes_in_the_logbook(server: dict[str, Any], started: datetime) -> None:
    """The writes are in the logbook, made by the admin; the reads are not."""
    expected = {
        "ran ha_control_light",
        "ran ha_manage_dashboard: create",
        "ran ha_manage_card: add",
        "ran ha_manage_automation: create",
        "ran ha_trigger_automation",
        "ran ha_undo_change",
    }
    admin = websocket(server, {"type": "auth/current_user"})["id"]
    deadline = time.monotonic() + 30
    messages: set[str] = set()
    while time.monotonic() < deadline:
        status, entries = request(
            server, f"logbook/{started.isoformat()}", server["admin_token"]
        )
        assert status == HTTPStatus.OK
        ours = [entry for entry in entries if entry.get("domain") == "ha_openapi"]
        messages = {entry["message"] for entry in ours}
        if expected <= messages:
            break
        time.sleep(1)
    assert expected <= messages
    assert {entry.get("context_user_id") for entry in ours} == {admin}
    assert "ran ha_get_states" not in messages
    assert "ran ha_read_file" not in messages
