"""History tools without a recorder answer 503, and health says which tools are affected."""

from __future__ import annotations

from http import HTTPStatus

from ...conftest import Caller


async def test_history_needs_the_recorder(admin: Caller, booleans) -> None:
    response = await admin.call(
        "ha_get_history", {"entity_ids": ["input_boolean.kitchen"]}
    )
    assert response.status == HTTPStatus.SERVICE_UNAVAILABLE
    assert "recorder is not running" in response.body["error"]["message"]
    health = (await admin.get("health")).body
    assert health["status"] == "degraded"
    assert {"ha_get_history", "ha_get_logbook", "ha_get_statistics"} <= set(
        health["tools"]["unavailable"]
    )
