"""To-do tools on Home Assistant's shopping list, observed through HA's own todo actions."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ...conftest import Caller


@pytest.fixture
async def shopping_list(hass: HomeAssistant, tmp_path: Path) -> None:
    """The shopping list (todo.shopping_list), kept in a folder of the test's own."""
    hass.config.config_dir = str(tmp_path)
    entry = MockConfigEntry(domain="shopping_list")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def items_in_home_assistant(hass: HomeAssistant) -> list[dict[str, Any]]:
    response = await hass.services.async_call(
        "todo",
        "get_items",
        {"entity_id": "todo.shopping_list"},
        blocking=True,
        return_response=True,
    )
    return [
        {"summary": item["summary"], "status": item["status"]}
        for item in response["todo.shopping_list"]["items"]
    ]


async def test_add_read_complete_and_remove(
    hass: HomeAssistant,
    shopping_list,
    admin: Caller,
    setup_integration: MockConfigEntry,
) -> None:
    lists = await admin.ok("ha_list_todo_lists")
    assert lists["lists"] == [
        {
            "entity_id": "todo.shopping_list",
            # Its name as Home Assistant shows it (the case changed over releases).
            "name": hass.states.get("todo.shopping_list").name,
            "open_items": 0,
            "allows": ["add", "remove", "update", "move"],
        }
    ]
    milk = await admin.ok(
        "ha_manage_todo_item",
        {"action": "add", "entity_id": "todo.shopping_list", "item": "Milk"},
    )
    await admin.ok(
        "ha_manage_todo_item",
        {"action": "add", "entity_id": "todo.shopping_list", "item": "Bread"},
    )
    assert (milk["summary"], milk["status"]) == ("Milk", "needs_action")
    assert await items_in_home_assistant(hass) == [
        {"summary": "Milk", "status": "needs_action"},
        {"summary": "Bread", "status": "needs_action"},
    ]
    assert hass.states.get("todo.shopping_list").state == "2"

    done = await admin.ok(
        "ha_manage_todo_item",
        {
            "action": "update",
            "entity_id": "todo.shopping_list",
            "item": "Milk",
            "status": "completed",
        },
    )
    assert (done["uid"], done["status"]) == (milk["uid"], "completed")
    renamed = await admin.ok(
        "ha_manage_todo_item",
        {
            "action": "update",
            "entity_id": "todo.shopping_list",
            "item": milk["uid"],
            "rename": "Oat milk",
        },
    )
    assert renamed["summary"] == "Oat milk"
    open_items = await admin.ok(
        "ha_get_todo_items",
        {"entity_id": "todo.shopping_list", "status": "needs_action"},
    )
    assert [item["summary"] for item in open_items["items"]] == ["Bread"]
    assert hass.states.get("todo.shopping_list").state == "1"

    removed = await admin.ok(
        "ha_manage_todo_item",
        {"action": "remove", "entity_id": "todo.shopping_list", "item": "Oat milk"},
    )
    assert removed["removed"]["uid"] == milk["uid"]
    assert await items_in_home_assistant(hass) == [
        {"summary": "Bread", "status": "needs_action"}
    ]


async def test_ambiguous_and_unsupported(
    hass: HomeAssistant,
    shopping_list,
    admin: Caller,
    setup_integration: MockConfigEntry,
) -> None:
    for _ in range(2):
        await admin.ok(
            "ha_manage_todo_item",
            {"action": "add", "entity_id": "todo.shopping_list", "item": "Eggs"},
        )
    message = await admin.refused(
        "ha_manage_todo_item",
        {"action": "remove", "entity_id": "todo.shopping_list", "item": "Eggs"},
        HTTPStatus.BAD_REQUEST,
    )
    assert message.startswith(
        "item: 2 items of todo.shopping_list are called 'Eggs'; name one by uid: "
    )
    assert len(await items_in_home_assistant(hass)) == 2
    assert (
        await admin.refused(
            "ha_manage_todo_item",
            {"action": "remove", "entity_id": "todo.shopping_list", "item": "Egg"},
            HTTPStatus.NOT_FOUND,
        )
        == "to-do item Egg not found; did you mean Eggs?"
    )
    # The shopping list has no due dates: Home Assistant's own refusal, as a 400.
    unsupported = await admin.refused(
        "ha_manage_todo_item",
        {
            "action": "add",
            "entity_id": "todo.shopping_list",
            "item": "Tea",
            "due": "2026-12-24",
        },
        HTTPStatus.BAD_REQUEST,
    )
    assert "due_date" in unsupported
    assert len(await items_in_home_assistant(hass)) == 2
