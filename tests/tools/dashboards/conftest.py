"""Fixtures for the dashboard tools: the real lovelace component, and HA's websocket API."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest

from ...conftest import Caller


@pytest.fixture
async def lovelace(hass: HomeAssistant, tmp_path: Path) -> None:
    """Lovelace in storage mode with one YAML dashboard (before any client starts)."""
    assert await async_setup_component(hass, "websocket_api", {})
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"porch": {}}}
    )
    assert await async_setup_component(
        hass,
        "lovelace",
        {
            "lovelace": {
                "dashboards": {
                    "yaml-board": {
                        "mode": "yaml",
                        "title": "From YAML",
                        # Outside the test harness's shared config folder.
                        "filename": str(tmp_path / "yaml-board.yaml"),
                    }
                }
            }
        },
    )


async def ok(caller: Caller, tool: str, **arguments: Any) -> Any:
    response = await caller.call(tool, arguments)
    assert response.status == HTTPStatus.OK, response.body
    return response.body["result"]


async def websocket(hass_ws_client: Any, command: dict[str, Any]) -> Any:
    client = await hass_ws_client()
    await client.send_json_auto_id(command)
    answer = await client.receive_json()
    assert answer["success"], answer
    return answer["result"]
