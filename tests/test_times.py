"""One rule for times: ISO 8601 in Home Assistant's time zone, with its offset."""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus
from typing import Any

from homeassistant.core import HomeAssistant

from .conftest import Caller

KITCHEN = "input_boolean.kitchen"


async def test_every_tool_answers_in_the_home_time_zone(
    hass: HomeAssistant, admin: Caller, booleans
) -> None:
    # +05:30, so neither UTC nor the test default zone can pass by accident.
    await hass.config.async_set_time_zone("Asia/Kolkata")

    async def result(tool: str, arguments: dict[str, Any]) -> Any:
        response = await admin.call(tool, arguments)
        assert response.status == HTTPStatus.OK, response.body
        return response.body["result"]

    control = await result("ha_set_boolean", {"entity_id": KITCHEN, "action": "on"})
    changed = await result(
        "ha_call_service",
        {
            "domain": "input_boolean",
            "service": "toggle",
            "target": {"entity_id": KITCHEN},
        },
    )
    states = await result("ha_get_states", {"entity_ids": KITCHEN})
    search = await result(
        "ha_search_entities", {"query": "kitchen", "fields": ["last_changed"]}
    )
    times = {
        "control": control["state"]["last_changed"],
        "call_service": changed["changed_states"][0]["last_changed"],
        "states.last_changed": states["states"][0]["last_changed"],
        "states.last_updated": states["states"][0]["last_updated"],
        "search": search["items"][0]["last_changed"],
    }
    for where, text in times.items():
        assert text.endswith("+05:30"), (where, text)
    # The same moment HA holds, whatever the form.
    assert datetime.fromisoformat(times["states.last_changed"]) == (
        hass.states.get(KITCHEN).last_changed
    )
