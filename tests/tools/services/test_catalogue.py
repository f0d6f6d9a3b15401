"""ha_list_services and ha_describe_service, from Home Assistant's own descriptions."""

from __future__ import annotations

from http import HTTPStatus

from homeassistant.core import HomeAssistant, ServiceCall, SupportsResponse
from homeassistant.helpers.translation import async_get_translations
from homeassistant.setup import async_setup_component
import pytest

from ...conftest import Caller


@pytest.fixture
async def actions(hass: HomeAssistant) -> None:
    """Real integrations with documented actions, and one that only answers."""
    assert await async_setup_component(hass, "light", {})
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"a": {}}}
    )

    async def echo(call: ServiceCall) -> dict:
        return {}

    hass.services.async_register(
        "test", "echo", echo, supports_response=SupportsResponse.ONLY
    )


async def test_lists_actions_per_domain(
    hass: HomeAssistant, admin: Caller, actions
) -> None:
    response = await admin.call(
        "ha_list_services", {"domain": ["input_boolean", "light"]}
    )
    assert response.status == HTTPStatus.OK
    items = response.body["result"]["items"]
    assert [item["domain"] for item in items] == ["input_boolean", "light"]
    services = {row["service"]: row["description"] for row in items[0]["services"]}
    assert set(services) == {"reload", "toggle", "turn_off", "turn_on"}
    translations = await async_get_translations(
        hass, "en", "services", {"input_boolean"}
    )
    expected = translations["component.input_boolean.services.turn_on.description"]
    assert (
        services["turn_on"] == expected.split(". ")[0].rstrip(".")
        or services["turn_on"] == expected
    )
    assert all(description for description in services.values())


async def test_lists_every_domain_in_pages(admin: Caller, actions) -> None:
    first = await admin.call("ha_list_services", {"limit": 2})
    result = first.body["result"]
    assert result["count"] == 2
    assert result["has_more"] is True
    rest = await admin.call(
        "ha_list_services", {"limit": 500, "cursor": result["next_cursor"]}
    )
    domains = [
        item["domain"] for item in result["items"] + rest.body["result"]["items"]
    ]
    assert domains == sorted(domains)
    assert {"light", "input_boolean", "test"} <= set(domains)
    assert len(domains) == result["total"]


async def test_domains_are_read_in_any_case_and_as_one_or_many(
    admin: Caller, actions
) -> None:
    for domain in ("LIGHT", ["Light"], ["light", "LIGHT"]):
        response = await admin.call("ha_list_services", {"domain": domain})
        assert response.status == HTTPStatus.OK, (domain, response.body)
        assert [item["domain"] for item in response.body["result"]["items"]] == [
            "light"
        ]


async def test_unknown_domain(admin: Caller, actions) -> None:
    response = await admin.call("ha_list_services", {"domain": "ligth"})
    assert response.status == HTTPStatus.NOT_FOUND
    assert response.body["error"]["suggestions"][0] == "light"


async def test_describes_fields_target_and_response(
    hass: HomeAssistant, admin: Caller, actions
) -> None:
    response = await admin.call(
        "ha_describe_service", {"domain": "light", "service": "turn_on"}
    )
    assert response.status == HTTPStatus.OK
    action = response.body["result"]
    texts = await async_get_translations(hass, "en", "services", {"light"})
    key = "component.light.services.turn_on"
    assert action["action"] == "light.turn_on"
    assert action["name"] == texts[f"{key}.name"]
    assert action["description"] == texts[f"{key}.description"]
    assert action["response"] == "none"
    assert action["target"]["entity"][0]["domain"] == ["light"]
    brightness = action["fields"]["brightness_pct"]
    assert brightness["required"] is False
    assert brightness["selector"]["number"]["max"] == 100
    assert brightness["name"] == texts[f"{key}.fields.brightness_pct.name"]
    assert "filter" in action["fields"]["transition"]


async def test_describes_response_only_actions(admin: Caller, actions) -> None:
    response = await admin.call(
        "ha_describe_service", {"domain": "test", "service": "echo"}
    )
    assert response.body["result"]["response"] == "only"
    assert response.body["result"]["fields"] == {}


async def test_unknown_action(admin: Caller, actions) -> None:
    response = await admin.call(
        "ha_describe_service", {"domain": "light", "service": "turn_onn"}
    )
    assert response.status == HTTPStatus.NOT_FOUND
    assert response.body["error"]["suggestions"][0] == "light.turn_on"
