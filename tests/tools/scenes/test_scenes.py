"""Scenes written to a real scenes.yaml, checked through Home Assistant itself."""

from __future__ import annotations

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
# Scenes written by hand; keep this comment.
- id: "1700000000000"
  name: Movie night  # dim
  entities:
    input_boolean.porch: "off"
    input_number.level: "10.0"
"""


@pytest.fixture
async def scenes_file(hass: HomeAssistant, tmp_path: Path) -> Path:
    """A config folder of its own with scenes.yaml as a person keeps it."""
    (tmp_path / "configuration.yaml").write_text("scene: !include scenes.yaml\n")
    (tmp_path / "scenes.yaml").write_text(HAND_WRITTEN)
    hass.config.config_dir = str(tmp_path)
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"porch": {}, "guest": {}}}
    )
    assert await async_setup_component(
        hass,
        "input_number",
        {"input_number": {"level": {"min": 0, "max": 100, "initial": 40}}},
    )
    config = await async_hass_config_yaml(hass)
    assert await async_setup_component(hass, "scene", config)
    assert await async_setup_component(hass, "config", {})
    await hass.async_block_till_done()
    return tmp_path / "scenes.yaml"


async def ok(caller: Caller, tool: str, **arguments: Any) -> Any:
    response = await caller.call(tool, arguments)
    assert response.status == HTTPStatus.OK, response.body
    return response.body["result"]


async def read(hass: HomeAssistant, path: Path) -> str:
    return await hass.async_add_executor_job(path.read_text)


async def set_states(hass: HomeAssistant, porch: str, level: float) -> None:
    await hass.services.async_call(
        "input_boolean", f"turn_{porch}", {"entity_id": "input_boolean.porch"}
    )
    await hass.services.async_call(
        "input_number",
        "set_value",
        {"entity_id": "input_number.level", "value": level},
        blocking=True,
    )
    await hass.async_block_till_done()


async def test_a_scene_from_current_states_restores_them_and_survives_a_reload(
    hass: HomeAssistant, scenes_file: Path, admin: Caller, hass_client: Any
) -> None:
    await set_states(hass, "on", 75)
    created = await ok(
        admin,
        "ha_manage_scene",
        action="create",
        config={"name": "Evening"},
        snapshot_entities=["input_boolean.porch", "input_number.level"],
    )
    assert created["entity_id"] == "scene.evening"
    scene_id = created["scene_id"]
    stored = await ok(admin, "ha_get_scene", scene_id=scene_id)
    entities = stored["config"]["entities"]
    assert entities["input_boolean.porch"]["state"] == "on"
    assert entities["input_number.level"]["state"] == "75.0"
    assert entities["input_number.level"]["max"] == 100.0
    text = await read(hass, scenes_file)
    assert text.startswith(HAND_WRITTEN + f"- id: '{scene_id}'\n  name: Evening\n")

    client = await hass_client()
    response = await client.get(f"/api/config/scene/config/{scene_id}")
    assert response.status == HTTPStatus.OK
    assert (await response.json())["name"] == "Evening"

    await set_states(hass, "off", 20)
    await hass.services.async_call(
        "scene", "turn_on", {"entity_id": "scene.evening"}, blocking=True
    )
    await hass.async_block_till_done()
    assert hass.states.get("input_boolean.porch").state == "on"
    assert hass.states.get("input_number.level").state == "75.0"

    await ok(admin, "ha_reload", target="scene")
    assert hass.states.get("scene.evening") is not None
    assert await read(hass, scenes_file) == text


async def test_update_delete_undo_and_hand_written_scenes(
    hass: HomeAssistant, scenes_file: Path, admin: Caller
) -> None:
    listed = (await ok(admin, "ha_list_scenes"))["scenes"]
    assert [
        (row["scene_id"], row["entity_id"], row["name"], row["entities"])
        for row in listed
    ] == [
        (
            "1700000000000",
            "scene.movie_night",
            "Movie night",
            ["input_boolean.porch", "input_number.level"],
        )
    ]
    current = await ok(admin, "ha_get_scene", scene_id="1700000000000")
    assert current["config"] == {
        "id": "1700000000000",
        "name": "Movie night",
        "entities": {"input_boolean.porch": "off", "input_number.level": "10.0"},
    }
    preview = await ok(
        admin,
        "ha_manage_scene",
        action="update",
        scene_id="1700000000000",
        config={"name": "Film night"},
        dry_run=True,
    )
    assert preview["diff"] == [
        {"op": "replace", "path": "/name", "value": "Film night"}
    ]
    assert await read(hass, scenes_file) == HAND_WRITTEN
    updated = await ok(
        admin,
        "ha_manage_scene",
        action="update",
        scene_id="1700000000000",
        config={"entities": {"input_boolean.porch": "on"}},
        expected_revision=current["revision"],
    )
    await hass.services.async_call(
        "scene", "turn_on", {"entity_id": "scene.movie_night"}, blocking=True
    )
    await hass.async_block_till_done()
    assert hass.states.get("input_boolean.porch").state == "on"
    # A merge replaces the entities whole, and keeps the name.
    assert hass.states.get("scene.movie_night").attributes["entity_id"] == [
        "input_boolean.porch"
    ]
    stale = await admin.call(
        "ha_manage_scene",
        {
            "action": "update",
            "scene_id": "1700000000000",
            "config": {"name": "Lost"},
            "expected_revision": current["revision"],
        },
    )
    assert stale.status == HTTPStatus.CONFLICT
    await ok(admin, "ha_undo_change", change_id=updated["change_id"])
    assert await read(hass, scenes_file) == HAND_WRITTEN

    invalid = await admin.call(
        "ha_manage_scene",
        {
            "action": "update",
            "scene_id": "1700000000000",
            "config": {"entities": {"porch": "on"}},
        },
    )
    assert invalid.status == HTTPStatus.BAD_REQUEST
    assert invalid.body["error"]["message"] == (
        "entities: Entity ID porch is an invalid entity ID"
    )
    wrong_type = await admin.call(
        "ha_manage_scene",
        {"action": "create", "config": {"name": "Nope"}, "snapshot_entities": False},
    )
    assert wrong_type.status == HTTPStatus.BAD_REQUEST
    assert wrong_type.body["error"]["field"] == "snapshot_entities"
    unknown = await admin.call(
        "ha_manage_scene",
        {
            "action": "create",
            "config": {"name": "Nope"},
            "snapshot_entities": ["input_boolean.porh"],
        },
    )
    assert unknown.status == HTTPStatus.NOT_FOUND
    assert unknown.body["error"]["suggestions"] == ["input_boolean.porch"]
    assert await read(hass, scenes_file) == HAND_WRITTEN

    deleted = await ok(
        admin,
        "ha_manage_scene",
        action="delete",
        scene_id="1700000000000",
        confirm=True,
    )
    assert deleted["entity_id"] == "scene.movie_night"
    assert hass.states.get("scene.movie_night") is None
    assert er.async_get(hass).async_get("scene.movie_night") is None
    assert await read(hass, scenes_file) == (
        "# Scenes written by hand; keep this comment.\n"
    )


async def test_a_scene_of_hidden_entities_is_refused(
    hass: HomeAssistant,
    scenes_file: Path,
    admin: Caller,
    setup_integration: MockConfigEntry,
) -> None:
    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_EXPOSED_ONLY: True}
    )
    await hass.async_block_till_done()
    async_expose_entity(hass, "conversation", "input_boolean.porch", True)
    refused = await admin.call(
        "ha_manage_scene",
        {
            "action": "create",
            "config": {
                "name": "Hidden",
                "entities": {"input_boolean.porch": "on", "input_boolean.guest": "on"},
            },
        },
    )
    assert refused.status == HTTPStatus.FORBIDDEN
    assert refused.body["error"]["message"] == (
        "the scene refers to entities agents may not use: input_boolean.guest"
    )
    assert await read(hass, scenes_file) == HAND_WRITTEN
