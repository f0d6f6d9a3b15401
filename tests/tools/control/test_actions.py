"""Buttons, values, options, booleans, scenes, scripts, events and bulk control."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import CONF_OUTCOME_WAIT

from ...conftest import Caller


@pytest.fixture
async def helpers(hass: HomeAssistant) -> None:
    """Real helper, script and scene entities."""
    assert await async_setup_component(
        hass,
        "input_number",
        {"input_number": {"volume": {"min": 0, "max": 10, "step": 0.5}}},
    )
    assert await async_setup_component(
        hass, "input_text", {"input_text": {"code": {"max": 5}}}
    )
    assert await async_setup_component(
        hass, "input_select", {"input_select": {"mode": {"options": ["a", "b", "c"]}}}
    )
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"lamp": {}, "other": {}}}
    )
    assert await async_setup_component(
        hass,
        "input_datetime",
        {"input_datetime": {"alarm": {"has_date": True, "has_time": True}}},
    )
    assert await async_setup_component(
        hass, "input_button", {"input_button": {"doorbell": {}}}
    )
    assert await async_setup_component(
        hass,
        "script",
        {
            "script": {
                "answer": {
                    "sequence": [
                        {"variables": {"result": {"sum": "{{ a + b }}"}}},
                        {"stop": "done", "response_variable": "result"},
                    ]
                }
            }
        },
    )
    assert await async_setup_component(
        hass,
        "scene",
        {"scene": [{"name": "Evening", "entities": {"input_boolean.lamp": "on"}}]},
    )
    await hass.async_block_till_done()


async def ok(caller: Caller, tool: str, **arguments: Any) -> Any:
    response = await caller.call(tool, arguments)
    assert response.status == HTTPStatus.OK, response.body
    return response.body["result"]


async def bad(caller: Caller, tool: str, **arguments: Any) -> str:
    response = await caller.call(tool, arguments)
    assert response.status == HTTPStatus.BAD_REQUEST, response.body
    return response.body["error"]["message"]


async def test_set_value_within_limits(
    hass: HomeAssistant, admin: Caller, helpers
) -> None:
    result = await ok(admin, "ha_set_value", entity_id="input_number.volume", value=2.5)
    assert result["outcome"] == "done"
    assert hass.states.get("input_number.volume").state == "2.5"
    assert "accepts 0.0-10.0" in await bad(
        admin, "ha_set_value", entity_id="input_number.volume", value=11
    )
    assert (await ok(admin, "ha_set_value", entity_id="input_text.code", value="hey"))[
        "outcome"
    ] == "done"
    assert hass.states.get("input_text.code").state == "hey"
    assert "takes 0-5 characters" in await bad(
        admin, "ha_set_value", entity_id="input_text.code", value="toolong"
    )
    await ok(
        admin,
        "ha_set_value",
        entity_id="input_datetime.alarm",
        value="2026-11-28 07:30:00",
    )
    assert hass.states.get("input_datetime.alarm").state == "2026-11-28 07:30:00"


async def test_set_value_keeps_texts_as_given_and_reads_times_as_ha_does(
    hass: HomeAssistant, admin: Caller, helpers
) -> None:
    for text in ("123", "007"):
        result = await ok(
            admin, "ha_set_value", entity_id="input_text.code", value=text
        )
        assert result["outcome"] == "done"
        assert hass.states.get("input_text.code").state == text
    # A number for a text is written as the caller wrote it.
    await ok(admin, "ha_set_value", entity_id="input_text.code", value=42)
    assert hass.states.get("input_text.code").state == "42"

    await hass.config.async_set_time_zone("Asia/Kolkata")
    # A zone other than HA's: input_datetime keeps the wall time as written.
    moment = await ok(
        admin,
        "ha_set_value",
        entity_id="input_datetime.alarm",
        value="2026-11-29T06:05:00+00:00",
    )
    assert moment["outcome"] == "done"
    assert hass.states.get("input_datetime.alarm").state == "2026-11-29 06:05:00"
    assert "is not a date and time" in await bad(
        admin, "ha_set_value", entity_id="input_datetime.alarm", value="tomorrow"
    )


async def test_set_value_accepts_a_number_the_entity_rounds_to_its_step(
    hass: HomeAssistant, admin: Caller, helpers, setup_integration: MockConfigEntry
) -> None:
    # A device that keeps whole steps of 0.5, like many thermostats and dimmers.
    assert await async_setup_component(
        hass,
        "template",
        {
            "template": {
                "number": {
                    "name": "Setpoint",
                    "state": "{{ states('input_number.volume') }}",
                    "min": 0,
                    "max": 10,
                    "step": 0.5,
                    "set_value": {
                        "action": "input_number.set_value",
                        "target": {"entity_id": "input_number.volume"},
                        "data": {"value": "{{ [(value * 2) | round / 2, 5] | min }}"},
                    },
                }
            }
        },
    )
    await hass.async_block_till_done()
    result = await ok(admin, "ha_set_value", entity_id="number.setpoint", value=2.26)
    assert hass.states.get("number.setpoint").state == "2.5"
    assert result["outcome"] == "done"
    # A device that stops short of the value (here at 5) has not done it.
    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_OUTCOME_WAIT: 0.2}
    )
    stopped = await ok(admin, "ha_set_value", entity_id="number.setpoint", value=9)
    assert hass.states.get("number.setpoint").state == "5.0"
    assert stopped["outcome"] == "not_changed"


async def test_select_option(hass: HomeAssistant, admin: Caller, helpers) -> None:
    assert (
        await ok(admin, "ha_select_option", entity_id="input_select.mode", option="b")
    )["outcome"] == "done"
    assert hass.states.get("input_select.mode").state == "b"
    assert "it supports a, b, c" in await bad(
        admin, "ha_select_option", entity_id="input_select.mode", option="z"
    )


async def test_boolean_button_and_scene(
    hass: HomeAssistant, admin: Caller, helpers
) -> None:
    await ok(admin, "ha_set_boolean", entity_id="input_boolean.other", action="toggle")
    assert hass.states.get("input_boolean.other").state == "on"

    before = hass.states.get("input_button.doorbell").state
    pressed = await ok(admin, "ha_press_button", entity_id="input_button.doorbell")
    assert pressed["outcome"] == "done"
    assert hass.states.get("input_button.doorbell").state != before

    scene = await ok(admin, "ha_activate_scene", entity_id="scene.evening")
    assert scene["outcome"] == "done"
    assert hass.states.get("input_boolean.lamp").state == "on"


async def test_run_script_returns_its_response(admin: Caller, helpers) -> None:
    result = await ok(
        admin, "ha_run_script", entity_id="script.answer", variables={"a": 2, "b": 3}
    )
    assert result["outcome"] == "done"
    assert result["response"] == {"sum": 5}
    assert result["state"]["state"] == "off"  # finished, so no longer running


async def test_fire_event(
    hass: HomeAssistant, admin: Caller, hass_admin_user: Any
) -> None:
    events = async_capture_events(hass, "garden_watered")
    assert await ok(
        admin, "ha_fire_event", event_type="garden_watered", event_data={"litres": 3}
    ) == {"fired": "garden_watered"}
    await hass.async_block_till_done()
    assert [event.data for event in events] == [{"litres": 3}]
    assert events[0].context.user_id == hass_admin_user.id
    for reserved in (
        "state_changed",
        "call_service",
        "homeassistant_stop",
        "user_added",
        "area_registry_updated",
        "automation_triggered",
        "ha_openapi_tool_called",
        "http_custom",  # starts with a loaded integration's domain
    ):
        assert "cannot be faked" in await bad(
            admin, "ha_fire_event", event_type=reserved
        ), reserved
    await hass.async_block_till_done()
    assert [event.data for event in events] == [{"litres": 3}]


async def test_bulk_reports_each_entity(
    hass: HomeAssistant, admin: Caller, helpers
) -> None:
    result = await ok(
        admin,
        "ha_bulk_control",
        entity_ids=[
            "input_boolean.lamp",
            "input_boolean.other",
            "input_boolean.missing",
            "input_number.volume",
        ],
        action="on",
    )
    assert result["summary"] == {"done": 2, "error": 2}
    by_id = {item["entity_id"]: item for item in result["results"]}
    assert by_id["input_boolean.lamp"]["state"] == "on"
    assert by_id["input_boolean.missing"]["error"]["code"] == "not_found"
    assert by_id["input_number.volume"]["error"]["code"] == "invalid_arguments"
    assert hass.states.get("input_boolean.other").state == "on"


async def test_bulk_without_permission(
    hass: HomeAssistant, non_admin: Caller, helpers
) -> None:
    result = await ok(
        non_admin, "ha_bulk_control", entity_ids=["input_boolean.lamp"], action="on"
    )
    assert result["results"][0]["error"]["code"] == "forbidden"
    assert hass.states.get("input_boolean.lamp").state == "off"


async def test_home_assistant_refusing_an_event_type_is_a_400(
    hass: HomeAssistant, admin: Caller
) -> None:
    long_type = "x" * 65
    events = async_capture_events(hass, long_type)
    response = await admin.call("ha_fire_event", {"event_type": long_type})
    assert response.status == HTTPStatus.BAD_REQUEST
    assert response.body["error"] == {
        "code": "invalid_arguments",
        "message": "event_type: longer than the 64 characters Home Assistant allows",
        "field": "event_type",
    }
    await hass.async_block_till_done()
    assert events == []
