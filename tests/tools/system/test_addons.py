"""Add-on tools against a fake Supervisor HTTP API, and without a Supervisor."""

from __future__ import annotations

from collections.abc import Iterator
from http import HTTPStatus
import json
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import (
    AiohttpClientMocker,
    AiohttpClientMockResponse,
)
from yarl import URL

from ...conftest import Caller
from ...permissions import ADDON_TOOLS

SUPERVISOR = "http://127.0.0.1"
JSON = {"Content-Type": "application/json"}
ADDON_FIELDS: dict[str, Any] = {
    "advanced": False,
    "available": True,
    "build": False,
    "detached": False,
    "description": "An MQTT broker",
    "homeassistant": None,
    "icon": True,
    "logo": True,
    "repository": "core",
    "stage": "stable",
    "url": None,
}
COMPLETE_FIELDS: dict[str, Any] = {
    "apparmor": "default",
    "auth_api": False,
    "docker_api": False,
    "full_access": False,
    "homeassistant_api": False,
    "host_network": False,
    "host_pid": False,
    "ingress": False,
    "long_description": None,
    "rating": 6,
    "signed": False,
    "hassio_api": False,
    "hassio_role": "default",
    "arch": ["amd64"],
    "documentation": True,
    "hostname": "core-mosquitto",
    "dns": [],
    "protected": True,
    "boot": "auto",
    "boot_config": "auto",
    "schema": [],
    "machine": [],
    "network": None,
    "network_description": None,
    "host_ipc": False,
    "host_uts": False,
    "host_dbus": False,
    "privileged": [],
    "changelog": True,
    "stdin": False,
    "gpio": False,
    "usb": False,
    "uart": False,
    "kernel_modules": False,
    "devicetree": False,
    "udev": False,
    "video": False,
    "audio": False,
    "startup": "services",
    "services": [],
    "discovery": [],
    "translations": {},
    "webui": None,
    "ingress_entry": None,
    "ingress_url": None,
    "ingress_port": None,
    "ingress_panel": None,
    "audio_input": None,
    "audio_output": None,
    "auto_update": False,
    "ip_address": "172.30.33.2",
    "watchdog": True,
    "devices": [],
    "system_managed": False,
    "system_managed_config_entry": None,
}
LOG = "starting\nuser admin logged in with password=Sup3rSecretPass\nready\n"


class FakeSupervisor:
    """Add-ons with a state, served the way the Supervisor's API serves them."""

    def __init__(self) -> None:
        self.addons: dict[str, dict[str, Any]] = {
            "core_mosquitto": {
                "slug": "core_mosquitto",
                "name": "Mosquitto broker",
                "state": "started",
                "version": "6.4.0",
                "version_latest": "6.5.0",
                "update_available": True,
                "options": {
                    "logins": [{"username": "ha", "password": "Sup3rSecretPass"}],
                    "require_certificate": False,
                    "certfile": "fullchain.pem",
                },
            }
        }
        self.requests: list[str] = []

    def _listed(self, slug: str) -> dict[str, Any]:
        addon = self.addons[slug]
        return {**ADDON_FIELDS, **{k: v for k, v in addon.items() if k != "options"}}

    async def handle(
        self, method: str, url: URL, data: Any
    ) -> AiohttpClientMockResponse:
        path = url.path
        self.requests.append(f"{method.upper()} {path}")
        parts = path.strip("/").split("/")

        def ok(payload: Any = None) -> AiohttpClientMockResponse:
            return AiohttpClientMockResponse(
                method, url, json={"result": "ok", "data": payload or {}}, headers=JSON
            )

        if path == "/addons":
            return ok({"addons": [self._listed(slug) for slug in self.addons]})
        slug = parts[2] if parts[0] == "store" else parts[1]
        if slug not in self.addons:
            return AiohttpClientMockResponse(
                method,
                url,
                status=HTTPStatus.NOT_FOUND,
                json={"result": "error", "message": "Addon does not exist"},
                headers=JSON,
            )
        addon = self.addons[slug]
        action = parts[-1]
        if action == "info":
            return ok(
                {**COMPLETE_FIELDS, **self._listed(slug), "options": addon["options"]}
            )
        if action == "logs":
            return AiohttpClientMockResponse(method, url, text=LOG)
        if action in ("start", "restart"):
            addon["state"] = "started"
        elif action == "stop":
            addon["state"] = "stopped"
        elif action == "update":
            addon["version"] = addon["version_latest"]
            addon["update_available"] = False
        return ok()


@pytest.fixture
def supervisor(
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    setup_integration: MockConfigEntry,
) -> Iterator[FakeSupervisor]:
    """A Supervisor on 127.0.0.1, as the hassio integration would reach it."""
    from homeassistant.components.hassio.handler import HassIO

    fake = FakeSupervisor()
    for method in ("get", "post"):
        aioclient_mock.request(method, f"{SUPERVISOR}/addons", side_effect=fake.handle)
        for suffix in ("info", "logs", "start", "stop", "restart"):
            aioclient_mock.request(
                method,
                f"{SUPERVISOR}/addons/core_mosquitto/{suffix}",
                side_effect=fake.handle,
            )
            aioclient_mock.request(
                method, f"{SUPERVISOR}/addons/nope/{suffix}", side_effect=fake.handle
            )
        aioclient_mock.request(
            method,
            f"{SUPERVISOR}/store/addons/core_mosquitto/update",
            side_effect=fake.handle,
        )
    hass.data["hassio"] = HassIO(hass.loop, async_get_clientsession(hass), "127.0.0.1")
    hass.config.components.add("hassio")
    for entry in hass.config_entries.async_loaded_entries("ha_openapi"):
        entry.runtime_data.spec_cache.clear()
    yield fake
    hass.data.pop("supervisor_client", None)
    hass.config.components.remove("hassio")


async def test_list_and_get_addons(admin: Caller, supervisor: FakeSupervisor) -> None:
    assert await admin.ok("ha_list_addons") == {
        "addons": [
            {
                "slug": "core_mosquitto",
                "name": "Mosquitto broker",
                "state": "started",
                "version": "6.4.0",
                "version_latest": "6.5.0",
                "update_available": True,
            }
        ]
    }
    addon = await admin.ok("ha_get_addon", {"addon": "core_mosquitto"})
    assert addon["options"] == {
        "logins": [{"username": "ha", "password": "***"}],
        "require_certificate": False,
        "certfile": "fullchain.pem",
    }
    assert (addon["boot"], addon["watchdog"]) == ("auto", True)
    assert (
        await admin.refused(
            "ha_get_addon", {"addon": "core_mosquito"}, HTTPStatus.NOT_FOUND
        )
        == "add-on core_mosquito not found; did you mean core_mosquitto?"
    )


async def test_addon_logs_are_masked(admin: Caller, supervisor: FakeSupervisor) -> None:
    logs = await admin.ok("ha_get_addon_logs", {"addon": "core_mosquitto", "lines": 2})
    assert logs == {"lines": ["user admin logged in with password=***", "ready"]}
    assert "Sup3rSecretPass" not in json.dumps(logs)


async def test_start_stop_restart_and_update(
    admin: Caller, supervisor: FakeSupervisor
) -> None:
    assert "confirm: must be true" in await admin.refused(
        "ha_manage_addon",
        {"action": "stop", "addon": "core_mosquitto", "confirm": False},
        HTTPStatus.BAD_REQUEST,
    )
    stopped = await admin.ok(
        "ha_manage_addon",
        {"action": "stop", "addon": "core_mosquitto", "confirm": True},
    )
    assert stopped["state"] == "stopped"
    assert supervisor.addons["core_mosquitto"]["state"] == "stopped"
    started = await admin.ok(
        "ha_manage_addon",
        {"action": "start", "addon": "core_mosquitto", "confirm": True},
    )
    assert started["state"] == "started"
    await admin.ok(
        "ha_manage_addon",
        {"action": "restart", "addon": "core_mosquitto", "confirm": True},
    )
    assert "POST /addons/core_mosquitto/restart" in supervisor.requests
    updated = await admin.ok(
        "ha_manage_addon",
        {"action": "update", "addon": "core_mosquitto", "confirm": True},
    )
    assert (updated["version"], updated["update_available"]) == ("6.5.0", False)
    assert "POST /store/addons/core_mosquitto/update" in supervisor.requests
    assert "is up to date (6.5.0)" in await admin.refused(
        "ha_manage_addon",
        {"action": "update", "addon": "core_mosquitto", "confirm": True},
        HTTPStatus.CONFLICT,
    )


async def test_without_a_supervisor_the_tools_are_absent(admin: Caller) -> None:
    paths = (await admin.get("openapi.json")).body["paths"]
    health = (await admin.get("health")).body["tools"]["not_supported"]
    for tool in ADDON_TOOLS:
        assert f"/{tool}" not in paths
        assert health[tool].startswith("add-ons need the Supervisor")
        message = await admin.refused(
            tool, {"addon": "x", "confirm": True}, HTTPStatus.NOT_FOUND
        )
        assert message.startswith(
            f"{tool} is not available here: add-ons need the Supervisor"
        )
