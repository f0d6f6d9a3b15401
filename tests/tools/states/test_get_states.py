"""ha_get_states: results, errors and who may see what."""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus

from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import CONF_EXPOSED_ONLY

from ...conftest import Caller


async def test_reads_states_in_the_order_asked(
    hass: HomeAssistant, admin: Caller, booleans
) -> None:
    await hass.services.async_call(
        "input_boolean",
        "turn_on",
        {"entity_id": "input_boolean.hallway"},
        blocking=True,
    )
    response = await admin.call(
        "ha_get_states",
        {"entity_ids": ["input_boolean.hallway", "input_boolean.kitchen"]},
    )
    assert response.status == HTTPStatus.OK
    states = response.body["result"]["states"]
    assert [state["entity_id"] for state in states] == [
        "input_boolean.hallway",
        "input_boolean.kitchen",
    ]
    hallway = hass.states.get("input_boolean.hallway")
    assert states[0]["state"] == "on"
    assert states[0]["name"] == "Hallway"
    assert states[0]["attributes"] == dict(hallway.attributes)
    # Times are in HA's zone, with its offset (the test zone is US/Pacific).
    assert (
        states[0]["last_changed"] == dt_util.as_local(hallway.last_changed).isoformat()
    )
    assert datetime.fromisoformat(states[0]["last_changed"]) == hallway.last_changed
    assert states[0]["last_changed"][-6:] in ("-08:00", "-07:00")
    assert states[1]["state"] == "off"


async def test_accepts_a_single_id(admin: Caller, booleans) -> None:
    response = await admin.call(
        "ha_get_states", {"entity_ids": "input_boolean.kitchen"}
    )
    assert response.status == HTTPStatus.OK
    assert [state["entity_id"] for state in response.body["result"]["states"]] == [
        "input_boolean.kitchen"
    ]


async def test_unknown_id_suggests_close_matches(admin: Caller, booleans) -> None:
    response = await admin.call(
        "ha_get_states",
        {"entity_ids": ["input_boolean.kitchen", "input_boolean.kitchn"]},
    )
    assert response.status == HTTPStatus.NOT_FOUND
    error = response.body["error"]
    assert error["code"] == "not_found"
    assert error["message"] == (
        "entity not found: input_boolean.kitchn (did you mean input_boolean.kitchen?)"
    )
    assert error["suggestions"][0] == "input_boolean.kitchen"


async def test_non_admin_reads_with_read_permission(
    non_admin: Caller, booleans
) -> None:
    response = await non_admin.call(
        "ha_get_states", {"entity_ids": ["input_boolean.kitchen"]}
    )
    assert response.status == HTTPStatus.OK
    assert response.body["result"]["states"][0]["state"] == "off"


async def test_entity_policy_hides_forbidden_entities(
    limited: Caller, booleans
) -> None:
    allowed = await limited.call(
        "ha_get_states", {"entity_ids": ["input_boolean.allowed"]}
    )
    assert allowed.status == HTTPStatus.OK
    assert allowed.body["result"]["states"][0]["entity_id"] == "input_boolean.allowed"

    forbidden = await limited.call(
        "ha_get_states", {"entity_ids": ["input_boolean.kitchen"]}
    )
    assert forbidden.status == HTTPStatus.NOT_FOUND
    assert "result" not in forbidden.body
    assert (
        forbidden.body["error"]["message"] == "entity not found: input_boolean.kitchen"
    )
    typo = await limited.call("ha_get_states", {"entity_ids": ["input_boolean.kitchn"]})
    assert typo.status == HTTPStatus.NOT_FOUND
    assert "input_boolean.kitchen" not in str(typo.body)


async def test_exposure_option_limits_what_agents_see(
    hass: HomeAssistant, setup_integration: MockConfigEntry, admin: Caller, booleans
) -> None:
    for entity_id in (
        "input_boolean.kitchen",
        "input_boolean.hallway",
        "input_boolean.allowed",
    ):
        async_expose_entity(
            hass, "conversation", entity_id, entity_id == "input_boolean.kitchen"
        )
    both = {"entity_ids": ["input_boolean.kitchen", "input_boolean.hallway"]}
    assert (await admin.call("ha_get_states", both)).status == HTTPStatus.OK

    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_EXPOSED_ONLY: True}
    )
    await hass.async_block_till_done()

    hidden = await admin.call("ha_get_states", both)
    assert hidden.status == HTTPStatus.NOT_FOUND
    assert hidden.body["error"]["message"].startswith(
        "entity not found: input_boolean.hallway"
    )
    exposed = await admin.call(
        "ha_get_states", {"entity_ids": ["input_boolean.kitchen"]}
    )
    assert exposed.status == HTTPStatus.OK


async def test_selects_attributes_for_bulk_reads(admin: Caller, home) -> None:
    response = await admin.call(
        "ha_get_states",
        {
            "entity_ids": ["sensor.kitchen_temperature", "sensor.bedroom_humidity"],
            "attributes": ["unit_of_measurement", "not_there"],
        },
    )
    assert response.status == HTTPStatus.OK
    states = response.body["result"]["states"]
    assert [state["attributes"] for state in states] == [
        {"unit_of_measurement": "°C"},
        {"unit_of_measurement": "%"},
    ]
    none = await admin.call(
        "ha_get_states",
        {"entity_ids": ["sensor.kitchen_temperature"], "attributes": []},
    )
    assert none.body["result"]["states"][0]["attributes"] == {}
    assert none.body["result"]["states"][0]["state"] == "21.5"
