"""ha_search_entities: ranking, typos, filters, paging and visibility."""

from __future__ import annotations

from http import HTTPStatus

from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import CONF_EXPOSED_ONLY

from ...conftest import Caller, Home

HOME_ENTITIES = [
    "light.kitchen_ceiling",
    "light.living_lamp",
    "sensor.bedroom_humidity",
    "sensor.kitchen_temperature",
    "switch.garden_pump",
]


async def search(caller: Caller, **arguments) -> dict:
    response = await caller.call("ha_search_entities", arguments)
    assert response.status == HTTPStatus.OK, response.body
    return response.body["result"]


def ids(result: dict) -> list[str]:
    return [row["entity_id"] for row in result["items"]]


async def test_lists_compact_rows_without_a_query(admin: Caller, home: Home) -> None:
    result = await search(admin, domain=["light", "sensor", "switch"])
    assert ids(result) == HOME_ENTITIES
    assert result["total"] == 5
    temperature = result["items"][3]
    assert temperature == {
        "entity_id": "sensor.kitchen_temperature",
        "name": "Kitchen temperature",
        "state": "21.5",
        "unit": "°C",
        "area": "Kitchen",
    }
    assert result["items"][4] == {
        "entity_id": "switch.garden_pump",
        "name": "Garden pump",
        "state": "on",
    }


async def test_ranks_name_matches_first(admin: Caller, home: Home) -> None:
    result = await search(admin, query="kitchen light")
    assert ids(result) == ["light.kitchen_ceiling"]
    result = await search(admin, query="kitchen")
    # Both kitchen entities, by name; the device name also says kitchen.
    assert ids(result)[:2] == ["light.kitchen_ceiling", "sensor.kitchen_temperature"]


async def test_ranks_a_whole_word_in_the_name_over_part_of_one_over_the_id(
    hass: HomeAssistant, admin: Caller
) -> None:
    # Alphabetical order is the reverse of the ranking, so a tie would show.
    hass.states.async_set("light.lantern_plug", "on", {"friendly_name": "Plug"})
    hass.states.async_set("light.m_shade", "on", {"friendly_name": "Lanterns"})
    hass.states.async_set("light.z_desk", "on", {"friendly_name": "Desk lantern"})
    assert ids(await search(admin, query="lantern")) == [
        "light.z_desk",
        "light.m_shade",
        "light.lantern_plug",
    ]


async def test_matches_area_and_device_names(admin: Caller, home: Home) -> None:
    assert ids(await search(admin, query="living room")) == ["light.living_lamp"]
    assert set(ids(await search(admin, query="hub"))) == {
        "light.kitchen_ceiling",
        "sensor.kitchen_temperature",
    }


async def test_tolerates_typos_and_says_so(admin: Caller, home: Home) -> None:
    result = await search(admin, query="kitchn temprature")
    assert ids(result) == ["sensor.kitchen_temperature"]
    assert result["corrected"] == {"kitchn": ["kitchen"], "temprature": ["temperature"]}


async def test_nothing_found_is_an_empty_page(admin: Caller, home: Home) -> None:
    result = await search(admin, query="zzzz")
    assert result["items"] == []
    assert result["total"] == 0
    assert result["corrected"] == {"zzzz": []}


async def test_filters(admin: Caller, home: Home) -> None:
    assert ids(await search(admin, area="Kitchen")) == [
        "light.kitchen_ceiling",
        "sensor.kitchen_temperature",
    ]
    assert ids(await search(admin, area=home.bedroom)) == ["sensor.bedroom_humidity"]
    assert ids(await search(admin, floor="First floor")) == ["sensor.bedroom_humidity"]
    assert ids(await search(admin, floor=home.ground_floor, domain="light")) == [
        "light.kitchen_ceiling",
        "light.living_lamp",
    ]
    assert ids(await search(admin, label="night")) == ["light.living_lamp"]
    assert ids(await search(admin, device="Kitchen Hub", domain="sensor")) == [
        "sensor.kitchen_temperature"
    ]
    assert ids(await search(admin, integration="acme")) == [
        "light.kitchen_ceiling",
        "sensor.kitchen_temperature",
    ]
    assert ids(await search(admin, state="on", domain=["light", "switch"])) == [
        "light.kitchen_ceiling",
        "switch.garden_pump",
    ]
    assert ids(await search(admin, device_class="humidity")) == [
        "sensor.bedroom_humidity"
    ]
    assert ids(await search(admin, has_attribute="unit_of_measurement")) == [
        "sensor.bedroom_humidity",
        "sensor.kitchen_temperature",
    ]


async def test_unknown_filter_values_are_404_with_suggestions(
    admin: Caller, home: Home
) -> None:
    response = await admin.call("ha_search_entities", {"area": "Kitchn"})
    assert response.status == HTTPStatus.NOT_FOUND
    assert (
        response.body["error"]["message"]
        == "area Kitchn not found; did you mean Kitchen?"
    )
    device = await admin.call("ha_search_entities", {"device": "Kitchen Hb"})
    assert device.body["error"]["suggestions"][0] == "Kitchen Hub"


async def test_extra_fields_and_attributes(admin: Caller, home: Home) -> None:
    result = await search(
        admin,
        query="kitchen temperature",
        fields=["device", "floor_id", "labels", "device_class", "platform"],
        include_attributes=["device_class", "missing"],
    )
    row = result["items"][0]
    assert row["device"] == "Kitchen Hub"
    assert row["floor_id"] == home.ground_floor
    assert row["labels"] == []
    assert row["device_class"] == "temperature"
    assert row["platform"] == "acme"
    assert row["attributes"] == {"device_class": "temperature"}
    everything = await search(admin, query="living lamp", include_attributes=True)
    assert everything["items"][0]["attributes"] == {"friendly_name": "Living lamp"}


async def test_pages_have_no_duplicates_or_gaps(admin: Caller, home: Home) -> None:
    seen: list[str] = []
    arguments: dict = {"domain": ["light", "sensor", "switch"], "limit": 2}
    while True:
        result = await search(admin, **arguments)
        assert len(result["items"]) <= 2
        seen.extend(ids(result))
        if not result["has_more"]:
            break
        arguments["cursor"] = result["next_cursor"]
    assert seen == HOME_ENTITIES


async def test_index_follows_registry_and_state_changes(
    hass: HomeAssistant, admin: Caller, home: Home
) -> None:
    assert ids(await search(admin, query="pump")) == ["switch.garden_pump"]
    er.async_get(hass).async_update_entity("switch.garden_pump", aliases={"irrigation"})
    await hass.async_block_till_done()
    assert ids(await search(admin, query="irrigation")) == ["switch.garden_pump"]

    hass.states.async_set(
        "sensor.cellar_temperature", "12", {"friendly_name": "Cellar"}
    )
    await hass.async_block_till_done()
    assert ids(await search(admin, query="cellar")) == ["sensor.cellar_temperature"]
    hass.states.async_remove("sensor.cellar_temperature")
    await hass.async_block_till_done()
    assert ids(await search(admin, query="cellar")) == []


async def test_only_what_the_caller_may_see(
    hass: HomeAssistant, limited: Caller, home: Home, booleans
) -> None:
    assert ids(await search(limited)) == ["input_boolean.allowed"]
    assert ids(await search(limited, query="kitchen")) == []


async def test_exposure_option(
    hass: HomeAssistant, setup_integration: MockConfigEntry, admin: Caller, home: Home
) -> None:
    for entity_id in HOME_ENTITIES:
        async_expose_entity(
            hass, "conversation", entity_id, entity_id.startswith("light.")
        )
    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_EXPOSED_ONLY: True}
    )
    await hass.async_block_till_done()
    assert ids(await search(admin, domain=["light", "sensor", "switch"])) == [
        "light.kitchen_ceiling",
        "light.living_lamp",
    ]


async def test_a_hidden_device_is_as_unknown_as_a_missing_one(
    admin: Caller, limited: Caller, home: Home
) -> None:
    # Every entity of the Kitchen Hub is hidden from the limited user.
    for name in ("Kitchen Hub", "Kitchen Hbu"):
        for tool in ("ha_search_entities", "ha_get_device"):
            response = await limited.call(tool, {"device": name})
            assert response.status == HTTPStatus.NOT_FOUND, (tool, name)
            assert response.body["error"]["message"] == f"device {name} not found"
            assert "suggestions" not in response.body["error"]
    # An administrator sees it, and is told of a near miss.
    found = await admin.call("ha_search_entities", {"device": "Kitchen Hub"})
    assert ids(found.body["result"]) == [
        "light.kitchen_ceiling",
        "sensor.kitchen_temperature",
    ]
    missed = await admin.call("ha_get_device", {"device": "Kitchen Hbu"})
    assert missed.body["error"]["suggestions"] == ["Kitchen Hub"]
