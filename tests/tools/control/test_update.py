"""ha_install_update against real UpdateEntity objects."""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any

from homeassistant.components.update import UpdateEntity, UpdateEntityFeature
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockPlatform, mock_platform

from custom_components.ha_openapi.tools import shared

from ...conftest import Caller


class Firmware(UpdateEntity):
    """An update that installs what it is asked for, and records how it was asked."""

    def __init__(
        self,
        name: str,
        installed: str,
        latest: str,
        features: UpdateEntityFeature,
        *,
        release: asyncio.Event | None = None,
    ) -> None:
        self._attr_name = name
        self._attr_installed_version = installed
        self._attr_latest_version = latest
        self._attr_supported_features = features
        self.release = release
        self.installs: list[tuple[str | None, bool]] = []

    async def async_install(
        self, version: str | None, backup: bool, **kwargs: Any
    ) -> None:
        self.installs.append((version, backup))
        if self.release is not None:
            # A long install: progress shows while it waits.
            self._attr_in_progress = True
            self._attr_update_percentage = 40
            self.async_write_ha_state()
            await self.release.wait()
        self._attr_installed_version = version or self.latest_version


INSTALL = UpdateEntityFeature.INSTALL


@pytest.fixture
async def firmware(hass: HomeAssistant) -> dict[str, Firmware]:
    """Updates of several kinds, loaded through the update integration."""
    entities = {
        "update.speaker": Firmware(
            "Speaker",
            "1.0.0",
            "1.1.0",
            INSTALL | UpdateEntityFeature.SPECIFIC_VERSION | UpdateEntityFeature.BACKUP,
        ),
        "update.bridge": Firmware("Bridge", "2.0", "2.0", INSTALL),
        "update.plug": Firmware("Plug", "3.0", "3.1", INSTALL),
        "update.sensor": Firmware("Sensor", "0.9", "1.0", UpdateEntityFeature(0)),
        "update.slow": Firmware(
            "Slow",
            "1.0",
            "2.0",
            INSTALL | UpdateEntityFeature.PROGRESS,
            release=asyncio.Event(),
        ),
    }

    async def setup_platform(
        hass: HomeAssistant, config: Any, add_entities: Any, info: Any = None
    ) -> None:
        add_entities(list(entities.values()))

    mock_platform(
        hass, "test.update", MockPlatform(async_setup_platform=setup_platform)
    )
    assert await async_setup_component(hass, "update", {"update": {"platform": "test"}})
    await hass.async_block_till_done()
    return entities


async def install(caller: Caller, **arguments: Any) -> Any:
    return await caller.call("ha_install_update", arguments)


async def test_installs_the_latest_version(
    hass: HomeAssistant, firmware: dict[str, Firmware], admin: Caller
) -> None:
    response = await install(admin, entity_id="update.speaker")
    assert response.status == HTTPStatus.OK, response.body
    result = response.body["result"]
    assert result["outcome"] == "done"
    assert result["steps"] == [
        {"action": "update.install", "requested": "install", "outcome": "done"}
    ]
    assert firmware["update.speaker"].installs == [(None, False)]
    state = hass.states.get("update.speaker")
    assert (state.state, state.attributes["installed_version"]) == ("off", "1.1.0")


async def test_installs_a_chosen_version_after_a_backup(
    hass: HomeAssistant, firmware: dict[str, Firmware], admin: Caller
) -> None:
    response = await install(
        admin, entity_id="update.speaker", version="1.0.5", backup=True
    )
    assert response.status == HTTPStatus.OK, response.body
    assert response.body["result"]["steps"][0]["requested"] == (
        "install (version 1.0.5, backup true)"
    )
    assert firmware["update.speaker"].installs == [("1.0.5", True)]
    assert hass.states.get("update.speaker").attributes["installed_version"] == "1.0.5"


async def test_refuses_what_the_update_cannot_do(
    firmware: dict[str, Firmware], admin: Caller
) -> None:
    cases = {
        ("update.plug", "backup"): "backup: update.plug cannot make a backup first",
        ("update.plug", "version"): (
            "version: update.plug cannot install a chosen version, only the latest"
        ),
    }
    for (entity_id, argument), message in cases.items():
        value: Any = True if argument == "backup" else "3.0.5"
        response = await install(admin, entity_id=entity_id, **{argument: value})
        assert response.status == HTTPStatus.BAD_REQUEST
        assert response.body["error"]["message"] == message
    sensor = await install(admin, entity_id="update.sensor")
    assert sensor.status == HTTPStatus.BAD_REQUEST
    assert sensor.body["error"]["message"] == (
        "entity_id: update.sensor cannot be installed from Home Assistant"
    )
    assert firmware["update.plug"].installs == []
    assert firmware["update.sensor"].installs == []


async def test_nothing_to_install_is_a_conflict(
    firmware: dict[str, Firmware], admin: Caller
) -> None:
    response = await install(admin, entity_id="update.bridge")
    assert response.status == HTTPStatus.CONFLICT
    assert response.body["error"] == {
        "code": "conflict",
        "message": "nothing to install: update.bridge is up to date (at version 2.0)",
    }
    assert firmware["update.bridge"].installs == []


async def test_a_long_install_reports_its_progress(
    hass: HomeAssistant,
    firmware: dict[str, Firmware],
    admin: Caller,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shared, "SERVICE_CALL_TIMEOUT", 0.1)
    response = await install(admin, entity_id="update.slow")
    assert response.status == HTTPStatus.OK, response.body
    result = response.body["result"]
    assert result["outcome"] == "still_running"
    assert "(update.slow is at version 1.0, installing (40% done))" in result["message"]
    assert result["state"]["attributes"]["in_progress"] is True
    assert result["state"]["attributes"]["update_percentage"] == 40

    again = await install(admin, entity_id="update.slow")
    assert again.status == HTTPStatus.CONFLICT
    assert again.body["error"]["message"] == (
        "update.slow is already installing (at version 1.0, installing (40% done)); "
        "wait for it to finish"
    )
    assert firmware["update.slow"].installs == [(None, False)]

    firmware["update.slow"].release.set()
    await hass.async_block_till_done()
    state = hass.states.get("update.slow")
    assert state.attributes["installed_version"] == "2.0"
    assert state.attributes["in_progress"] is False


async def test_only_administrators_install(
    hass: HomeAssistant,
    firmware: dict[str, Firmware],
    non_admin: Caller,
    limited: Caller,
) -> None:
    for caller in (non_admin, limited):
        response = await install(caller, entity_id="update.speaker")
        assert response.status == HTTPStatus.FORBIDDEN
        assert response.body["error"]["message"] == (
            "ha_install_update is only available to Home Assistant administrators"
        )
    assert firmware["update.speaker"].installs == []
    assert hass.states.get("update.speaker").attributes["installed_version"] == "1.0.0"
