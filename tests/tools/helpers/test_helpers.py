"""Helpers written through Home Assistant's live collections, checked through HA itself."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
import pytest

from ...conftest import Caller

KINDS = (
    "counter",
    "input_boolean",
    "input_button",
    "input_datetime",
    "input_number",
    "input_select",
    "input_text",
    "schedule",
    "timer",
)


@pytest.fixture
async def helpers(hass: HomeAssistant) -> None:
    """Every helper kind loaded; one input_boolean made in YAML.

    The websocket API is set up here, before a test client freezes the router.
    """
    assert await async_setup_component(hass, "websocket_api", {})
    for domain in KINDS:
        config: dict[str, Any] = {domain: {}}
        if domain == "input_boolean":
            config = {domain: {"from_yaml": {"name": "From YAML"}}}
        assert await async_setup_component(hass, domain, config)
    await hass.async_block_till_done()


async def ok(caller: Caller, tool: str, **arguments: Any) -> Any:
    response = await caller.call(tool, arguments)
    assert response.status == HTTPStatus.OK, response.body
    return response.body["result"]


async def ws_list(hass_ws_client: Any, domain: str) -> list[dict[str, Any]]:
    client = await hass_ws_client()
    await client.send_json_auto_id({"type": f"{domain}/list"})
    response = await client.receive_json()
    assert response["success"], response
    items: list[dict[str, Any]] = response["result"]
    return items


async def test_a_created_helper_works_at_once_and_matches_home_assistants_list(
    hass: HomeAssistant, helpers: None, admin: Caller, hass_ws_client: Any
) -> None:
    created = await ok(
        admin,
        "ha_manage_helper",
        action="create",
        domain="input_number",
        config={"name": "Target level", "min": 0, "max": 50, "step": 5},
    )
    assert created["entity_id"] == "input_number.target_level"
    assert created["helper_id"] == "target_level"
    await hass.services.async_call(
        "input_number",
        "set_value",
        {"entity_id": "input_number.target_level", "value": 35},
        blocking=True,
    )
    assert hass.states.get("input_number.target_level").state == "35.0"
    assert await ws_list(hass_ws_client, "input_number") == [
        {
            "id": "target_level",
            "name": "Target level",
            "min": 0.0,
            "max": 50.0,
            "step": 5.0,
            "mode": "slider",
        }
    ]

    listed = (await ok(admin, "ha_list_helpers", domain="input_number"))["helpers"]
    assert [
        (row["entity_id"], row["editable"], row["config"]["max"]) for row in listed
    ] == [("input_number.target_level", True, 50.0)]
    updated = await ok(
        admin,
        "ha_manage_helper",
        action="update",
        entity_id="input_number.target_level",
        config={"max": 80},
        expected_revision=listed[0]["revision"],
    )
    assert updated["changed"] is True
    assert hass.states.get("input_number.target_level").attributes["max"] == 80.0
    assert (await ws_list(hass_ws_client, "input_number"))[0]["name"] == "Target level"

    stale = await admin.call(
        "ha_manage_helper",
        {
            "action": "update",
            "entity_id": "input_number.target_level",
            "config": {"max": 90},
            "expected_revision": listed[0]["revision"],
        },
    )
    assert stale.status == HTTPStatus.CONFLICT
    await ok(admin, "ha_undo_change", change_id=updated["change_id"])
    assert hass.states.get("input_number.target_level").attributes["max"] == 50.0


@pytest.mark.parametrize(
    ("domain", "config", "entity_id", "state"),
    [
        ("input_boolean", {"name": "Guest mode"}, "input_boolean.guest_mode", "off"),
        ("input_button", {"name": "Doorbell"}, "input_button.doorbell", "unknown"),
        (
            "input_select",
            {"name": "Mode", "options": ["home", "away"]},
            "input_select.mode",
            "home",
        ),
        ("input_text", {"name": "Note"}, "input_text.note", "unknown"),
        (
            "input_datetime",
            {"name": "Alarm", "has_date": False, "has_time": True},
            "input_datetime.alarm",
            "unknown",
        ),
        ("counter", {"name": "Visits", "initial": 3}, "counter.visits", "3"),
        ("timer", {"name": "Tea", "duration": "00:04:00"}, "timer.tea", "idle"),
        ("schedule", {"name": "School days"}, "schedule.school_days", "off"),
    ],
)
async def test_every_kind_is_created_and_deleted(
    hass: HomeAssistant,
    helpers: None,
    admin: Caller,
    domain: str,
    config: dict[str, Any],
    entity_id: str,
    state: str,
) -> None:
    created = await ok(
        admin, "ha_manage_helper", action="create", domain=domain, config=config
    )
    assert created["entity_id"] == entity_id
    current = hass.states.get(entity_id)
    assert current is not None
    if state != "unknown":
        assert current.state == state
    deleted = await ok(
        admin, "ha_manage_helper", action="delete", entity_id=entity_id, confirm=True
    )
    assert deleted["changed"] is True
    assert hass.states.get(entity_id) is None
    assert er.async_get(hass).async_get(entity_id) is None
    restored = await ok(admin, "ha_undo_change", change_id=deleted["change_id"])
    assert restored["undone"] == deleted["change_id"]
    assert hass.states.get(entity_id) is not None


async def test_bad_settings_yaml_helpers_and_dry_run(
    hass: HomeAssistant, helpers: None, admin: Caller, hass_ws_client: Any
) -> None:
    bad = await admin.call(
        "ha_manage_helper",
        {
            "action": "create",
            "domain": "input_number",
            "config": {"name": "Level", "min": 10, "max": 5},
        },
    )
    assert bad.status == HTTPStatus.BAD_REQUEST
    assert bad.body["error"]["message"] == (
        # Home Assistant's own words (it swaps the two numbers).
        "config: Maximum (10.0) is not greater than minimum (5.0)"
    )
    missing_name = await admin.call(
        "ha_manage_helper",
        {"action": "create", "domain": "input_boolean", "config": {"icon": "mdi:x"}},
    )
    assert missing_name.status == HTTPStatus.BAD_REQUEST
    assert missing_name.body["error"]["message"].startswith("config.name: required")

    preview = await ok(
        admin,
        "ha_manage_helper",
        action="create",
        domain="input_boolean",
        config={"name": "Preview"},
        dry_run=True,
    )
    assert preview["content"] == {"name": "Preview"}
    assert hass.states.get("input_boolean.preview") is None
    assert await ws_list(hass_ws_client, "input_boolean") == []

    yaml_made = await admin.call(
        "ha_manage_helper",
        {
            "action": "update",
            "entity_id": "input_boolean.from_yaml",
            "config": {"name": "Renamed"},
        },
    )
    assert yaml_made.status == HTTPStatus.CONFLICT
    listed = (await ok(admin, "ha_list_helpers", domain="input_boolean"))["helpers"]
    assert [(row["entity_id"], row["editable"]) for row in listed] == [
        ("input_boolean.from_yaml", False)
    ]
    not_helper = await admin.call(
        "ha_manage_helper",
        {"action": "delete", "entity_id": "light.kitchen", "confirm": True},
    )
    assert not_helper.status == HTTPStatus.BAD_REQUEST
    typo = await admin.call(
        "ha_manage_helper",
        {"action": "delete", "entity_id": "input_boolean.from_yml", "confirm": True},
    )
    assert typo.status == HTTPStatus.NOT_FOUND
    assert typo.body["error"]["suggestions"] == ["input_boolean.from_yaml"]


async def test_a_kind_that_is_not_set_up_is_refused(admin: Caller) -> None:
    refused = await admin.call(
        "ha_manage_helper",
        {"action": "create", "domain": "counter", "config": {"name": "Visits"}},
    )
    assert refused.status == HTTPStatus.CONFLICT
    assert refused.body["error"]["message"] == (
        "counter is not set up in this Home Assistant (add counter: or "
        "default_config: to configuration.yaml); helpers of that kind cannot be made"
    )
    assert (await admin.call("ha_list_helpers", {})).body["result"] == {"helpers": []}
