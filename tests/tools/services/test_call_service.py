"""ha_call_service: what it does, what it reports, and who may do it."""

from __future__ import annotations

import asyncio
from http import HTTPStatus
import json

from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.core import HomeAssistant, ServiceCall, SupportsResponse
from homeassistant.helpers import area_registry as ar, entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import CONF_EXPOSED_ONLY
from custom_components.ha_openapi.tools import shared

from ...conftest import Caller

KITCHEN = "input_boolean.kitchen"
HALLWAY = "input_boolean.hallway"


def turn_on(*entity_ids: str) -> dict:
    return {
        "domain": "input_boolean",
        "service": "turn_on",
        "target": {"entity_id": list(entity_ids)},
    }


async def test_turns_on_and_reports_the_new_state(
    hass: HomeAssistant, admin: Caller, booleans, hass_admin_user
) -> None:
    response = await admin.call("ha_call_service", turn_on(KITCHEN))
    assert response.status == HTTPStatus.OK
    result = response.body["result"]
    assert result["completed"] is True
    assert [state["entity_id"] for state in result["changed_states"]] == [KITCHEN]
    assert result["changed_states"][0]["state"] == "on"
    state = hass.states.get(KITCHEN)
    assert state.state == "on"
    assert state.context.user_id == hass_admin_user.id
    assert hass.states.get(HALLWAY).state == "off"
    assert "message" not in result


async def test_says_when_nothing_changed(
    hass: HomeAssistant, admin: Caller, booleans
) -> None:
    await admin.call("ha_call_service", turn_on(KITCHEN))
    again = await admin.call("ha_call_service", turn_on(KITCHEN))
    assert again.status == HTTPStatus.OK
    assert again.body["result"]["changed_states"] == []
    assert again.body["result"]["message"] == (
        "the action finished; no entity state changed because of it"
    )


async def test_entity_id_in_data_works_too(
    hass: HomeAssistant, admin: Caller, booleans
) -> None:
    response = await admin.call(
        "ha_call_service",
        {
            "domain": "input_boolean",
            "service": "toggle",
            "data": {"entity_id": HALLWAY},
        },
    )
    assert response.status == HTTPStatus.OK
    assert hass.states.get(HALLWAY).state == "on"


async def test_target_given_twice_is_refused(
    hass: HomeAssistant, admin: Caller, booleans
) -> None:
    response = await admin.call(
        "ha_call_service", {**turn_on(KITCHEN), "data": {"entity_id": HALLWAY}}
    )
    assert response.status == HTTPStatus.BAD_REQUEST
    assert response.body["error"]["field"] == "data.entity_id"
    assert hass.states.get(KITCHEN).state == "off"
    assert hass.states.get(HALLWAY).state == "off"


async def test_unknown_domain_and_action_suggest_names(admin: Caller, booleans) -> None:
    domain = await admin.call(
        "ha_call_service", {"domain": "input_boolen", "service": "turn_on"}
    )
    assert domain.status == HTTPStatus.NOT_FOUND
    assert domain.body["error"]["message"] == (
        "action domain input_boolen not found; did you mean input_boolean?"
    )
    action = await admin.call(
        "ha_call_service", {"domain": "input_boolean", "service": "turn_onn"}
    )
    assert action.status == HTTPStatus.NOT_FOUND
    assert action.body["error"]["suggestions"][0] == "input_boolean.turn_on"


async def test_missing_entity_is_404_not_a_silent_success(
    hass: HomeAssistant, admin: Caller, booleans
) -> None:
    response = await admin.call("ha_call_service", turn_on("input_boolean.kitchn"))
    assert response.status == HTTPStatus.NOT_FOUND
    assert response.body["error"]["suggestions"] == [KITCHEN]
    assert hass.states.get(KITCHEN).state == "off"


async def test_missing_area_is_404(
    admin: Caller, booleans, hass: HomeAssistant
) -> None:
    ar.async_get(hass).async_create("Living room")
    response = await admin.call(
        "ha_call_service",
        {
            "domain": "input_boolean",
            "service": "turn_on",
            "target": {"area_id": "living_rom"},
        },
    )
    assert response.status == HTTPStatus.NOT_FOUND
    assert (
        response.body["error"]["message"]
        == "area living_rom not found; did you mean living_room?"
    )


async def test_invalid_data_names_the_field(
    hass: HomeAssistant, admin: Caller, booleans
) -> None:
    response = await admin.call(
        "ha_call_service",
        {**turn_on(KITCHEN), "data": {"brightness": 10}},
    )
    assert response.status == HTTPStatus.BAD_REQUEST
    error = response.body["error"]
    assert error["code"] == "invalid_arguments"
    assert error["field"] == "data.brightness"
    assert hass.states.get(KITCHEN).state == "off"


async def test_malformed_targets_in_data_are_refused_before_the_action(
    hass: HomeAssistant, admin: Caller, booleans
) -> None:
    response = await admin.call(
        "ha_call_service",
        {
            "domain": "input_boolean",
            "service": "turn_on",
            "data": {"entity_id": {"a": 1}},
        },
    )
    assert response.status == HTTPStatus.BAD_REQUEST, response.body
    assert response.body["error"]["field"] == "data.entity_id"
    assert hass.states.get(KITCHEN).state == "off"


async def test_an_action_without_a_target_blames_target(
    hass: HomeAssistant, admin: Caller, booleans
) -> None:
    response = await admin.call(
        "ha_call_service",
        {"domain": "input_boolean", "service": "turn_on", "target": {}},
    )
    assert response.status == HTTPStatus.BAD_REQUEST, response.body
    error = response.body["error"]
    assert error["field"] == "target"
    assert "give an entity_id" in error["message"]
    assert hass.states.get(KITCHEN).state == "off"


async def test_user_without_control_permission_gets_403(
    hass: HomeAssistant, non_admin: Caller, booleans
) -> None:
    response = await non_admin.call("ha_call_service", turn_on(KITCHEN))
    assert response.status == HTTPStatus.FORBIDDEN
    assert response.body["error"]["code"] == "forbidden"
    assert hass.states.get(KITCHEN).state == "off"


async def test_entity_policy_applies(
    hass: HomeAssistant, limited: Caller, booleans
) -> None:
    allowed = await limited.call("ha_call_service", turn_on("input_boolean.allowed"))
    assert allowed.status == HTTPStatus.OK
    assert hass.states.get("input_boolean.allowed").state == "on"

    hidden = await limited.call("ha_call_service", turn_on(KITCHEN))
    assert hidden.status == HTTPStatus.NOT_FOUND
    assert hass.states.get(KITCHEN).state == "off"


async def test_changes_the_caller_may_not_read_are_left_out(
    hass: HomeAssistant, admin: Caller, limited: Caller, booleans
) -> None:
    # An action that changes more than its target: the allowed switch, and the
    # kitchen light the limited user may not see.
    async def flip(call: ServiceCall) -> None:
        for entity_id in ("input_boolean.allowed", KITCHEN):
            current = hass.states.get(entity_id)
            hass.states.async_set(
                entity_id,
                "off" if current.state == "on" else "on",
                current.attributes,
                context=call.context,
            )

    hass.services.async_register("test", "flip", flip)

    by_admin = await admin.call(
        "ha_call_service", {"domain": "test", "service": "flip"}
    )
    assert sorted(
        state["entity_id"] for state in by_admin.body["result"]["changed_states"]
    ) == ["input_boolean.allowed", KITCHEN]

    by_limited = await limited.call(
        "ha_call_service", {"domain": "test", "service": "flip"}
    )
    assert by_limited.status == HTTPStatus.OK, by_limited.body
    assert [
        state["entity_id"] for state in by_limited.body["result"]["changed_states"]
    ] == ["input_boolean.allowed"]
    assert KITCHEN not in json.dumps(by_limited.body)
    assert hass.states.get(KITCHEN).state == "off"


@pytest.fixture
def echo_service(hass: HomeAssistant) -> None:
    """A real registered action that only answers with a response."""

    async def echo(call: ServiceCall) -> dict:
        return {"echo": call.data.get("text")}

    hass.services.async_register(
        "test", "echo", echo, supports_response=SupportsResponse.ONLY
    )


async def test_response_only_action_returns_its_response(
    admin: Caller, echo_service
) -> None:
    response = await admin.call(
        "ha_call_service", {"domain": "test", "service": "echo", "data": {"text": "hi"}}
    )
    assert response.status == HTTPStatus.OK
    assert response.body["result"]["response"] == {"echo": "hi"}

    refused = await admin.call(
        "ha_call_service",
        {"domain": "test", "service": "echo", "return_response": False},
    )
    assert refused.status == HTTPStatus.BAD_REQUEST
    assert refused.body["error"]["field"] == "return_response"


async def test_response_from_an_action_without_one_is_refused(
    admin: Caller, booleans
) -> None:
    response = await admin.call(
        "ha_call_service", {**turn_on(KITCHEN), "return_response": True}
    )
    assert response.status == HTTPStatus.BAD_REQUEST
    assert response.body["error"]["message"] == (
        "return_response: input_boolean.turn_on returns no response; omit return_response"
    )


async def test_slow_action_is_reported_as_still_running(
    hass: HomeAssistant, admin: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = asyncio.Event()
    finished: list[bool] = []

    async def slow(call: ServiceCall) -> None:
        await release.wait()
        finished.append(True)

    hass.services.async_register("test", "slow", slow)
    monkeypatch.setattr(shared, "SERVICE_CALL_TIMEOUT", 0.05)

    response = await admin.call(
        "ha_call_service", {"domain": "test", "service": "slow"}
    )
    assert response.status == HTTPStatus.OK
    result = response.body["result"]
    assert result["completed"] is False
    assert "still running" in result["message"]
    assert finished == []

    release.set()
    await hass.async_block_till_done()
    assert finished == [True]


@pytest.fixture
async def exposed_kitchen_only(
    hass: HomeAssistant, setup_integration: MockConfigEntry, booleans
) -> None:
    """Both booleans in one area; only the kitchen exposed; the option on."""
    area = ar.async_get(hass).async_create("Ground floor")
    entities = er.async_get(hass)
    for entity_id in (KITCHEN, HALLWAY):
        entities.async_update_entity(entity_id, area_id=area.id)
        async_expose_entity(hass, "conversation", entity_id, entity_id == KITCHEN)
    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_EXPOSED_ONLY: True}
    )
    await hass.async_block_till_done()


async def test_exposure_narrows_area_targets(
    hass: HomeAssistant, admin: Caller, exposed_kitchen_only
) -> None:
    response = await admin.call(
        "ha_call_service",
        {
            "domain": "input_boolean",
            "service": "turn_on",
            "target": {"area_id": "ground_floor"},
        },
    )
    assert response.status == HTTPStatus.OK
    assert response.body["result"]["skipped_entities"] == [HALLWAY]
    assert hass.states.get(KITCHEN).state == "on"
    assert hass.states.get(HALLWAY).state == "off"


async def test_exposure_hides_named_entities(
    hass: HomeAssistant, admin: Caller, exposed_kitchen_only
) -> None:
    response = await admin.call("ha_call_service", turn_on(HALLWAY))
    assert response.status == HTTPStatus.NOT_FOUND
    assert hass.states.get(HALLWAY).state == "off"

    everything = await admin.call(
        "ha_call_service",
        {
            "domain": "input_boolean",
            "service": "turn_on",
            "target": {"entity_id": "all"},
        },
    )
    assert everything.status == HTTPStatus.FORBIDDEN
    assert hass.states.get(KITCHEN).state == "off"


async def test_entity_lists_in_every_form_are_checked(
    hass: HomeAssistant, admin: Caller, booleans
) -> None:
    # A list, a comma-separated string (Home Assistant's own reading), one id.
    for target in (
        ["input_boolean.kitchen", "input_boolean.hallway"],
        "input_boolean.kitchen, input_boolean.hallway",
    ):
        response = await admin.call(
            "ha_call_service",
            {
                "domain": "input_boolean",
                "service": "toggle",
                "target": {"entity_id": target},
            },
        )
        assert response.status == HTTPStatus.OK, response.body
        assert sorted(
            state["entity_id"] for state in response.body["result"]["changed_states"]
        ) == ["input_boolean.hallway", "input_boolean.kitchen"]
    for target in (
        ["input_boolean.kitchen", "input_boolean.kitchn"],
        "input_boolean.kitchen, input_boolean.kitchn",
    ):
        missing = await admin.call(
            "ha_call_service",
            {
                "domain": "input_boolean",
                "service": "turn_on",
                "target": {"entity_id": target},
            },
        )
        assert missing.status == HTTPStatus.NOT_FOUND, target
        assert missing.body["error"]["suggestions"] == ["input_boolean.kitchen"]
    assert hass.states.get("input_boolean.kitchen").state == "off"


async def test_an_error_naming_thousands_of_ids_stays_small(
    admin: Caller, booleans
) -> None:
    unknown = [f"input_boolean.nothing_{number}" for number in range(2000)]
    response = await admin.call(
        "ha_call_service",
        {
            "domain": "input_boolean",
            "service": "turn_on",
            "target": {"entity_id": unknown},
        },
    )
    assert response.status == HTTPStatus.NOT_FOUND
    assert len(json.dumps(response.body)) < 4096
    assert response.body["error"]["message"].endswith("and 1995 more")


async def test_exposure_covers_entities_named_in_data_and_reached_indirectly(
    hass: HomeAssistant, admin: Caller, exposed_kitchen_only
) -> None:
    assert await async_setup_component(hass, "scene", {})
    assert await async_setup_component(
        hass,
        "script",
        {
            "script": {
                "hall_on": {
                    "sequence": [
                        {
                            "action": "input_boolean.turn_on",
                            "target": {"entity_id": HALLWAY},
                        }
                    ]
                },
                "kitchen_on": {
                    "sequence": [
                        {
                            "action": "input_boolean.turn_on",
                            "target": {"entity_id": KITCHEN},
                        }
                    ]
                },
            }
        },
    )
    for script in ("script.hall_on", "script.kitchen_on"):
        async_expose_entity(hass, "conversation", script, True)
    await hass.async_block_till_done()

    # An entity id as a key of the data (scene.apply) is checked like a target.
    applied = await admin.call(
        "ha_call_service",
        {"domain": "scene", "service": "apply", "data": {"entities": {HALLWAY: "on"}}},
    )
    assert applied.status == HTTPStatus.NOT_FOUND
    # A script that acts on a hidden entity is refused, however it is run.
    for arguments in (
        {
            "domain": "script",
            "service": "turn_on",
            "target": {"entity_id": "script.hall_on"},
        },
        {"domain": "script", "service": "hall_on"},
    ):
        refused = await admin.call("ha_call_service", arguments)
        assert refused.status == HTTPStatus.FORBIDDEN, arguments
        assert f"acts on {HALLWAY}" in refused.body["error"]["message"]
    await hass.async_block_till_done()
    assert hass.states.get(HALLWAY).state == "off"

    # A script that only touches exposed entities runs.
    allowed = await admin.call(
        "ha_call_service", {"domain": "script", "service": "kitchen_on"}
    )
    assert allowed.status == HTTPStatus.OK, allowed.body
    await hass.async_block_till_done()
    assert hass.states.get(KITCHEN).state == "on"


async def test_an_action_that_crashes_is_home_assistants_failure_without_internals(
    hass: HomeAssistant, admin: Caller, booleans, caplog: pytest.LogCaptureFixture
) -> None:
    async def crash(service_call: ServiceCall) -> None:
        raise FileNotFoundError("/config/secret/configuration.yaml")

    hass.services.async_register("probe", "crash", crash)
    response = await admin.call(
        "ha_call_service", {"domain": "probe", "service": "crash"}
    )
    assert response.status == HTTPStatus.INTERNAL_SERVER_ERROR
    error = response.body["error"]
    assert error["code"] == "home_assistant_error"
    assert error["message"] == (
        "probe.crash failed inside Home Assistant (FileNotFoundError); the Home "
        f"Assistant log has the details under request {response.body['request_id']}"
    )
    assert "secret" not in json.dumps(response.body)
    # Logged with its traceback for the owner, as a warning: not this tool's error.
    logged = [
        record
        for record in caplog.records
        if response.body["request_id"] in record.getMessage()
    ]
    assert [record.levelname for record in logged] == ["WARNING"]
    assert logged[0].exc_info is not None
