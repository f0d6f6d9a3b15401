"""Scripts written to a real scripts.yaml, checked through Home Assistant itself."""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from pathlib import Path
from typing import Any

from homeassistant.config import async_hass_config_yaml
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
import pytest

from custom_components.ha_openapi.framework.config_files import ConfigFile
from custom_components.ha_openapi.framework.yaml_items import YamlItem

from ...conftest import Caller

HAND_WRITTEN = """\
# Scripts written by hand; keep this comment.
porch_on:
  alias: Porch on  # an inline comment
  sequence:
    - action: input_boolean.turn_on
      target:
        entity_id: input_boolean.porch

# A second one, with a field.
note:
  alias: Leave a note
  fields:
    text:
      description: What to write
  sequence:
    - action: input_text.set_value
      target:
        entity_id: input_text.note
      data:
        value: "{{ text }}"
"""
NEW = {
    "alias": "Guest mode off",
    "description": "Switches guest mode off",
    "sequence": [
        {
            "action": "input_boolean.turn_off",
            "target": {"entity_id": "input_boolean.guest"},
        }
    ],
}


@pytest.fixture
async def scripts_file(hass: HomeAssistant, tmp_path: Path) -> Path:
    """A config folder of its own with scripts.yaml as a person keeps it."""
    (tmp_path / "configuration.yaml").write_text("script: !include scripts.yaml\n")
    (tmp_path / "scripts.yaml").write_text(HAND_WRITTEN)
    hass.config.config_dir = str(tmp_path)
    assert await async_setup_component(
        hass,
        "input_boolean",
        {"input_boolean": {"porch": {}, "guest": {"initial": True}}},
    )
    assert await async_setup_component(hass, "input_text", {"input_text": {"note": {}}})
    config = await async_hass_config_yaml(hass)
    assert await async_setup_component(hass, "script", config)
    assert await async_setup_component(hass, "config", {})
    await hass.async_block_till_done()
    return tmp_path / "scripts.yaml"


async def ok(caller: Caller, tool: str, **arguments: Any) -> Any:
    response = await caller.call(tool, arguments)
    assert response.status == HTTPStatus.OK, response.body
    return response.body["result"]


async def read(hass: HomeAssistant, path: Path) -> str:
    return await hass.async_add_executor_job(path.read_text)


async def test_a_created_script_runs_and_is_editable_in_home_assistant(
    hass: HomeAssistant, scripts_file: Path, admin: Caller, hass_client: Any
) -> None:
    created = await ok(admin, "ha_manage_script", action="create", config=NEW)
    assert created["script_id"] == "guest_mode_off"
    assert created["entity_id"] == "script.guest_mode_off"
    text = await read(hass, scripts_file)
    assert text == HAND_WRITTEN + (
        "guest_mode_off:\n"
        "  alias: Guest mode off\n"
        "  description: Switches guest mode off\n"
        "  sequence:\n"
        "  - action: input_boolean.turn_off\n"
        "    target:\n"
        "      entity_id: input_boolean.guest\n"
    )
    client = await hass_client()
    response = await client.get("/api/config/script/config/guest_mode_off")
    assert response.status == HTTPStatus.OK
    assert await response.json() == NEW

    await hass.services.async_call("script", "guest_mode_off", {}, blocking=True)
    assert hass.states.get("input_boolean.guest").state == "off"

    again = await admin.call(
        "ha_manage_script",
        {"action": "create", "config": NEW, "script_id": "guest_mode_off"},
    )
    assert again.status == HTTPStatus.CONFLICT
    second = await ok(admin, "ha_manage_script", action="create", config=NEW)
    assert second["script_id"] == "guest_mode_off_2"
    chosen = await ok(
        admin, "ha_manage_script", action="create", config=NEW, script_id="evening"
    )
    assert chosen["entity_id"] == "script.evening"


async def test_a_partial_update_keeps_the_sequence_and_every_other_byte(
    hass: HomeAssistant, scripts_file: Path, admin: Caller
) -> None:
    current = await ok(admin, "ha_get_script", script_id="porch_on")
    assert current["config"] == {
        "alias": "Porch on",
        "sequence": [
            {
                "action": "input_boolean.turn_on",
                "target": {"entity_id": "input_boolean.porch"},
            }
        ],
    }
    changed = await ok(
        admin,
        "ha_manage_script",
        action="update",
        script_id="porch_on",
        config={"alias": "Porch light on"},
        expected_revision=current["revision"],
    )
    assert changed["changed"] is True
    text = await read(hass, scripts_file)
    # The edited item is written as Home Assistant writes it; the rest stays.
    assert text == (
        "# Scripts written by hand; keep this comment.\n"
        "porch_on:\n"
        "  alias: Porch light on\n"
        "  sequence:\n"
        "  - action: input_boolean.turn_on\n"
        "    target:\n"
        "      entity_id: input_boolean.porch\n"
        + HAND_WRITTEN[HAND_WRITTEN.index("\n# A second one") :]
    )
    assert hass.states.get("script.porch_on").attributes["friendly_name"] == (
        "Porch light on"
    )
    await hass.services.async_call("script", "porch_on", {}, blocking=True)
    assert hass.states.get("input_boolean.porch").state == "on"

    stale = await admin.call(
        "ha_manage_script",
        {
            "action": "update",
            "script_id": "porch_on",
            "config": {"alias": "Lost"},
            "expected_revision": current["revision"],
        },
    )
    assert stale.status == HTTPStatus.CONFLICT
    await ok(admin, "ha_undo_change", change_id=changed["change_id"])
    assert await read(hass, scripts_file) == HAND_WRITTEN


async def test_dry_run_invalid_config_and_delete(
    hass: HomeAssistant, scripts_file: Path, admin: Caller
) -> None:
    preview = await ok(
        admin,
        "ha_manage_script",
        action="update",
        script_id="note",
        config={"sequence": []},
        dry_run=True,
    )
    assert preview["diff"] == [{"op": "replace", "path": "/sequence", "value": []}]
    assert await read(hass, scripts_file) == HAND_WRITTEN

    invalid = await admin.call(
        "ha_manage_script",
        {
            "action": "update",
            "script_id": "note",
            "config": {
                "sequence": [
                    {"action": "input_boolean.turn_on"},
                    {"condition": "sun", "after": "noon"},
                ]
            },
        },
    )
    assert invalid.status == HTTPStatus.BAD_REQUEST
    assert invalid.body["error"]["message"].startswith("sequence[1].options.after: ")
    replaced = await admin.call(
        "ha_manage_script",
        {
            "action": "update",
            "script_id": "note",
            "config": {"alias": "No steps"},
            "mode": "replace",
        },
    )
    assert replaced.status == HTTPStatus.BAD_REQUEST
    assert replaced.body["error"]["message"].startswith("sequence: required")
    assert await read(hass, scripts_file) == HAND_WRITTEN

    missing = await admin.call("ha_get_script", {"script_id": "porch_onn"})
    assert missing.status == HTTPStatus.NOT_FOUND
    assert missing.body["error"]["suggestions"] == ["porch_on"]

    deleted = await ok(
        admin, "ha_manage_script", action="delete", script_id="note", confirm=True
    )
    assert deleted["entity_id"] == "script.note"
    assert hass.states.get("script.note") is None
    assert er.async_get(hass).async_get("script.note") is None
    assert "note:" not in await read(hass, scripts_file)
    await ok(admin, "ha_undo_change", change_id=deleted["change_id"])
    assert await read(hass, scripts_file) == HAND_WRITTEN
    assert hass.states.get("script.note") is not None


async def test_listing_and_warnings(
    hass: HomeAssistant, scripts_file: Path, admin: Caller
) -> None:
    listed = (await ok(admin, "ha_list_scripts"))["scripts"]
    assert [
        (
            row["script_id"],
            row["entity_id"],
            row["alias"],
            row["fields"],
            row["editable"],
        )
        for row in listed
    ] == [
        ("note", "script.note", "Leave a note", ["text"], True),
        ("porch_on", "script.porch_on", "Porch on", [], True),
    ]
    warned = await ok(
        admin,
        "ha_manage_script",
        action="create",
        config={
            "alias": "Kitchen",
            "sequence": [
                {
                    "action": "light.turn_on",
                    "target": {"entity_id": "input_boolean.porh"},
                }
            ],
        },
    )
    assert warned["warnings"] == [
        "sequence[0].target.entity_id: entity input_boolean.porh does not exist; "
        "did you mean input_boolean.porch?",
        "action light.turn_on does not exist",
    ]


SCRIPT_BLUEPRINT = """\
blueprint:
  name: Switch one on
  domain: script
  input:
    target_boolean:
      name: Boolean
sequence:
  - action: input_boolean.turn_on
    target:
      entity_id: !input target_boolean
"""


async def test_a_script_from_a_blueprint_runs(
    hass: HomeAssistant, scripts_file: Path, admin: Caller
) -> None:
    folder = scripts_file.parent / "blueprints" / "script" / "test"
    folder.mkdir(parents=True)
    (folder / "switch_on.yaml").write_text(SCRIPT_BLUEPRINT)
    created = await ok(
        admin,
        "ha_manage_script",
        action="create",
        config={
            "alias": "Porch from a blueprint",
            "use_blueprint": {
                "path": "test/switch_on.yaml",
                "input": {"target_boolean": "input_boolean.porch"},
            },
        },
    )
    assert created["entity_id"] == "script.porch_from_a_blueprint"
    await hass.services.async_call(
        "script", "porch_from_a_blueprint", {}, blocking=True
    )
    assert hass.states.get("input_boolean.porch").state == "on"
    listed = await ok(admin, "ha_list_blueprints", domain="script")
    assert [(row["path"], row["used_by"]) for row in listed["blueprints"]] == [
        # Home Assistant's own, copied into a new config folder at setup.
        ("homeassistant/confirmable_notification.yaml", []),
        ("test/switch_on.yaml", ["script.porch_from_a_blueprint"]),
    ]


async def test_parallel_creates_never_write_over_each_other(
    hass: HomeAssistant, scripts_file: Path, admin: Caller
) -> None:
    # The same alias ten times at once: ten scripts, each under its own key.
    same_alias = await asyncio.gather(
        *(
            admin.call("ha_manage_script", {"action": "create", "config": NEW})
            for _ in range(10)
        )
    )
    assert [response.status for response in same_alias] == [HTTPStatus.OK] * 10
    assert {response.body["result"]["script_id"] for response in same_alias} == {
        "guest_mode_off",
        *(f"guest_mode_off_{number}" for number in range(2, 11)),
    }
    # One chosen id twice at once: one is created, the other refused.
    chosen = await asyncio.gather(
        *(
            admin.call(
                "ha_manage_script",
                {
                    "action": "create",
                    "script_id": "evening",
                    "config": {**NEW, "alias": f"Evening {number}"},
                },
            )
            for number in range(2)
        )
    )
    assert sorted(response.status for response in chosen) == [
        HTTPStatus.OK,
        HTTPStatus.CONFLICT,
    ]
    (winner,) = [
        number
        for number, response in enumerate(chosen)
        if response.status == HTTPStatus.OK
    ]
    config = await async_hass_config_yaml(hass)
    assert config["script"]["evening"]["alias"] == f"Evening {winner}"
    assert len(config["script"]) == 2 + 10 + 1


def saved_after_the_first_read(
    monkeypatch: pytest.MonkeyPatch, scripts_file: Path, script_id: str
) -> None:
    """Someone saves ``script_id`` in the UI just after the next file read."""
    real_read = ConfigFile.async_read_all
    reads = 0

    async def read_then_someone_saves(
        self: ConfigFile, hass: HomeAssistant
    ) -> dict[str, YamlItem]:
        nonlocal reads
        items = await real_read(self, hass)
        reads += 1
        if reads == 1:
            await hass.async_add_executor_job(
                scripts_file.write_text,
                (await read(hass, scripts_file))
                + f"{script_id}:\n  alias: From the UI\n  sequence: []\n",
            )
        return items

    monkeypatch.setattr(ConfigFile, "async_read_all", read_then_someone_saves)


async def test_a_key_taken_after_it_was_chosen_is_not_refused_but_chosen_again(
    hass: HomeAssistant,
    scripts_file: Path,
    admin: Caller,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Someone saves "guest_mode_off" in the UI just after the create read the
    # file: the key it chose is taken when its write comes.
    saved_after_the_first_read(monkeypatch, scripts_file, "guest_mode_off")
    result = await ok(admin, "ha_manage_script", action="create", config=NEW)

    assert result["script_id"] == "guest_mode_off_2"
    config = await async_hass_config_yaml(hass)
    assert config["script"]["guest_mode_off"]["alias"] == "From the UI"
    assert config["script"]["guest_mode_off_2"]["alias"] == "Guest mode off"


async def test_an_id_the_agent_chose_that_is_taken_meanwhile_is_a_409(
    hass: HomeAssistant,
    scripts_file: Path,
    admin: Caller,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved_after_the_first_read(monkeypatch, scripts_file, "evening")
    refused = await admin.call(
        "ha_manage_script",
        {"action": "create", "config": NEW, "script_id": "evening"},
    )
    assert refused.status == HTTPStatus.CONFLICT
    assert refused.body["error"]["message"] == (
        "script evening was created meanwhile; choose another id, or update it"
    )
    config = await async_hass_config_yaml(hass)
    assert config["script"]["evening"]["alias"] == "From the UI"


async def test_an_id_in_the_file_or_on_an_entity_is_taken(
    hass: HomeAssistant, scripts_file: Path, admin: Caller
) -> None:
    # In the file but not loaded yet (written by hand, no reload): taken.
    await hass.async_add_executor_job(
        scripts_file.write_text,
        (await read(hass, scripts_file)) + "later:\n  sequence: []\n",
    )
    # Loaded but no longer in the file (removed by hand, no reload): taken too.
    assert hass.states.get("script.note") is not None
    await hass.async_add_executor_job(
        scripts_file.write_text,
        (await read(hass, scripts_file)).replace("note:", "renamed_note:"),
    )
    for script_id in ("later", "note"):
        refused = await admin.call(
            "ha_manage_script",
            {"action": "create", "config": NEW, "script_id": script_id},
        )
        assert refused.status == HTTPStatus.CONFLICT
        assert refused.body["error"]["message"] == (
            f"script {script_id} exists already; update it, or choose another id"
        )

    unconfirmed = await admin.call(
        "ha_manage_script",
        {"action": "delete", "script_id": "later", "confirm": False},
    )
    assert unconfirmed.status == HTTPStatus.BAD_REQUEST
    assert unconfirmed.body["error"]["message"] == (
        "confirm: must be true to delete a script"
    )
