"""Browser clients (Open WebUI's direct tool servers) reach the views from an allowed origin."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

ALLOWED = "https://webui.example"
PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization,content-type",
}


@pytest.fixture
async def http_with_origin(hass: HomeAssistant) -> None:
    """Home Assistant's http with one allowed origin (before the integration loads)."""
    assert await async_setup_component(
        hass, "http", {"http": {"cors_allowed_origins": [ALLOWED]}}
    )


async def test_preflight_and_call_from_an_allowed_origin(
    hass: HomeAssistant,
    http_with_origin,
    setup_integration: MockConfigEntry,
    hass_client_no_auth: Any,
    hass_access_token: str,
) -> None:
    client = await hass_client_no_auth()
    for path in ("openapi.json", "ha_get_states"):
        preflight = await client.options(
            f"/api/ha_openapi/{path}", headers={"Origin": ALLOWED, **PREFLIGHT}
        )
        assert preflight.status == HTTPStatus.OK, path
        assert preflight.headers["Access-Control-Allow-Origin"] == ALLOWED
        assert (
            "AUTHORIZATION" in preflight.headers["Access-Control-Allow-Headers"].upper()
        )
    call = await client.post(
        "/api/ha_openapi/ha_search_entities",
        json={},
        headers={"Origin": ALLOWED, "Authorization": f"Bearer {hass_access_token}"},
    )
    assert call.status == HTTPStatus.OK
    assert call.headers["Access-Control-Allow-Origin"] == ALLOWED


async def test_another_origin_is_not_allowed(
    hass: HomeAssistant,
    http_with_origin,
    setup_integration: MockConfigEntry,
    hass_client_no_auth: Any,
) -> None:
    client = await hass_client_no_auth()
    preflight = await client.options(
        "/api/ha_openapi/ha_get_states",
        headers={"Origin": "https://elsewhere.example", **PREFLIGHT},
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers
