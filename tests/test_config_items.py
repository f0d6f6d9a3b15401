"""The config item framework built inside the test: its tools and its files.

Automations, scripts and scenes make their tools and their ``ConfigFile`` at
import, so their own tests only see what those produced. Here an item type and
a file are made in the test itself, with literal expectations: a change to how
the tools are described or validated, or to how a file is written and reloaded,
fails a test that names it (and mutation testing, which swaps a function's code
at call time, can reach that code).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config import async_hass_config_yaml
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
import voluptuous as vol

from custom_components.ha_openapi.framework import changes
from custom_components.ha_openapi.framework.config_files import ConfigFile
from custom_components.ha_openapi.framework.config_items import (
    ConfigItemType,
    register_config_item_tools,
    time_key,
)
from custom_components.ha_openapi.framework.schema import to_json_schema
from custom_components.ha_openapi.framework.tool import ToolRegistry

REVISION = {"type": ["string", "null"]}
WRITE_RESULT_PROPERTIES = {
    "entity_id": {"type": ["string", "null"]},
    "revision": REVISION,
    "previous_revision": REVISION,
    "changed": {"type": "boolean"},
    "change_id": {"type": "string", "description": "For ha_undo_change."},
    "dry_run": {"type": "boolean"},
    "diff": {"type": "array", "items": {"type": "object"}},
    "content": {},
    "warnings": {"type": "array", "items": {"type": "string"}},
}


async def _valid(hass: HomeAssistant, key: str, config: dict[str, Any]) -> None:
    return None


def _no_summary(state: State, config: dict[str, Any] | None) -> dict[str, Any]:
    return {}


@pytest.fixture(autouse=True)
def kinds_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """Undo finds kinds by name: the ones made here must not replace the real ones."""
    monkeypatch.setattr(changes, "KINDS", dict(changes.KINDS))


def _as_sent(schema: vol.Schema) -> dict[str, Any]:
    """The JSON schema of arguments as the spec sends it (tuples become lists)."""
    return json.loads(json.dumps(to_json_schema(schema)))


def _tools_of(item_type: ConfigItemType) -> ToolRegistry:
    registry = ToolRegistry()
    register_config_item_tools(item_type, registry)
    return registry


def _item_type(
    noun: str, *, keyed: bool, config_text: str = "Config", **options: Any
) -> ConfigItemType:
    """An item type of a made-up domain ``noun``, whose items live in ``<noun>s.yaml``."""
    return ConfigItemType(
        noun=noun,
        file=ConfigFile(
            domain=noun,
            file_name=f"{noun}s.yaml",
            keyed=keyed,
            entity_platform=noun,
        ),
        category=f"{noun}s",
        config_text=config_text,
        validate=_valid,
        new_key=time_key,
        summary=_no_summary,
        **options,
    )


def test_an_item_type_makes_its_three_tools() -> None:
    registry = _tools_of(
        _item_type(
            "widget",
            keyed=True,
            config_text="The widget's config",
            key_on_create=True,
            extra_fields={vol.Optional("colour", description="Paint it"): str},
        )
    )
    assert [tool.name for tool in registry] == [
        "ha_list_widgets",
        "ha_get_widget",
        "ha_manage_widget",
    ]
    listing, getter, manage = registry
    # Each tool, and each action, runs its own handler.
    assert (listing.handler.__name__, getter.handler.__name__) == (
        "list_items",
        "get_item",
    )
    actions = manage.parameters.actions
    assert {name: action.handler.__name__ for name, action in actions.items()} == {
        "create": "create_item",
        "update": "update_item",
        "delete": "delete_item",
    }
    # Every action's own schema says what the revision is of.
    for action in actions.values():
        assert [
            key.description
            for key in action.parameters.schema
            if str(key) == "expected_revision"
        ] == ["The widget revision you read; if since changed: 409"]
    for tool in registry:
        assert (tool.category, tool.requires_admin, tool.requires_components) == (
            "widgets",
            True,
            ("widget",),
        )
    assert [(tool.read_only, tool.destructive) for tool in registry] == [
        (True, False),
        (True, False),
        (False, True),
    ]

    assert listing.description == (
        "List widgets with state and source (only widgets.yaml ones are editable)."
    )
    assert _as_sent(listing.parameters)["properties"] == {}
    assert listing.result == {
        "type": "object",
        "properties": {"widgets": {"type": "array", "items": {"type": "object"}}},
        "required": ["widgets"],
    }

    assert getter.description == "Read a widget's full config and its revision."
    parameters = _as_sent(getter.parameters)
    assert parameters["properties"] == {
        "widget_id": {"type": "string", "description": "Widget id (ha_list_widgets)"}
    }
    assert parameters["required"] == ["widget_id"]
    assert getter.result == {
        "type": "object",
        "properties": {
            "widget_id": {"type": "string"},
            "entity_id": {"type": ["string", "null"]},
            "config": {"type": "object"},
            "revision": REVISION,
        },
        "required": ["widget_id", "config", "revision"],
    }

    assert manage.description == (
        "Create, change or delete a widget in widgets.yaml (validated, UI-editable, "
        "reloaded). update: given top-level keys replace; mode replace: whole config."
    )
    parameters = _as_sent(manage.parameters)
    assert parameters["required"] == ["action"]
    assert parameters["properties"] == {
        "action": {
            "type": "string",
            "enum": ["create", "update", "delete"],
            "description": (
                "Needs create: config; update: widget_id, config; "
                "delete: widget_id, confirm"
            ),
        },
        "config": {"type": "object", "description": "The widget's config"},
        "widget_id": {
            "type": "string",
            "description": (
                "Widget id (ha_list_widgets); on create, optional "
                "(default: from its name)"
            ),
        },
        "colour": {"type": "string", "description": "Paint it"},
        "expected_revision": {
            "type": "string",
            "description": "The widget revision you read; if since changed: 409",
        },
        "dry_run": {
            "type": "boolean",
            "description": "Preview: validate, return JSON Patch, no write",
            "default": False,
        },
        "mode": {
            "type": "string",
            "enum": ["merge", "replace"],
            "description": "update: merge or replace",
            "default": "merge",
        },
        "confirm": {"type": "boolean", "description": "Must be true."},
    }
    assert manage.result == {
        "type": "object",
        "properties": {"widget_id": {"type": "string"}, **WRITE_RESULT_PROPERTIES},
        "required": ["widget_id", "revision"],
    }


def test_each_action_takes_only_its_own_arguments() -> None:
    registry = _tools_of(_item_type("widget", keyed=True, key_on_create=True))
    validate = registry.get("ha_manage_widget").parameters
    assert validate({"action": "create", "config": {}, "widget_id": "hall"}) == {
        "action": "create",
        "config": {},
        "widget_id": "hall",
        "dry_run": False,
    }
    # A new key must already be a slug: it becomes an entity's object id.
    with pytest.raises(vol.Invalid):
        validate({"action": "create", "config": {}, "widget_id": "Front door"})
    assert validate(
        {"action": "update", "widget_id": "hall", "config": {}, "dry_run": "yes"}
    ) == {
        "action": "update",
        "widget_id": "hall",
        "config": {},
        "mode": "merge",
        "dry_run": True,
    }
    with pytest.raises(vol.Invalid):
        validate({"action": "update", "widget_id": "hall", "config": {}, "mode": "x"})
    assert validate({"action": "delete", "widget_id": "hall", "confirm": True}) == {
        "action": "delete",
        "widget_id": "hall",
        "confirm": True,
        "dry_run": False,
    }
    with pytest.raises(vol.Invalid) as refused:
        validate({"action": "delete", "widget_id": "hall", "config": {}})
    assert refused.value.path == ["config"]


def test_an_item_type_whose_keys_are_made_for_it() -> None:
    registry = _tools_of(_item_type("outlet", keyed=False))
    manage = registry.get("ha_manage_outlet")
    assert registry.get("ha_get_outlet").description == (
        "Read an outlet's full config and its revision."
    )
    assert manage.description.startswith("Create, change or delete an outlet in ")
    properties = _as_sent(manage.parameters)["properties"]
    assert properties["outlet_id"]["description"] == "Outlet id (ha_list_outlets)"
    with pytest.raises(vol.Invalid) as refused:
        manage.parameters({"action": "create", "config": {}, "outlet_id": "a"})
    assert refused.value.path == ["outlet_id"]


def test_time_keys_are_milliseconds_and_skip_keys_in_use(
    freezer: FrozenDateTimeFactory,
) -> None:
    freezer.move_to("2023-11-14T22:13:20.123+00:00")
    assert time_key({}, set()) == "1700000000123"
    assert time_key({}, {"1700000000123"}) == "1700000000124"
    assert time_key({}, {"1700000000123", "1700000000124"}) == "1700000000125"


@pytest.fixture
async def automations_file(hass: HomeAssistant, tmp_path: Path) -> Path:
    """A config folder whose automations come from automations.yaml."""
    (tmp_path / "configuration.yaml").write_text(
        "automation: !include automations.yaml\n"
    )
    path = tmp_path / "automations.yaml"
    path.write_text(
        "- id: kept\n  alias: Kept  # a comment\n  triggers: []\n  actions: []\n"
    )
    hass.config.config_dir = str(tmp_path)
    assert await async_setup_component(
        hass, "automation", await async_hass_config_yaml(hass)
    )
    await hass.async_block_till_done()
    return path


async def test_a_config_file_writes_one_item_and_reloads_it(
    hass: HomeAssistant, automations_file: Path
) -> None:
    file = ConfigFile(
        domain="automation",
        file_name="automations.yaml",
        keyed=False,
        entity_platform="automation",
        reload_by_id=True,
    )
    assert changes.KINDS["automation"] is file.kind
    assert file.path(hass) == automations_file
    assert await file.kind.read(hass, "new") is None
    config = {"id": "new", "alias": "New one", "triggers": [], "actions": []}
    assert await file.kind.write(hass, "new", {"config": config}) is None

    text = await hass.async_add_executor_job(automations_file.read_text)
    assert text.startswith(
        "- id: kept\n  alias: Kept  # a comment\n  triggers: []\n  actions: []\n"
    )
    assert "alias: New one" in text
    # Written, then reloaded: Home Assistant has the automation.
    assert hass.states.get("automation.new_one") is not None
    assert file.entity_id(hass, "new") == "automation.new_one"
    content = await file.kind.read(hass, "new")
    assert content["config"] == config
    assert content["text"].startswith("- id: new\n")
    # The revision is of the config alone, not of how the file spells it.
    assert file.kind.meaning(content) == config

    await file.kind.write(hass, "new", None)
    text = await hass.async_add_executor_job(automations_file.read_text)
    assert text == (
        "- id: kept\n  alias: Kept  # a comment\n  triggers: []\n  actions: []\n"
    )
    assert hass.states.get("automation.new_one") is None
    assert er.async_get(hass).async_get("automation.new_one") is None
    assert (await file.async_read_all(hass)).keys() == {"kept"}
