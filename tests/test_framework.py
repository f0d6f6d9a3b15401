"""The dispatcher every call goes through: errors, audit, size bounds, entry lifecycle."""

from __future__ import annotations

from http import HTTPStatus
import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryDisabler
from homeassistant.core import Context, Event, HomeAssistant
from homeassistant.helpers import config_validation as cv
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)
import voluptuous as vol

from custom_components.ha_openapi import logbook as ha_openapi_logbook
from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import (
    CONF_MAX_RESPONSE_KB,
    CONF_RECORD_READS,
    DOMAIN,
    EVENT_TOOL_CALLED,
    MAX_REQUEST_BYTES,
    URL_PREFIX,
    ToolCategory,
)
from custom_components.ha_openapi.framework.dispatch import async_call_tool
from custom_components.ha_openapi.framework.output import (
    BinaryResult,
    pagination_fields,
)
from custom_components.ha_openapi.framework.tool import Tool

from .conftest import Caller
from .permissions import TOOL_NAMES


def make_tool(name: str, handler, parameters: vol.Schema = vol.Schema({})) -> Tool:  # noqa: B008
    """A read-only test tool."""
    return Tool(
        name=name,
        description=f"Test tool {name}.",
        category=ToolCategory.STATES,
        parameters=parameters,
        result={"type": "object"},
        handler=handler,
        read_only=True,
    )


def assert_error(response, status: int, code: str) -> dict:
    """Check the error envelope and return its error member."""
    assert response.status == status, response.body
    assert set(response.body) == {"ok", "tool", "request_id", "error"}
    assert response.body["ok"] is False
    assert response.headers["X-Request-ID"] == response.body["request_id"]
    assert response.body["error"]["code"] == code
    return response.body["error"]


async def test_success_envelope(admin: Caller, booleans) -> None:
    response = await admin.call(
        "ha_get_states", {"entity_ids": ["input_boolean.kitchen"]}
    )
    assert response.status == HTTPStatus.OK
    assert set(response.body) == {"ok", "tool", "request_id", "result"}
    assert response.body["ok"] is True
    assert response.body["tool"] == "ha_get_states"
    assert response.headers["X-Request-ID"] == response.body["request_id"]


async def test_body_that_is_not_json(admin: Caller) -> None:
    error = assert_error(
        await admin.call("ha_get_states", raw=b"{nope"), 400, "invalid_arguments"
    )
    assert error["message"] == "the request body is not valid JSON"


async def test_body_that_is_not_an_object(admin: Caller) -> None:
    error = assert_error(
        await admin.call("ha_get_states", raw=b"[1, 2]"), 400, "invalid_arguments"
    )
    assert error["message"] == "the request body must be a JSON object of arguments"


async def test_validation_error_names_the_field(admin: Caller) -> None:
    error = assert_error(
        await admin.call("ha_get_states", {"entity_ids": ["not an entity"]}),
        400,
        "invalid_arguments",
    )
    assert error["field"] == "entity_ids.0"
    assert "not an entity" in error["message"]


async def test_missing_and_unknown_arguments(admin: Caller) -> None:
    missing = assert_error(
        await admin.call("ha_get_states", {}), 400, "invalid_arguments"
    )
    assert missing["field"] == "entity_ids"
    assert "required" in missing["message"]
    extra = assert_error(
        await admin.call("ha_get_states", {"entity_ids": ["sun.sun"], "colour": "red"}),
        400,
        "invalid_arguments",
    )
    assert extra["field"] == "colour"
    assert (
        extra["message"]
        == "colour: unknown argument; ha_get_states takes entity_ids, attributes"
    )
    # Only invented arguments, to a tool that takes none.
    invented = assert_error(
        await admin.call("ha_list_floors", {"colour": "red"}), 400, "invalid_arguments"
    )
    assert invented["message"] == (
        "colour: unknown argument; ha_list_floors takes limit, cursor"
    )
    nothing = assert_error(
        await admin.call("ha_get_home_overview", {"z": 1}), 400, "invalid_arguments"
    )
    assert nothing["message"] == (
        "z: unknown argument; ha_get_home_overview takes no arguments"
    )
    # A body of only whitespace is no arguments, as an empty one is.
    for body in (b"", b"  \n "):
        blank = await admin.call("ha_list_floors", raw=body)
        assert blank.status == 200, blank.body
        assert blank.body["result"]["items"] == []


async def test_unknown_tool_suggests_the_closest(admin: Caller) -> None:
    error = assert_error(await admin.call("ha_get_state", {}), 404, "not_found")
    assert error["suggestions"][0] == "ha_get_states"
    assert error["message"].startswith(
        "tool ha_get_state not found; did you mean ha_get_states"
    )


async def test_unexpected_error_is_500_without_internals(
    hass: HomeAssistant,
    admin: Caller,
    register_tool,
    caplog: pytest.LogCaptureFixture,
) -> None:
    events = async_capture_events(hass, EVENT_TOOL_CALLED)

    async def broken(call, args):
        raise RuntimeError("secret detail /config/.storage/auth")

    register_tool(make_tool("ha_test_broken", broken))
    with caplog.at_level(logging.ERROR):
        response = await admin.call("ha_test_broken")
    await hass.async_block_till_done()

    error = assert_error(response, 500, "internal_error")
    assert response.body["tool"] == "ha_test_broken"
    assert [(event.data["tool"], event.data["outcome"]) for event in events] == [
        ("ha_test_broken", "internal_error")
    ]
    request_id = response.body["request_id"]
    assert request_id in error["message"]
    assert "secret" not in str(response.body)
    assert "Traceback" not in str(response.body)
    logged = [record for record in caplog.records if request_id in record.getMessage()]
    assert [record.getMessage() for record in logged] == [
        f"Tool ha_test_broken failed (request {request_id})"
    ]
    assert logged[0].exc_info is not None
    caplog.clear()  # provoked on purpose, and asserted


async def test_a_result_that_cannot_be_serialized_is_an_enveloped_500(
    admin: Caller, register_tool, caplog: pytest.LogCaptureFixture
) -> None:
    async def huge_number(call, args):
        return {"level": 10**30}  # JSON cannot carry it as an integer

    register_tool(make_tool("ha_test_unserializable", huge_number))
    with caplog.at_level(logging.ERROR):
        response = await admin.call("ha_test_unserializable")
    error = assert_error(response, 500, "internal_error")
    assert response.body["request_id"] in error["message"]
    assert any(
        response.body["request_id"] in record.getMessage() for record in caplog.records
    )
    caplog.clear()  # provoked on purpose, and asserted


async def test_a_validator_that_breaks_on_a_wrong_type_is_a_400(
    admin: Caller, register_tool, caplog: pytest.LogCaptureFixture
) -> None:
    async def handler(call, args):
        return args

    # Home Assistant's entity_ids raises TypeError, not Invalid, for a number.
    register_tool(
        make_tool(
            "ha_test_entity_ids",
            handler,
            vol.Schema({vol.Optional("entity_ids"): cv.entity_ids}),
        )
    )
    with caplog.at_level(logging.DEBUG, logger="custom_components.ha_openapi"):
        response = await admin.call("ha_test_entity_ids", {"entity_ids": 1.5})
    error = assert_error(response, 400, "invalid_arguments")
    # The log keeps what the caller is not told: which validator broke, and how.
    assert any(
        record.getMessage().startswith(
            "Validator of ha_test_entity_ids raised TypeError("
        )
        for record in caplog.records
    )
    assert error["message"] == (
        "the arguments do not fit ha_test_entity_ids: a value has the wrong type; "
        "see the tool's schema in the spec"
    )
    fine = await admin.call("ha_test_entity_ids", {"entity_ids": "light.a, light.b"})
    assert fine.body["result"] == {"entity_ids": ["light.a", "light.b"]}


async def test_a_binary_result_is_sent_whole_up_to_the_cap_and_refused_over_it(
    admin: Caller, register_tool
) -> None:
    cap = 128 * 1024  # the default max_response_kb

    async def image(call, args):
        return BinaryResult("image/png", b"x" * args["size"], (("X-Kind", "test"),))

    register_tool(
        make_tool("ha_test_image", image, vol.Schema({vol.Required("size"): int}))
    )
    response = await admin.call("ha_test_image", {"size": cap})
    assert response.status == HTTPStatus.OK
    assert response.content == b"x" * cap
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["X-Kind"] == "test"
    over = await admin.call("ha_test_image", {"size": cap + 1})
    error = assert_error(over, 400, "invalid_arguments")
    assert error["message"] == (
        "the image/png answer is 131073 bytes, over the response size cap of "
        "131072 bytes; ask for a smaller one"
    )


async def test_the_bodies_kept_as_validated_are_few_and_small(
    admin: Caller, register_tool
) -> None:
    async def echo(call, args):
        return args

    tool = register_tool(
        make_tool(
            "ha_test_echo",
            echo,
            vol.Schema({vol.Optional("n"): int, vol.Optional("text"): str}),
        )
    )
    for number in range(70):
        assert (await admin.ok("ha_test_echo", {"n": number})) == {"n": number}
    # The 64 latest, in the order they came.
    assert list(tool.validated) == [
        f'{{"n": {number}}}'.encode() for number in range(6, 70)
    ]

    tool.validated.clear()
    # Bodies of up to 1,024 bytes are kept; larger ones are validated each time.
    for size in (1024, 1025):
        body = b'{"text": "' + b"x" * (size - 12) + b'"}'
        assert len(body) == size
        response = await admin.call("ha_test_echo", raw=body)
        assert response.body["result"] == {"text": "x" * (size - 12)}
    assert [len(body) for body in tool.validated] == [1024]


async def test_home_assistant_error_keeps_its_message(
    admin: Caller, register_tool
) -> None:
    from homeassistant.exceptions import HomeAssistantError

    async def failing(call, args):
        raise HomeAssistantError("Bridge at 10.0.0.2 did not answer")

    register_tool(make_tool("ha_test_failing", failing))
    error = assert_error(
        await admin.call("ha_test_failing"), 500, "home_assistant_error"
    )
    assert error["message"] == "Bridge at 10.0.0.2 did not answer"


async def test_audit_event_names_arguments_not_values(
    hass: HomeAssistant, admin: Caller, booleans, hass_admin_user
) -> None:
    events = async_capture_events(hass, EVENT_TOOL_CALLED)
    done = await admin.call(
        "ha_set_boolean", {"entity_id": "input_boolean.kitchen", "action": "on"}
    )
    await admin.call("ha_get_states", {"entity_ids": ["input_boolean.nothing"]})
    await hass.async_block_till_done()

    assert [event.data["outcome"] for event in events] == ["success", "not_found"]
    first = events[0]
    assert first.data == {
        "tool": "ha_set_boolean",
        "user_id": hass_admin_user.id,
        "user_name": hass_admin_user.name,
        "outcome": "success",
        "status": 200,
        "arguments": ["action", "entity_id"],
        "action": None,
    }
    assert first.context.user_id == hass_admin_user.id
    # The call's own context: its id is the request id, and the logbook ties
    # the change the call made to it.
    assert first.context.id == done.body["request_id"]
    assert first.context.parent_id is None
    assert first.context.id == hass.states.get("input_boolean.kitchen").context.id
    assert events[1].data["status"] == 404


async def test_audit_events_of_the_same_call_hold_the_same_data(
    hass: HomeAssistant, admin: Caller, booleans
) -> None:
    # The recorder then stores the data once: nothing per call (a time, an id)
    # may be in it; the context tells the calls apart.
    events = async_capture_events(hass, EVENT_TOOL_CALLED)
    arguments = {"entity_id": "input_boolean.kitchen", "action": "toggle"}
    first = await admin.call("ha_set_boolean", arguments)
    second = await admin.call("ha_set_boolean", arguments)
    await hass.async_block_till_done()

    assert [event.data["outcome"] for event in events] == ["success", "success"]
    assert events[0].data == events[1].data
    assert [event.context.id for event in events] == [
        first.body["request_id"],
        second.body["request_id"],
    ]
    assert first.body["request_id"] != second.body["request_id"]


async def test_refused_calls_are_audited_with_what_was_passed(
    hass: HomeAssistant, admin: Caller, hass_admin_user
) -> None:
    events = async_capture_events(hass, EVENT_TOOL_CALLED)
    unknown = await admin.call("ha_get_state", {"entity_ids": []})
    invalid = await admin.call("ha_get_states", {"entity_ids": 3, "colour": "red"})
    await hass.async_block_till_done()

    assert [
        (event.data["tool"], event.data["status"], event.data["arguments"])
        for event in events
    ] == [
        # Refused before its arguments were read: none are named.
        ("ha_get_state", 404, []),
        ("ha_get_states", 400, ["colour", "entity_ids"]),
    ]
    assert [event.context.id for event in events] == [
        unknown.body["request_id"],
        invalid.body["request_id"],
    ]
    assert all(event.context.user_id == hass_admin_user.id for event in events)


async def test_a_call_refused_within_a_context_is_audited_in_a_child_of_it(
    hass: HomeAssistant, setup_integration: MockConfigEntry, hass_admin_user
) -> None:
    # As an LLM conversation calls: refused before the call itself is set up.
    events = async_capture_events(hass, EVENT_TOOL_CALLED)
    conversation = Context(user_id=hass_admin_user.id)
    response = await async_call_tool(
        hass,
        setup_integration.runtime_data,
        hass_admin_user,
        "ha_get_states",
        b'{"entity_ids": 3}',
        context=conversation,
    )
    await hass.async_block_till_done()

    assert response.status == HTTPStatus.BAD_REQUEST
    (event,) = events
    assert event.context.id == response.request_id
    assert event.context.parent_id == conversation.id
    assert event.context.user_id == hass_admin_user.id


async def test_the_duration_of_a_call_is_the_time_it_took(
    setup_integration: MockConfigEntry,
    admin: Caller,
    register_tool,
    freezer: FrozenDateTimeFactory,
) -> None:
    async def slow(call, args):
        freezer.tick(0.25)
        return {}

    register_tool(make_tool("ha_test_slow", slow))
    assert (await admin.call("ha_test_slow")).status == 200

    recent = setup_integration.runtime_data.stats.recent[-1]
    assert (recent.tool, recent.duration_ms) == ("ha_test_slow", pytest.approx(250))


async def test_reads_are_counted_and_recorded_only_when_asked(
    hass: HomeAssistant, setup_integration: MockConfigEntry, admin: Caller, booleans
) -> None:
    events = async_capture_events(hass, EVENT_TOOL_CALLED)
    read = {"entity_ids": ["input_boolean.kitchen"]}
    await admin.call("ha_get_states", read)
    await hass.async_block_till_done()
    assert events == []
    assert setup_integration.runtime_data.stats.calls["ha_get_states"] == 1

    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_RECORD_READS: True}
    )
    await hass.async_block_till_done()
    await admin.call("ha_get_states", read)
    await hass.async_block_till_done()
    assert [(event.data["tool"], event.data["outcome"]) for event in events] == [
        ("ha_get_states", "success")
    ]
    assert setup_integration.runtime_data.stats.calls["ha_get_states"] == 2


def logbook_describer(hass: HomeAssistant):
    """Return the logbook's describer of tool calls, as the logbook gets it."""
    described: dict[str, object] = {}

    def describe(domain: str, event_type: str, describer) -> None:
        described[event_type] = describer

    ha_openapi_logbook.async_describe_events(hass, describe)
    return described[EVENT_TOOL_CALLED]


async def test_audit_event_reads_well_in_the_logbook(
    hass: HomeAssistant, admin: Caller, booleans, hass_admin_user
) -> None:
    describer = logbook_describer(hass)
    events = async_capture_events(hass, EVENT_TOOL_CALLED)
    await admin.call(
        "ha_set_boolean", {"entity_id": "input_boolean.kitchen", "action": "on"}
    )
    await admin.call("ha_nothing_here", {})
    await hass.async_block_till_done()

    ok: Event = events[0]
    # Home Assistant adds "By <user>" from the context; the sentence does not repeat it.
    assert describer(ok) == {
        "name": "HA OpenAPI",
        "message": "ran ha_set_boolean",
        "icon": "mdi:robot-outline",
    }
    assert describer(events[1])["message"] == (
        "could not run ha_nothing_here (not_found)"
    )
    assert hass_admin_user.name not in str(describer(events[1]))


async def test_audit_says_which_action_a_manage_tool_did(
    hass: HomeAssistant, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    describer = logbook_describer(hass)
    events = async_capture_events(hass, EVENT_TOOL_CALLED)
    await admin.call("ha_manage_label", {"action": "create", "name": "Holiday"})
    await admin.call("ha_manage_label", {"action": "delete", "label": "Nowhere"})
    await admin.call("ha_manage_label", {"action": "paint", "label": "Holiday"})
    await admin.call(
        "ha_set_boolean", {"entity_id": "input_boolean.nothing", "action": "on"}
    )
    await hass.async_block_till_done()

    assert [(event.data["action"], event.data["outcome"]) for event in events] == [
        ("create", "success"),
        ("delete", "not_found"),
        # Not one of the tool's actions: never recorded.
        (None, "invalid_arguments"),
        # An argument named action, of a tool without actions: a value, not kept.
        (None, "not_found"),
    ]
    assert [describer(event)["message"] for event in events] == [
        "ran ha_manage_label: create",
        "could not run ha_manage_label: delete (not_found)",
        "could not run ha_manage_label (invalid_arguments)",
        "could not run ha_set_boolean (not_found)",
    ]


async def test_unloaded_entry_answers_503_and_reload_adds_no_routes(
    hass: HomeAssistant, setup_integration: MockConfigEntry, admin: Caller, booleans
) -> None:
    def our_routes() -> list[str]:
        return sorted(
            resource.canonical
            for resource in hass.http.app.router.resources()
            if resource.canonical.startswith(URL_PREFIX)
        )

    routes = our_routes()
    # openapi.json, health, the bridge's spec and tool, a path of its own for
    # every tool, and one for any other name.
    assert routes == sorted(
        [
            f"{URL_PREFIX}/openapi.json",
            f"{URL_PREFIX}/health",
            f"{URL_PREFIX}/llm/{{api_id}}/openapi.json",
            f"{URL_PREFIX}/llm/{{api_id}}/{{tool}}",
            *(f"{URL_PREFIX}/{name}" for name in TOOL_NAMES),
            f"{URL_PREFIX}/{{tool}}",
        ]
    )
    arguments = {"entity_ids": ["input_boolean.kitchen"]}

    await hass.config_entries.async_unload(setup_integration.entry_id)
    error = assert_error(
        await admin.call("ha_get_states", arguments), 503, "unavailable"
    )
    assert "not set up, or is disabled" in error["message"]

    await hass.config_entries.async_setup(setup_integration.entry_id)
    await hass.config_entries.async_reload(setup_integration.entry_id)
    await hass.async_block_till_done()
    assert our_routes() == routes
    response = await admin.call("ha_get_states", arguments)
    assert response.status == HTTPStatus.OK
    assert response.body["result"]["states"][0]["state"] == "off"


async def test_disabled_entry_answers_503(
    hass: HomeAssistant, setup_integration: MockConfigEntry, admin: Caller
) -> None:
    await hass.config_entries.async_set_disabled_by(
        setup_integration.entry_id, ConfigEntryDisabler.USER
    )
    await hass.async_block_till_done()
    assert_error(
        await admin.call("ha_get_states", {"entity_ids": ["sun.sun"]}),
        503,
        "unavailable",
    )
    assert hass.config_entries.async_loaded_entries(DOMAIN) == []


async def test_oversized_request_is_refused(hass: HomeAssistant, admin: Caller) -> None:
    events = async_capture_events(hass, EVENT_TOOL_CALLED)
    response = await admin.call("ha_get_states", raw=b" " * (MAX_REQUEST_BYTES + 1))
    error = assert_error(response, 413, "request_too_large")
    assert response.body["tool"] == "ha_get_states"
    assert f"larger than {MAX_REQUEST_BYTES} bytes" in error["message"]

    async def chunks():
        for _ in range(MAX_REQUEST_BYTES // 65536 + 1):
            yield b" " * 65536

    chunked = await admin.client.post(f"{URL_PREFIX}/ha_get_states", data=chunks())
    assert chunked.request_info.headers.get("Transfer-Encoding") == "chunked"
    assert chunked.status == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    body = await chunked.json()
    assert body["ok"] is False
    assert body["error"]["code"] == "request_too_large"
    assert chunked.headers["X-Request-ID"] == body["request_id"]
    await hass.async_block_till_done()
    assert events == []


@pytest.fixture
async def small_cap(hass: HomeAssistant, setup_integration: MockConfigEntry) -> None:
    """Cap responses at 8 KiB."""
    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_MAX_RESPONSE_KB: 8}
    )
    await hass.async_block_till_done()


async def test_pages_shrink_to_the_cap_and_resume_without_gaps(
    admin: Caller, register_tool, small_cap
) -> None:
    numbers = [{"n": n, "padding": "x" * 100} for n in range(300)]

    async def listing(call, args):
        return call.paginate(numbers, args)

    register_tool(
        make_tool(
            "ha_test_listing", listing, vol.Schema(pagination_fields(default_limit=200))
        )
    )
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        arguments = {"cursor": cursor} if cursor else {}
        response = await admin.call("ha_test_listing", arguments)
        assert response.status == HTTPStatus.OK
        assert len(await_bytes(response)) <= 8 * 1024
        result = response.body["result"]
        assert result["total"] == 300
        assert result["count"] == len(result["items"])
        seen.extend(item["n"] for item in result["items"])
        pages += 1
        if not result["has_more"]:
            assert result["next_cursor"] is None
            break
        requested = min(200, 300 - len(seen) + result["count"])
        assert response.body["truncated"] == [
            {
                "path": "/items",
                "omitted": requested - result["count"],
                "reason": "size_cap",
            }
        ]
        cursor = result["next_cursor"]
    assert seen == list(range(300))
    assert pages > 300 // 200 + 1


def await_bytes(response) -> bytes:
    """The size of the body as sent (re-encoded compactly, as HA's encoder does)."""
    import json

    return json.dumps(response.body, separators=(",", ":")).encode()


async def test_large_results_are_cut_and_marked(
    admin: Caller, register_tool, small_cap
) -> None:
    async def big(call, args):
        return {"summary": "kept", "rows": [f"row {n:05d}" for n in range(5000)]}

    register_tool(make_tool("ha_test_big", big))
    response = await admin.call("ha_test_big")
    assert response.status == HTTPStatus.OK
    rows = response.body["result"]["rows"]
    assert response.body["truncated"] == [
        {"path": "/rows", "omitted": 5000 - len(rows), "reason": "size_cap"}
    ]
    assert 0 < len(rows) < 5000
    assert rows == [f"row {n:05d}" for n in range(len(rows))]
    assert response.body["result"]["summary"] == "kept"
    assert len(await_bytes(response)) <= 8 * 1024


async def test_a_cursor_from_elsewhere_is_rejected(
    admin: Caller, register_tool
) -> None:
    async def listing(call, args):
        return call.paginate(list(range(10)), args)

    register_tool(make_tool("ha_test_cursor", listing, vol.Schema(pagination_fields())))
    error = assert_error(
        await admin.call("ha_test_cursor", {"cursor": "garbage!"}),
        400,
        "invalid_arguments",
    )
    assert error["field"] == "cursor"
    page = await admin.call("ha_test_cursor", {"limit": 4})
    assert page.body["result"]["items"] == [0, 1, 2, 3]
    rest = await admin.call(
        "ha_test_cursor", {"limit": 4, "cursor": page.body["result"]["next_cursor"]}
    )
    assert rest.body["result"]["items"] == [4, 5, 6, 7]


async def test_a_state_too_large_for_the_cap_is_cut_not_broken(
    hass: HomeAssistant, admin: Caller, small_cap
) -> None:
    # State attributes are Home Assistant's read-only mappings; cutting must copy.
    hass.states.async_set("sensor.chatty", "1", {"log": ["line"] * 5000})
    response = await admin.call("ha_get_states", {"entity_ids": ["sensor.chatty"]})
    assert response.status == HTTPStatus.OK
    kept = response.body["result"]["states"][0]["attributes"]["log"]
    assert 0 < len(kept) < 5000
    assert response.body["truncated"] == [
        {
            "path": "/states/0/attributes/log",
            "omitted": 5000 - len(kept),
            "reason": "size_cap",
        }
    ]
    assert len(hass.states.get("sensor.chatty").attributes["log"]) == 5000


async def test_a_repeated_body_is_validated_once_and_each_call_gets_its_own_arguments(
    hass: HomeAssistant, admin: Caller, register_tool
) -> None:
    validations: list[int] = []
    seen: list[dict] = []

    def counted(value):
        validations.append(value)
        return value

    async def mutating(call, args):
        seen.append(dict(args))
        args["n"] = -1  # a careless handler must not change the next call's arguments
        return {}

    register_tool(
        Tool(
            name="ha_test_repeat",
            description="Test tool that changes its arguments.",
            category=ToolCategory.CONTROL,
            parameters=vol.Schema(
                {
                    vol.Required("n", description="A number."): counted,
                    vol.Optional("k", default="d", description="Text."): str,
                }
            ),
            result={"type": "object"},
            handler=mutating,
        )
    )
    events = async_capture_events(hass, EVENT_TOOL_CALLED)
    for _ in range(3):
        assert (await admin.call("ha_test_repeat", {"n": 7})).status == HTTPStatus.OK
    await hass.async_block_till_done()
    assert validations == [7]
    assert seen == [{"n": 7, "k": "d"}] * 3
    # The audit names what the caller passed, not the defaults validation added.
    assert [event.data["arguments"] for event in events] == [["n"]] * 3


async def test_a_cursor_belongs_to_its_tool_and_query(
    admin: Caller, register_tool
) -> None:
    import base64

    async def listing(call, args):
        return call.paginate(list(range(10)), args)

    for name in ("ha_test_numbers", "ha_test_other_numbers"):
        register_tool(
            make_tool(
                name,
                listing,
                vol.Schema(
                    {
                        vol.Optional("q", description="A query."): str,
                        **pagination_fields(),
                    }
                ),
            )
        )
    first = await admin.call("ha_test_numbers", {"limit": 4, "q": "a"})
    cursor = first.body["result"]["next_cursor"]
    same = await admin.call("ha_test_numbers", {"limit": 4, "q": "a", "cursor": cursor})
    assert same.body["result"]["items"] == [4, 5, 6, 7]
    # Another limit is the same query; another query or tool is not.
    wider = await admin.call(
        "ha_test_numbers", {"limit": 6, "q": "a", "cursor": cursor}
    )
    assert wider.body["result"]["items"] == [4, 5, 6, 7, 8, 9]
    for tool, arguments in (
        ("ha_test_numbers", {"q": "b"}),
        ("ha_test_other_numbers", {"q": "a"}),
    ):
        error = assert_error(
            await admin.call(tool, {**arguments, "cursor": cursor}),
            400,
            "invalid_arguments",
        )
        assert "belongs to another query" in error["message"]
    # Tampered positions are refused, not read as some number.
    scope = base64.urlsafe_b64decode(cursor).decode().rpartition(":")[2]
    for position in ("5_0", "\u0665", "-1", " 4"):
        forged = base64.urlsafe_b64encode(f"o:{position}:{scope}".encode()).decode()
        error = assert_error(
            await admin.call("ha_test_numbers", {"q": "a", "cursor": forged}),
            400,
            "invalid_arguments",
        )
        assert error["field"] == "cursor"
