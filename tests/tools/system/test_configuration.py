"""The config check, restart and reload tools against a real configuration folder."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

from homeassistant.core import HomeAssistant, ServiceCall
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ...conftest import Caller

VALID = "homeassistant:\n  name: Test home\ninput_boolean:\n  porch:\n"
BROKEN = "homeassistant:\n  unit_system: furlongs\n"


@pytest.fixture
async def folder(hass: HomeAssistant, tmp_path: Path) -> Path:
    """A config folder of its own."""
    (tmp_path / "configuration.yaml").write_text(VALID)
    hass.config.config_dir = str(tmp_path)
    return tmp_path


@pytest.fixture
async def restarts(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> list[ServiceCall]:
    """Calls of homeassistant.restart, which here restarts nothing."""
    calls: list[ServiceCall] = []

    async def record(call: ServiceCall) -> None:
        calls.append(call)

    hass.services.async_register("homeassistant", "restart", record)
    return calls


async def test_check_config_valid_and_broken(admin: Caller, folder: Path) -> None:
    assert await admin.ok("ha_check_config") == {
        "result": "valid",
        "errors": [],
        "warnings": [],
    }
    (folder / "configuration.yaml").write_text(BROKEN)
    checked = await admin.ok("ha_check_config")
    assert checked["result"] == "invalid"
    assert [error["domain"] for error in checked["errors"]] == ["homeassistant"]
    assert "unit_system" in checked["errors"][0]["message"]
    assert "furlongs" in checked["errors"][0]["message"]


async def test_restart_is_refused_on_a_broken_config(
    admin: Caller, folder: Path, restarts: list[ServiceCall]
) -> None:
    assert "confirm: must be true" in await admin.refused(
        "ha_restart", {"confirm": False}, HTTPStatus.BAD_REQUEST
    )
    (folder / "configuration.yaml").write_text(BROKEN)
    message = await admin.refused("ha_restart", {"confirm": True}, HTTPStatus.CONFLICT)
    assert message.startswith(
        "the configuration has 1 error, so Home Assistant was not restarted: "
        "homeassistant: "
    )
    assert "furlongs" in message
    assert restarts == []


async def test_restart_on_a_valid_config(
    hass_admin_user, admin: Caller, folder: Path, restarts: list[ServiceCall]
) -> None:
    assert await admin.ok("ha_restart", {"confirm": True}) == {
        "restarting": True,
        "warnings": [],
    }
    assert len(restarts) == 1
    assert restarts[0].context.user_id == hass_admin_user.id


async def test_reload_everything(
    hass: HomeAssistant, admin: Caller, folder: Path
) -> None:
    reloads: list[ServiceCall] = []

    async def record(call: ServiceCall) -> None:
        reloads.append(call)

    hass.services.async_register("spied", "reload", record)
    # reload_all also reloads the themes: a stand-in for the frontend, not loaded here.
    hass.services.async_register("frontend", "reload_themes", record)
    assert await admin.ok("ha_reload", {"target": "all"}) == {
        "reloaded": "all",
        "action": "homeassistant.reload_all",
        "completed": True,
    }
    assert sorted(f"{call.domain}.{call.service}" for call in reloads) == [
        "frontend.reload_themes",
        "spied.reload",
    ]
    # Home Assistant's own rule: nothing is reloaded on a broken config.
    (folder / "configuration.yaml").write_text(BROKEN)
    message = await admin.refused("ha_reload", {"target": "all"}, HTTPStatus.CONFLICT)
    assert message.startswith(
        "the configuration has 1 error, so nothing was reloaded (all): homeassistant: "
    )
    assert len(reloads) == 2


# The sun integration leaves a polling timer behind even when simply set up and
# unloaded (not something a reload here causes).
@pytest.mark.parametrize("expected_lingering_timers", [True])
async def test_reload_the_config_entries_of_an_integration(
    hass: HomeAssistant, admin: Caller, folder: Path
) -> None:
    entry = MockConfigEntry(domain="sun", title="Sun")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    removed: list[str] = []
    hass.bus.async_listen(
        "state_changed",
        lambda event: (
            removed.append(event.data["entity_id"])
            if event.data["new_state"] is None
            else None
        ),
    )
    result = await admin.ok("ha_reload", {"target": "sun"})
    assert result == {
        "reloaded": "sun",
        "action": "config entries",
        "completed": True,
        "config_entries": ["Sun"],
    }
    # Reloading took the entry's entities down and set them up again (the
    # listener is a job of its own: let it run first).
    await hass.async_block_till_done()
    assert removed == ["sun.sun"]
    assert hass.states.get("sun.sun") is not None
    assert "reloading ha_openapi itself would end this call" in await admin.refused(
        "ha_reload", {"target": "ha_openapi"}, HTTPStatus.BAD_REQUEST
    )
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


@pytest.mark.parametrize(
    ("action", "instead"),
    [
        (
            "homeassistant.restart",
            "use ha_restart, which checks the configuration first",
        ),
        ("homeassistant.stop", "stopping Home Assistant is not offered to agents"),
        ("hassio.addon_stop", "use ha_manage_addon"),
        ("hassio.host_reboot", "rebooting or shutting down the host"),
        ("hassio.backup_full", "use ha_create_backup"),
        ("hassio.restore_full", "restoring a backup is not offered"),
        ("backup.create_automatic", "use ha_create_backup"),
        ("recorder.purge_entities", "deleting recorded history"),
        ("Recorder.PURGE", "deleting recorded history"),
    ],
)
async def test_call_service_refuses_what_gated_tools_cover(
    admin: Caller, restarts: list[ServiceCall], action: str, instead: str
) -> None:
    domain, service = action.split(".")
    message = await admin.refused(
        "ha_call_service", {"domain": domain, "service": service}, HTTPStatus.FORBIDDEN
    )
    assert message.startswith(
        f"ha_call_service does not run {action.lower()}: {instead}"
    )
    assert restarts == []
