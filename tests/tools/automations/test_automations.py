"""Automations written to a real automations.yaml, checked through Home Assistant itself."""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from pathlib import Path
from typing import Any

from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.config import async_hass_config_yaml
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import CONF_EXPOSED_ONLY

from ...conftest import Caller

HAND_WRITTEN = """\
# Automations written by hand; keep this comment.
- id: hand_written
  alias: Porch at sunset  # an inline comment
  description: Lights the porch
  triggers: &at_dusk
    - trigger: event
      event_type: dusk
  actions:
    - action: input_boolean.turn_on
      target:
        entity_id: input_boolean.porch

# The second one uses the anchor, and a secret.
- id: secret_note
  alias: Secret note
  triggers: *at_dusk
  actions:
    - action: input_text.set_value
      target:
        entity_id: input_text.note
      data:
        value: !secret note_text
"""
NEW = {
    "alias": "Guest mode off at night",
    "description": "Switches guest mode off",
    "triggers": [
        {"trigger": "event", "event_type": "night", "event_data": {"at": "23:00:00"}}
    ],
    "actions": [
        {
            "action": "input_boolean.turn_off",
            "target": {"entity_id": "input_boolean.guest"},
        }
    ],
}


# Home Assistant's own automation editor cannot read a file with a !secret in it.
WITHOUT_SECRET = HAND_WRITTEN.replace("!secret note_text", "hello")


@pytest.fixture
async def config_folder(
    hass: HomeAssistant, tmp_path: Path, request: pytest.FixtureRequest
) -> Path:
    """A config folder of its own with automations.yaml as a person keeps it."""
    (tmp_path / "configuration.yaml").write_text(
        "automation: !include automations.yaml\n"
    )
    (tmp_path / "automations.yaml").write_text(getattr(request, "param", HAND_WRITTEN))
    (tmp_path / "secrets.yaml").write_text("note_text: hello\n")
    hass.config.config_dir = str(tmp_path)
    assert await async_setup_component(
        hass,
        "input_boolean",
        {"input_boolean": {"porch": {}, "guest": {"initial": True}}},
    )
    assert await async_setup_component(hass, "input_text", {"input_text": {"note": {}}})
    config = await async_hass_config_yaml(hass)
    assert await async_setup_component(hass, "automation", config)
    assert await async_setup_component(hass, "config", {})
    await hass.async_block_till_done()
    return tmp_path / "automations.yaml"


async def ok(caller: Caller, tool: str, **arguments: Any) -> Any:
    response = await caller.call(tool, arguments)
    assert response.status == HTTPStatus.OK, response.body
    return response.body["result"]


async def read(hass: HomeAssistant, path: Path) -> str:
    return await hass.async_add_executor_job(path.read_text)


async def test_create_update_and_delete_as_home_assistant_sees_them(
    hass: HomeAssistant, config_folder: Path, admin: Caller
) -> None:
    created = await ok(admin, "ha_manage_automation", action="create", config=NEW)
    automation_id = created["automation_id"]
    assert created["entity_id"] == "automation.guest_mode_off_at_night"
    assert hass.states.get("automation.guest_mode_off_at_night").state == "on"
    text = await read(hass, config_folder)
    # Everything that was there stays byte for byte; the new item follows.
    assert text.startswith(HAND_WRITTEN)

    current = await ok(admin, "ha_get_automation", automation_id=automation_id)
    assert current["config"] == {"id": automation_id, **NEW}
    updated = await ok(
        admin,
        "ha_manage_automation",
        action="update",
        automation_id=automation_id,
        config={"alias": "Guest mode off late"},
        expected_revision=current["revision"],
    )
    assert updated["changed"] is True
    stored = await ok(admin, "ha_get_automation", automation_id=automation_id)
    # A partial update keeps the keys it did not name.
    assert stored["config"] == {
        "id": automation_id,
        **NEW,
        "alias": "Guest mode off late",
    }
    assert (await read(hass, config_folder)).startswith(HAND_WRITTEN)

    stale = await admin.call(
        "ha_manage_automation",
        {
            "action": "update",
            "automation_id": automation_id,
            "config": {"alias": "Lost"},
            "expected_revision": current["revision"],
        },
    )
    assert stale.status == HTTPStatus.CONFLICT

    await ok(
        admin,
        "ha_manage_automation",
        action="delete",
        automation_id=automation_id,
        confirm=True,
    )
    assert await read(hass, config_folder) == HAND_WRITTEN
    assert hass.states.get(created["entity_id"]) is None
    assert er.async_get(hass).async_get(created["entity_id"]) is None


async def test_invalid_config_is_refused_naming_where(
    hass: HomeAssistant, config_folder: Path, admin: Caller
) -> None:
    async def refused(**config: Any) -> dict[str, Any]:
        response = await admin.call(
            "ha_manage_automation", {"action": "create", "config": {**NEW, **config}}
        )
        assert response.status == HTTPStatus.BAD_REQUEST, response.body
        return response.body["error"]

    error = await refused(triggers=[{"trigger": "state", "for": "soon"}])
    assert error["message"].startswith(
        "triggers[0].for: offset soon should be format 'HH:MM', 'HH:MM:SS' or "
        "'HH:MM:SS.F'"
    )
    assert error["field"] == "triggers[0].for"
    error = await refused(
        conditions=[
            {"condition": "time", "after": "07:00"},
            {"condition": "sun", "after": "noon"},
        ]
    )
    # Home Assistant's own path: the condition's options hold "after".
    assert error["message"].startswith("conditions[1].options.after: ")
    assert error["field"] == "conditions[1].options.after"
    # A validator that fails with Home Assistant's own error, not a schema's.
    error = await refused(
        triggers=[
            {
                "trigger": "device",
                "device_id": "no_such_device",
                "domain": "input_boolean",
                "type": "turned_on",
            }
        ]
    )
    assert error["field"] == "triggers[0]"
    assert error["message"] == (
        "triggers[0]: Integration 'input_boolean' does not support device "
        "automation triggers"
    )
    assert await read(hass, config_folder) == HAND_WRITTEN


ELSEWHERE = """\
automation: !include automations.yaml
automation manual:
  - id: in_configuration
    alias: Kept in configuration.yaml
    triggers: []
    actions: []
homeassistant:
  packages:
    porch: !include porch.yaml
"""
PACKAGE = """\
# A package of its own.
automation:
  - id: in_package
    alias: Kept in a package
    triggers: []
    actions: []
"""


async def test_automations_defined_elsewhere_are_listed_read_only(
    hass: HomeAssistant, config_folder: Path, admin: Caller
) -> None:
    folder = config_folder.parent
    (folder / "configuration.yaml").write_text(ELSEWHERE)
    (folder / "porch.yaml").write_text(PACKAGE)
    await ok(admin, "ha_reload", target="automation")
    listed = (await ok(admin, "ha_list_automations"))["automations"]
    assert [
        (item["automation_id"], item["defined_in"], item["editable"]) for item in listed
    ] == [
        ("in_package", "porch.yaml, line 3", False),
        ("in_configuration", "configuration.yaml, line 3", False),
        ("hand_written", "automations.yaml", True),
        ("secret_note", "automations.yaml", True),
    ]
    for automation_id, where in (
        ("in_configuration", "configuration.yaml, line 3"),
        ("in_package", "porch.yaml, line 3"),
    ):
        refused = await admin.call(
            "ha_manage_automation",
            {
                "action": "update",
                "automation_id": automation_id,
                "config": {"alias": "Moved"},
            },
        )
        assert refused.status == HTTPStatus.CONFLICT
        assert refused.body["error"]["message"] == (
            f"automation {automation_id} is defined in {where}, not in "
            "automations.yaml; edit it there"
        )
    assert (folder / "configuration.yaml").read_text() == ELSEWHERE


async def test_dry_run_writes_nothing_and_undo_is_byte_identical(
    hass: HomeAssistant, config_folder: Path, admin: Caller
) -> None:
    preview = await ok(
        admin,
        "ha_manage_automation",
        action="update",
        automation_id="secret_note",
        config={"alias": "Shown"},
        dry_run=True,
    )
    assert preview["diff"] == [{"op": "replace", "path": "/alias", "value": "Shown"}]
    assert await read(hass, config_folder) == HAND_WRITTEN

    changed = await ok(
        admin,
        "ha_manage_automation",
        action="update",
        automation_id="secret_note",
        config={"alias": "Shown"},
    )
    text = await read(hass, config_folder)
    assert text.startswith(HAND_WRITTEN.split("- id: secret_note", maxsplit=1)[0])
    # The secret stays a reference; its value never appears.
    assert "value: !secret note_text" in text
    assert "hello" not in text
    assert (
        hass.states.get("automation.secret_note").attributes["friendly_name"] == "Shown"
    )

    await ok(admin, "ha_undo_change", change_id=changed["change_id"])
    assert await read(hass, config_folder) == HAND_WRITTEN


async def test_an_item_whose_anchor_others_use_is_not_broken(
    hass: HomeAssistant, config_folder: Path, admin: Caller
) -> None:
    response = await admin.call(
        "ha_manage_automation",
        {
            "action": "update",
            "automation_id": "hand_written",
            "config": {"alias": "Porch"},
        },
    )
    assert response.status == HTTPStatus.CONFLICT
    assert "anchor" in response.body["error"]["message"]
    assert await read(hass, config_folder) == HAND_WRITTEN


async def test_trigger_and_enable(
    hass: HomeAssistant, config_folder: Path, admin: Caller
) -> None:
    result = await ok(admin, "ha_trigger_automation", automation_id="hand_written")
    await hass.async_block_till_done()
    assert result["entity_id"] == "automation.porch_at_sunset"
    assert hass.states.get("input_boolean.porch").state == "on"
    assert result["last_triggered"] is not None

    off = await ok(
        admin, "ha_set_automation_enabled", automation_id="hand_written", enabled=False
    )
    assert off == {"entity_id": "automation.porch_at_sunset", "enabled": False}
    assert hass.states.get("automation.porch_at_sunset").state == "off"

    listed = (await ok(admin, "ha_list_automations"))["automations"]
    assert [
        (item["automation_id"], item["state"], item["defined_in"]) for item in listed
    ] == [
        ("hand_written", "off", "automations.yaml"),
        ("secret_note", "on", "automations.yaml"),
    ]
    missing = await admin.call(
        "ha_trigger_automation", {"automation_id": "hand_writen"}
    )
    assert missing.status == HTTPStatus.NOT_FOUND
    assert missing.body["error"]["suggestions"] == ["hand_written"]


@pytest.mark.parametrize("config_folder", [WITHOUT_SECRET], indirect=True)
async def test_a_created_automation_is_editable_in_home_assistants_editor(
    hass: HomeAssistant, config_folder: Path, admin: Caller, hass_client: Any
) -> None:
    created = await ok(admin, "ha_manage_automation", action="create", config=NEW)
    client = await hass_client()
    url = f"/api/config/automation/config/{created['automation_id']}"
    response = await client.get(url)
    assert response.status == HTTPStatus.OK
    assert await response.json() == {"id": created["automation_id"], **NEW}
    # Home Assistant's editor saves it back (it rewrites the whole file).
    saved = await client.post(url, json={**NEW, "alias": "Edited in the UI"})
    assert saved.status == HTTPStatus.OK
    await hass.async_block_till_done()
    stored = await ok(
        admin, "ha_get_automation", automation_id=created["automation_id"]
    )
    assert stored["config"]["alias"] == "Edited in the UI"


async def test_traces_say_why_an_automation_did_not_run(
    hass: HomeAssistant, config_folder: Path, admin: Caller
) -> None:
    created = await ok(
        admin,
        "ha_manage_automation",
        action="create",
        config={
            **NEW,
            "alias": "Only for guests",
            "conditions": [
                {
                    "condition": "state",
                    "entity_id": "input_boolean.porch",
                    "state": "on",
                }
            ],
        },
    )
    automation_id = created["automation_id"]
    await ok(
        admin,
        "ha_trigger_automation",
        automation_id=automation_id,
        skip_condition=False,
    )
    await hass.async_block_till_done()
    assert hass.states.get("input_boolean.guest").state == "on"  # did not run

    runs = await ok(admin, "ha_list_traces", domain="automation", item_id=automation_id)
    assert [(run["item_id"], run["outcome"]) for run in runs["items"]] == [
        (automation_id, "failed_conditions")
    ]
    trace = await ok(
        admin,
        "ha_get_trace",
        domain="automation",
        item_id=automation_id,
        run_id=runs["items"][0]["run_id"],
    )
    conditions = [step for step in trace["steps"] if step["path"] == "condition/0"]
    assert conditions[0]["result"]["result"] is False
    missing = await admin.call(
        "ha_get_trace",
        {"domain": "automation", "item_id": automation_id, "run_id": "nope"},
    )
    assert missing.status == HTTPStatus.NOT_FOUND


async def test_reload_picks_up_a_hand_edit(
    hass: HomeAssistant, config_folder: Path, admin: Caller
) -> None:
    await hass.async_add_executor_job(
        config_folder.write_text,
        HAND_WRITTEN
        + "- id: by_hand\n  alias: Added by hand\n  triggers: []\n  actions: []\n",
    )
    assert hass.states.get("automation.added_by_hand") is None
    result = await ok(admin, "ha_reload", target="automation")
    assert result == {
        "reloaded": "automation",
        "action": "automation.reload",
        "completed": True,
    }
    assert hass.states.get("automation.added_by_hand") is not None
    assert (await ok(admin, "ha_reload", target="core"))["action"] == (
        "homeassistant.reload_core_config"
    )
    wrong = await admin.call("ha_reload", {"target": "automatoin"})
    assert wrong.status == HTTPStatus.BAD_REQUEST
    assert wrong.body["error"]["suggestions"][0] == "automation"


async def test_warnings_and_the_exposure_option(
    hass: HomeAssistant,
    config_folder: Path,
    admin: Caller,
    setup_integration: MockConfigEntry,
) -> None:
    warned = await ok(
        admin,
        "ha_manage_automation",
        action="create",
        config={
            **NEW,
            "actions": [
                {"action": "light.blink", "target": {"entity_id": "light.nowhere"}}
            ],
        },
        dry_run=True,
    )
    assert warned["warnings"] == [
        "actions[0].target.entity_id: entity light.nowhere does not exist",
        "action light.blink does not exist",
    ]
    near = await ok(
        admin,
        "ha_manage_automation",
        action="create",
        config={
            **NEW,
            "actions": [
                {"action": "input_boolean.turn_on", "entity_id": "input_boolean.porh"}
            ],
        },
        dry_run=True,
    )
    assert near["warnings"] == [
        "actions[0].entity_id: entity input_boolean.porh does not exist; "
        "did you mean input_boolean.porch?"
    ]

    for entity_id in ("input_boolean.porch", "input_boolean.guest"):
        async_expose_entity(
            hass, "conversation", entity_id, entity_id == "input_boolean.porch"
        )
    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_EXPOSED_ONLY: True}
    )
    await hass.async_block_till_done()
    refused = await admin.call(
        "ha_manage_automation", {"action": "create", "config": NEW}
    )
    assert refused.status == HTTPStatus.FORBIDDEN
    assert refused.body["error"]["message"] == (
        "the automation refers to entities agents may not use: input_boolean.guest"
    )
    assert await read(hass, config_folder) == HAND_WRITTEN


BLUEPRINT = """\
blueprint:
  name: Turn on at an event
  description: Turns a boolean on when an event fires.
  domain: automation
  input:
    event_type:
      name: Event type
    target_boolean:
      name: Boolean
      selector:
        entity:
          domain: input_boolean
    note:
      name: Note
      default: none
triggers:
  - trigger: event
    event_type: !input event_type
actions:
  - action: input_boolean.turn_on
    target:
      entity_id: !input target_boolean
"""


async def test_an_automation_from_a_blueprint_runs(
    hass: HomeAssistant, config_folder: Path, admin: Caller
) -> None:
    folder = config_folder.parent / "blueprints" / "automation" / "test"
    folder.mkdir(parents=True)
    (folder / "turn_on.yaml").write_text(BLUEPRINT)
    listed = await ok(admin, "ha_list_blueprints", domain="automation")
    ours = [row for row in listed["blueprints"] if row["path"] == "test/turn_on.yaml"]
    assert ours == [
        {
            "domain": "automation",
            "path": "test/turn_on.yaml",
            "name": "Turn on at an event",
            "description": "Turns a boolean on when an event fires.",
            "source_url": None,
            "inputs": {
                "event_type": {
                    "name": "Event type",
                    "description": None,
                    "required": True,
                    "default": None,
                    "selector": None,
                },
                "target_boolean": {
                    "name": "Boolean",
                    "description": None,
                    "required": True,
                    "default": None,
                    # As Home Assistant normalises it.
                    "selector": {
                        "entity": {
                            "domain": ["input_boolean"],
                            "multiple": False,
                            "reorder": False,
                        }
                    },
                },
                "note": {
                    "name": "Note",
                    "description": None,
                    "required": False,
                    "default": "none",
                    "selector": None,
                },
            },
            "used_by": [],
        }
    ]
    use = {"path": "test/turn_on.yaml", "input": {"event_type": "guest_arrived"}}
    missing = await admin.call(
        "ha_manage_automation",
        {
            "action": "create",
            "config": {"alias": "From a blueprint", "use_blueprint": use},
        },
    )
    assert missing.status == HTTPStatus.BAD_REQUEST
    assert "target_boolean" in missing.body["error"]["message"]
    unknown = await admin.call(
        "ha_manage_automation",
        {
            "action": "create",
            "config": {
                "alias": "From a blueprint",
                "use_blueprint": {
                    **use,
                    "input": {**use["input"], "target": "input_boolean.porch"},
                },
            },
        },
    )
    assert unknown.status == HTTPStatus.BAD_REQUEST
    assert unknown.body["error"]["message"] == (
        "use_blueprint.input.target: blueprint Turn on at an event has no input "
        "target; its inputs: event_type, note, target_boolean"
    )
    assert unknown.body["error"]["field"] == "use_blueprint.input.target"
    assert await read(hass, config_folder) == HAND_WRITTEN

    created = await ok(
        admin,
        "ha_manage_automation",
        action="create",
        config={
            "alias": "From a blueprint",
            "use_blueprint": {
                **use,
                "input": {**use["input"], "target_boolean": "input_boolean.porch"},
            },
        },
    )
    assert hass.states.get("input_boolean.porch").state == "off"
    hass.bus.async_fire("guest_arrived")
    await hass.async_block_till_done()
    assert hass.states.get("input_boolean.porch").state == "on"
    used = await ok(admin, "ha_list_blueprints", domain="automation")
    assert [
        row["used_by"]
        for row in used["blueprints"]
        if row["path"] == "test/turn_on.yaml"
    ] == [[created["entity_id"]]]


async def test_a_hundred_parallel_edits_lose_nothing_and_keep_the_file_valid(
    hass: HomeAssistant, config_folder: Path, admin: Caller
) -> None:
    """100 edits of one automation with one revision: one wins, 99 get 409."""
    created = await ok(admin, "ha_manage_automation", action="create", config=NEW)
    key = created["automation_id"]
    current = await ok(admin, "ha_get_automation", automation_id=key)
    responses = await asyncio.gather(
        *(
            admin.call(
                "ha_manage_automation",
                {
                    "action": "update",
                    "automation_id": key,
                    "config": {"description": f"edit {number}"},
                    "expected_revision": current["revision"],
                },
            )
            for number in range(100)
        )
    )
    statuses = sorted(response.status for response in responses)
    assert statuses == [HTTPStatus.OK] + [HTTPStatus.CONFLICT] * 99
    (winner,) = [
        number
        for number, response in enumerate(responses)
        if response.status == HTTPStatus.OK
    ]
    # The file is valid YAML that Home Assistant loads, with the winning edit.
    config = await async_hass_config_yaml(hass)
    stored = {item["id"]: item for item in config["automation"]}
    assert stored[key]["description"] == f"edit {winner}"
    assert stored[key]["actions"] == NEW["actions"]
    assert stored["secret_note"]["alias"] == "Secret note"
    text = await read(hass, config_folder)
    assert text.startswith("# Automations written by hand; keep this comment.\n")


# Twice: each test has an event loop of its own, and the file's writes, made to
# take turns in the first, must take turns in the second as well (a lock made
# once, at import, would belong to the first loop only).
@pytest.mark.parametrize("run", [1, 2])
async def test_parallel_creates_all_land(
    hass: HomeAssistant, config_folder: Path, admin: Caller, run: int
) -> None:
    responses = await asyncio.gather(
        *(
            admin.call(
                "ha_manage_automation",
                {"action": "create", "config": {**NEW, "alias": f"Parallel {number}"}},
            )
            for number in range(20)
        )
    )
    assert [response.status for response in responses] == [HTTPStatus.OK] * 20
    config = await async_hass_config_yaml(hass)
    aliases = {item["alias"] for item in config["automation"]}
    assert aliases == {"Porch at sunset", "Secret note"} | {
        f"Parallel {number}" for number in range(20)
    }
    await hass.async_block_till_done()
    assert len(hass.states.async_entity_ids("automation")) == 22
