"""The log tools: real system_log entries and a real log file, with planted secrets masked."""

from __future__ import annotations

from http import HTTPStatus
import json
import logging
from pathlib import Path

from homeassistant.const import KEY_DATA_LOGGING
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ...conftest import Caller

PLANTED_SECRET = "Planted-S3cret-Value"
PASSWORD = "hunter2hunter2"
BEARER = "abcdefghij.klmnop"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl"
NEVER_SHOWN = (PLANTED_SECRET, PASSWORD, BEARER, JWT, "apikey-value-9")
LEAKY = (
    f"login to router with {PLANTED_SECRET} failed; password={PASSWORD} "
    f"Authorization: Bearer {BEARER} token {JWT} api_key: 'apikey-value-9'"
)
LOG_FILE = f"""\
2026-11-28 10:00:00.000 INFO (MainThread) [homeassistant.core] Starting
2026-11-28 10:00:01.000 WARNING (MainThread) [homeassistant.components.mqtt] Slow broker
2026-11-28 10:00:02.000 ERROR (MainThread) [custom_components.router] {LEAKY}
Traceback (most recent call last):
  File "router.py", line 1, in login
ValueError: bad password {PASSWORD}
2026-11-28 10:00:03.000 DEBUG (MainThread) [homeassistant.components.mqtt] Ping
"""


@pytest.fixture
async def folder(
    hass: HomeAssistant, tmp_path: Path, setup_integration: MockConfigEntry
) -> Path:
    """A config folder whose secrets.yaml holds the planted secret, and the system log."""
    (tmp_path / "secrets.yaml").write_text(f"router: {PLANTED_SECRET}\nport: 80\n")
    hass.config.config_dir = str(tmp_path)
    assert await async_setup_component(hass, "system_log", {})
    return tmp_path


def shows_no_secret(body: object) -> None:
    text = json.dumps(body)
    for secret in NEVER_SHOWN:
        assert secret not in text


async def test_system_log_entries_are_masked_and_filtered(
    hass: HomeAssistant, admin: Caller, folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    logging.getLogger("custom_components.router").error(LEAKY)
    for _ in range(2):  # one place logging twice: one entry, counted
        logging.getLogger("homeassistant.components.mqtt").warning("Slow broker")
    await hass.async_block_till_done()
    result = await admin.ok("ha_get_system_log", {"include_traceback": True})
    shows_no_secret(result)
    entries = {entry["logger"]: entry for entry in result["entries"]}
    mqtt = entries["homeassistant.components.mqtt"]
    router = entries["custom_components.router"]
    assert {
        key: mqtt[key] for key in ("level", "logger", "integration", "message", "count")
    } == {
        "level": "warning",
        "logger": "homeassistant.components.mqtt",
        "integration": "mqtt",
        "message": "Slow broker",
        "count": 2,
    }
    assert router["message"] == (
        "login to router with *** failed; password=*** Authorization: Bearer *** "
        "token *** api_key: ***"
    )
    assert router["integration"] == "router"
    errors = await admin.ok("ha_get_system_log", {"level": "error"})
    assert [entry["logger"] for entry in errors["entries"]] == [
        "custom_components.router"
    ]
    by_text = await admin.ok("ha_get_system_log", {"text": "SLOW"})
    assert [entry["logger"] for entry in by_text["entries"]] == [
        "homeassistant.components.mqtt"
    ]
    limited = await admin.ok("ha_get_system_log", {"limit": 1})
    assert (len(limited["entries"]), limited["more"]) == (1, len(entries) - 1)
    caplog.clear()


async def test_error_log_tail_is_masked_and_filtered(
    hass: HomeAssistant, admin: Caller, folder: Path
) -> None:
    assert "not writing a log file" in await admin.refused(
        "ha_get_error_log", {}, HTTPStatus.SERVICE_UNAVAILABLE
    )
    log = folder / "home-assistant.log"
    log.write_text(LOG_FILE)
    hass.data[KEY_DATA_LOGGING] = str(log)
    everything = await admin.ok("ha_get_error_log", {})
    shows_no_secret(everything)
    assert everything["log_file"] == "home-assistant.log"
    assert len(everything["records"]) == 4
    assert everything["records"][2].endswith("ValueError: bad password ***")
    warnings = await admin.ok("ha_get_error_log", {"level": "warning"})
    assert [record[24:31] for record in warnings["records"]] == ["WARNING", "ERROR ("]
    mqtt = await admin.ok("ha_get_error_log", {"integration": "mqtt", "lines": 1})
    assert mqtt["records"] == [
        "2026-11-28 10:00:03.000 DEBUG (MainThread) [homeassistant.components.mqtt] Ping"
    ]
    by_text = await admin.ok("ha_get_error_log", {"text": "traceback"})
    assert len(by_text["records"]) == 1
    assert by_text["records"][0].count("\n") == 3
