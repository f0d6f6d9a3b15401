"""The catalogue fits a model's context, and converts to valid function definitions."""

from __future__ import annotations

from typing import Any

from .catalogue_budget import (
    BUDGET_COMPACT,
    FUNCTION_NAME,
    all_tools,
    compact_tools,
    functions,
    tokens,
)


def described(schema: dict[str, Any], where: str) -> list[str]:
    """Every property without a description, anywhere in ``schema``."""
    missing = []
    for name, prop in schema.get("properties", {}).items():
        if not prop.get("description"):
            missing.append(f"{where}.{name}")
    return missing


def test_every_function_is_one_openai_accepts() -> None:
    definitions = functions(all_tools())
    assert len({item["name"] for item in definitions}) == len(definitions)
    for item in definitions:
        assert FUNCTION_NAME.match(item["name"]), item["name"]
        assert 0 < len(item["description"]) <= 300, item["name"]
        parameters = item["parameters"]
        assert parameters["type"] == "object", item["name"]
        assert "$ref" not in str(parameters), item["name"]
        assert described(parameters, item["name"]) == []


def test_the_compact_catalogue_fits_its_budget() -> None:
    compact = functions(compact_tools())
    assert {item["name"] for item in compact} == {
        "ha_search_entities",
        "ha_get_states",
        "ha_get_home_overview",
        "ha_call_service",
        "ha_find_tools",
        "ha_call_tool",
    }
    assert tokens(compact) <= BUDGET_COMPACT
