"""A real ``hass`` process, set up exactly as scripts/develop sets it up, over real HTTP.

scripts/devserver.py writes the config folder (demo entities, the integration
linked in), starts ``python -m homeassistant`` from this test venv (so each tested
Home Assistant version runs it), onboards through the onboarding REST API, adds
the integration through the config-flow REST API and makes real long-lived
tokens for an admin and a non-admin user.

``HA_OPENAPI_E2E_PYTHON`` names another Python to run devserver.py (and so Home
Assistant) with: scripts/test points it at the scripts/develop venv, so the
newest release, which has no test harness yet, runs these tests too.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
import json
import os
from pathlib import Path
import subprocess
import sys
import time
from typing import Any
import urllib.error
import urllib.request

import aiohttp
from openapi_spec_validator import validate
import pytest

from ..permissions import (
    ADDON_TOOLS,
    ADMIN_ONLY,
    COMPACT_ONLY,
    FILE_ACCESS,
    PERMISSIONS,
)

pytestmark = pytest.mark.e2e

DEVSERVER = Path(__file__).resolve().parents[2] / "scripts" / "devserver.py"
PYTHON = os.environ.get("HA_OPENAPI_E2E_PYTHON") or sys.executable
# What the demo integration itself adds: its example notification, and on
# 2026.10+ the repair about its legacy device tracker platform.
DEMO_NOTIFICATION_TITLE = "Example Notification"
DEMO_ISSUES = {("homeassistant", "deprecated_method")}


class DevServerProcess:
    """scripts/devserver.py running on one config folder."""

    def __init__(self, config: Path) -> None:
        self.config = config
        self.process: subprocess.Popen[str] | None = None
        self.credentials: dict[str, Any] = {}

    def start(self) -> dict[str, Any]:
        """Start (or start again) and return the credentials it prints."""
        self.process = subprocess.Popen(
            [
                PYTHON,
                str(DEVSERVER),
                "--config",
                str(self.config),
                "--port",
                "0",
                "--json",
                # A test venv holds what the loaded integrations need; hass never
                # installs into it (tests run later must not depend on this one).
                *(["--skip-pip"] if sys.executable == PYTHON else []),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        line = self.process.stdout.readline() if self.process.stdout else ""
        if not line:
            self.process.wait(30)
            log = self.config / "hass-console.log"
            raise AssertionError(
                f"devserver.py ended without credentials ({self.process.returncode}):\n"
                f"{log.read_text()[-4000:] if log.exists() else ''}"
            )
        self.credentials = json.loads(line)
        return self.credentials

    def stop(self) -> None:
        """Stop devserver.py, which stops hass cleanly on SIGTERM."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(90)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process = None


@contextmanager
def served(config: Path) -> Iterator[DevServerProcess]:
    """Run devserver.py on ``config``; after it stops, its log holds no error of ours."""
    running = DevServerProcess(config)
    running.start()
    try:
        yield running
    finally:
        running.stop()
    # Nothing these tests do is an error of the integration's own making.
    log = (running.config / "hass-console.log").read_text(errors="replace")
    errors = [
        line
        for line in log.splitlines()
        if " ERROR " in line and "[custom_components.ha_openapi" in line
    ]
    assert not errors, "\n".join(errors)


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServerProcess]:
    """A real Home Assistant set up by devserver.py, for the whole module."""
    with served(tmp_path_factory.mktemp("hass-config")) as running:
        yield running


@pytest.fixture
def server(dev_server: DevServerProcess) -> dict[str, Any]:
    """The running server's URL and tokens."""
    return dev_server.credentials


def request(
    server: dict[str, Any],
    path: str,
    token: str | None,
    body: dict[str, Any] | None = None,
) -> tuple[int, Any]:
    """One HTTP request to ``/api/<path>``; returns status and decoded JSON (or text)."""
    url = f"{server['url']}/api/{path}"
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data=data, headers=headers), timeout=60
        ) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text


def websocket(server: dict[str, Any], command: dict[str, Any]) -> Any:
    """Send one websocket command as the admin and return its result."""

    async def send() -> Any:
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"{server['url']}/api/websocket") as socket,
        ):
            await socket.receive_json()
            await socket.send_json(
                {"type": "auth", "access_token": server["admin_token"]}
            )
            assert (await socket.receive_json())["type"] == "auth_ok"
            await socket.send_json({"id": 1, **command})
            reply = await socket.receive_json()
        assert reply["success"], reply
        return reply["result"]

    # A loop of its own: asyncio.run would unset the harness's current loop.
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(send())
    finally:
        loop.close()


def test_a_first_look_shows_no_notifications_or_repairs(
    dev_server: DevServerProcess, server: dict[str, Any], socket_enabled: None
) -> None:
    # Every integration loaded: the venv holds their requirements (hass may not
    # install them into a test venv).
    log = (dev_server.config / "hass-console.log").read_text(errors="replace")
    assert [line for line in log.splitlines() if "Setup failed for" in line] == []
    notifications = websocket(server, {"type": "persistent_notification/get"})
    assert [
        (notification["notification_id"], notification["title"])
        for notification in notifications
        if notification["title"] != DEMO_NOTIFICATION_TITLE
    ] == []
    issues = websocket(server, {"type": "repairs/list_issues"})["issues"]
    assert {(issue["domain"], issue["issue_id"]) for issue in issues} <= DEMO_ISSUES


def test_admin_spec_lists_the_tools(
    server: dict[str, Any], socket_enabled: None
) -> None:
    status, spec = request(server, "ha_openapi/openapi.json", server["admin_token"])
    assert status == HTTPStatus.OK
    validate(spec)
    # File access is off until the owner switches it on; no Supervisor, no add-ons.
    assert set(spec["paths"]) == {
        f"/{name}"
        for name in PERMISSIONS.keys()
        - FILE_ACCESS.keys()
        - set(ADDON_TOOLS)
        - COMPACT_ONLY
    }


def test_admin_turns_on_a_demo_light(
    server: dict[str, Any], socket_enabled: None
) -> None:
    status, before = request(
        server,
        "ha_openapi/ha_get_states",
        server["admin_token"],
        {"entity_ids": ["light.bed_light"]},
    )
    assert status == HTTPStatus.OK
    assert before["result"]["states"][0]["state"] == "off"

    status, called = request(
        server,
        "ha_openapi/ha_call_service",
        server["admin_token"],
        {
            "domain": "light",
            "service": "turn_on",
            "target": {"entity_id": "light.bed_light"},
            "data": {"brightness_pct": 40},
        },
    )
    assert status == HTTPStatus.OK
    changed = called["result"]["changed_states"]
    assert [state["entity_id"] for state in changed] == ["light.bed_light"]
    assert changed[0]["state"] == "on"
    assert changed[0]["attributes"]["brightness"] == 102

    status, after = request(
        server,
        "ha_openapi/ha_get_states",
        server["admin_token"],
        {"entity_ids": ["light.bed_light"]},
    )
    assert after["result"]["states"][0]["state"] == "on"


def test_control_tool_reports_the_outcome(
    server: dict[str, Any], socket_enabled: None
) -> None:
    status, result = request(
        server,
        "ha_openapi/ha_control_light",
        server["admin_token"],
        {"entity_id": "light.kitchen_lights", "action": "off"},
    )
    assert status == HTTPStatus.OK
    assert result["result"]["outcome"] == "done"
    assert result["result"]["state"]["state"] == "off"


def test_non_admin_token(server: dict[str, Any], socket_enabled: None) -> None:
    status, spec = request(server, "ha_openapi/openapi.json", server["agent_token"])
    assert status == HTTPStatus.OK
    assert set(spec["paths"]) == {
        f"/{name}" for name in PERMISSIONS.keys() - ADMIN_ONLY - COMPACT_ONLY
    }

    status, missing = request(
        server,
        "ha_openapi/ha_get_states",
        server["agent_token"],
        {"entity_ids": ["light.bed_lihgt"]},
    )
    assert status == HTTPStatus.NOT_FOUND
    assert missing["error"]["suggestions"][0] == "light.bed_light"


def test_no_token_is_refused(server: dict[str, Any], socket_enabled: None) -> None:
    status, _ = request(
        server, "ha_openapi/ha_get_states", None, {"entity_ids": ["light.bed_light"]}
    )
    assert status == HTTPStatus.UNAUTHORIZED
    # Home Assistant tells the owner about the failed login; clear what this test
    # caused, so the first-look test sees the server as a newcomer would (in any order).
    websocket(
        server,
        {
            "type": "call_service",
            "domain": "persistent_notification",
            "service": "dismiss",
            "service_data": {"notification_id": "http-login"},
        },
    )


def test_calls_show_in_the_logbook_with_the_user(
    server: dict[str, Any], socket_enabled: None
) -> None:
    started = datetime.now(UTC) - timedelta(seconds=1)
    status, _ = request(
        server,
        "ha_openapi/ha_get_states",
        server["agent_token"],
        {"entity_ids": ["light.ceiling_lights"]},
    )
    assert status == HTTPStatus.OK
    status, _ = request(
        server,
        "ha_openapi/ha_control_light",
        server["agent_token"],
        {"entity_id": "light.ceiling_lights", "action": "on"},
    )
    assert status == HTTPStatus.OK

    expected = {"name": "HA OpenAPI", "message": "ran ha_control_light"}
    deadline = time.monotonic() + 30
    ours: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        # The logbook reads the recorder's database, which commits every second.
        status, entries = request(
            server, f"logbook/{started.isoformat()}", server["admin_token"]
        )
        assert status == HTTPStatus.OK
        ours = [
            {"name": entry.get("name"), "message": entry.get("message")}
            for entry in entries
            if entry.get("domain") == "ha_openapi"
        ]
        if expected in ours:
            break
        time.sleep(1)
    assert expected in ours
    # Reads are counted, not recorded: the successful read left no entry.
    assert {"name": "HA OpenAPI", "message": "ran ha_get_states"} not in ours


def test_health_of_the_real_server(
    server: dict[str, Any], socket_enabled: None
) -> None:
    status, report = request(server, "ha_openapi/health", server["agent_token"])
    assert status == HTTPStatus.OK
    assert report["status"] == "ok"
    assert report["checks"]["recorder"]["ok"] is True
    assert report["checks"]["lovelace"]["ok"] is True


def test_a_second_run_reuses_users_and_tokens(
    dev_server: DevServerProcess, socket_enabled: None
) -> None:
    first = dict(dev_server.credentials)
    dev_server.stop()
    second = dev_server.start()
    for key in ("admin_password", "agent_password", "admin_token", "agent_token"):
        assert second[key] == first[key]
    status, spec = request(second, "ha_openapi/openapi.json", second["agent_token"])
    assert status == HTTPStatus.OK
    assert "/ha_get_states" in spec["paths"]

    # HA 2026.10+ keeps http settings in storage and reverts unconfirmed ones
    # (restarting itself) after five minutes; devserver.py confirms them.
    http_store = dev_server.config / ".storage" / "http"
    stored = json.loads(http_store.read_text())["data"] if http_store.exists() else {}
    if "pending" in stored:
        assert stored["pending"] is None
        assert f":{stored['stable']['server_port']}" in second["url"]
