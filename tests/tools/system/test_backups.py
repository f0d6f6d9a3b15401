"""Backups through Home Assistant's own backup integration, written to a folder of the test's own."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

from homeassistant.components.backup import async_get_manager
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ...conftest import Caller


@pytest.fixture
async def backups(
    hass: HomeAssistant, tmp_path: Path, setup_integration: MockConfigEntry
) -> Path:
    """The backup integration, backing up a small config folder of the test's own."""
    hass.config.config_dir = str(tmp_path)
    (tmp_path / "configuration.yaml").write_text("homeassistant:\n")
    assert await async_setup_component(hass, "backup", {})
    await hass.async_block_till_done()
    return tmp_path / "backups"


async def test_create_and_list_backups(
    hass: HomeAssistant, backups: Path, admin: Caller
) -> None:
    assert await admin.ok("ha_list_backups") == {
        "backups": [],
        "unreachable_locations": {},
    }
    assert "confirm: must be true" in await admin.refused(
        "ha_create_backup", {"confirm": False}, HTTPStatus.BAD_REQUEST
    )
    created = await admin.ok(
        "ha_create_backup",
        {"confirm": True, "name": "Before the upgrade", "include_database": False},
    )
    # What Home Assistant's own manager says about it, and the file it wrote.
    backup, _ = await async_get_manager(hass).async_get_backup(created["backup_id"])
    assert backup is not None
    assert created["name"] == "Before the upgrade"
    assert created["locations"] == sorted(backup.agents)
    assert created["size"] == max(status.size for status in backup.agents.values())
    assert created["size"] > 0
    assert created["database_included"] is False
    assert [path.stat().st_size for path in backups.glob("*.tar")] == [created["size"]]
    listed = await admin.ok("ha_list_backups")
    assert [item["backup_id"] for item in listed["backups"]] == [created["backup_id"]]
    assert listed["backups"][0] == created
