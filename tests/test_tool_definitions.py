"""Every registered tool is well formed, and the registry refuses malformed ones."""

from __future__ import annotations

import pytest
import voluptuous as vol

from custom_components.ha_openapi.const import ToolCategory
from custom_components.ha_openapi.framework.tool import (
    MAX_DESCRIPTION_LENGTH,
    TOOLS,
    Tool,
    ToolRegistry,
)


async def _handler(call, args):
    return {}


def make(**overrides) -> Tool:
    fields = {
        "name": "ha_example",
        "description": "An example.",
        "category": ToolCategory.STATES,
        "parameters": vol.Schema({}),
        "result": {"type": "object"},
        "handler": _handler,
    } | overrides
    return Tool(**fields)


@pytest.mark.parametrize("tool", list(TOOLS), ids=lambda tool: tool.name)
def test_registered_tools_are_well_formed(tool: Tool) -> None:
    assert tool.name.startswith("ha_")
    assert 0 < len(tool.description) <= MAX_DESCRIPTION_LENGTH
    assert not (tool.read_only and tool.destructive)
    # Every argument is described for the model.
    for key in tool.parameters.schema:
        assert getattr(key, "description", None), (
            f"{tool.name}.{key} has no description"
        )


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"name": "ha get states"}, "letters, digits"),
        ({"name": "x" * 65}, "letters, digits"),
        ({"description": ""}, "description"),
        ({"description": "x" * (MAX_DESCRIPTION_LENGTH + 1)}, "description"),
        ({"read_only": True, "destructive": True}, "read-only and destructive"),
    ],
)
def test_malformed_tools_are_refused(overrides: dict, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        make(**overrides)


@pytest.mark.parametrize("name", ["get_states", "ha_Get-States"])
def test_registered_names_have_the_prefix(name: str) -> None:
    with pytest.raises(ValueError, match="ha_ prefix"):
        ToolRegistry().register(make(name=name))


def test_names_are_unique() -> None:
    registry = ToolRegistry()
    registry.register(make())
    with pytest.raises(ValueError, match="already registered"):
        registry.register(make())
    assert len(registry) == 1
    registry.unregister("ha_example")
    assert registry.get("ha_example") is None
