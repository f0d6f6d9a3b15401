"""The framework's and the control engine's building blocks, each on its own.

Most of these run once, when the tools are defined at import (schemas, page
shapes, expectation factories), so the tool tests see only their products. Here
each is called directly with literal inputs and literal expected results, so a
small change to one of them fails a test that names it (and mutation testing,
which swaps a function's code at call time, can reach them).
"""

from __future__ import annotations

from datetime import timedelta
import json
from pathlib import Path
from typing import Any

from homeassistant.core import State
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceNotFound,
    ServiceValidationError,
    Unauthorized,
)
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.json import json_bytes
from homeassistant.util import dt as dt_util
import pytest
import voluptuous as vol

from custom_components.ha_openapi.framework.actions import ActionTool
from custom_components.ha_openapi.framework.audit import RecentCall
from custom_components.ha_openapi.framework.changes import (
    JsonPatchFailed,
    apply_json_patch,
    json_patch,
    revision,
    write_result,
)
from custom_components.ha_openapi.framework.config_checks import (
    referenced_actions,
    referenced_entities,
)
from custom_components.ha_openapi.framework.errors import (
    Forbidden,
    HomeAssistantFailure,
    InternalError,
    InvalidArguments,
    NotFound,
    close_matches,
    describe_invalid,
    from_home_assistant,
    not_found,
)
from custom_components.ha_openapi.framework.output import (
    SIZE_CAP,
    Page,
    Truncation,
    decode_cursor,
    encode_cursor,
    fit,
    json_pointer,
    page_schema,
    paginate,
    pagination_fields,
    query_scope,
)
from custom_components.ha_openapi.framework.schema import (
    OneOrMore,
    TextOrNumber,
    require_confirmation,
    to_json_schema,
)
from custom_components.ha_openapi.framework.settings import FileAccess
from custom_components.ha_openapi.framework.tool import Tool, ToolRegistry
from custom_components.ha_openapi.framework.yaml_items import (
    YamlFileError,
    dump_item,
    read_items,
    write_item,
)
from custom_components.ha_openapi.tools.control.engine import (
    attribute,
    becomes,
    changed,
    leaves,
    position,
    require_in_limits,
    require_option,
    supports,
    toggled,
)

# -- output -------------------------------------------------------------------------


def test_json_pointer_escapes_as_rfc_6901_says() -> None:
    assert json_pointer("entities", "sensor.a/b~c", 3) == "/entities/sensor.a~1b~0c/3"
    assert json_pointer() == ""


def test_page_schema() -> None:
    assert page_schema({"type": "string"}, extra={"type": "integer"}) == {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"type": "string"}},
            "count": {"type": "integer", "description": "Items in this page."},
            "total": {"type": "integer", "description": "Items in the whole list."},
            "has_more": {"type": "boolean"},
            "next_cursor": {
                "type": ["string", "null"],
                "description": "Pass as cursor to get the next page; null on the last page.",
            },
            "extra": {"type": "integer"},
        },
        "required": ["items", "count", "total", "has_more", "next_cursor"],
    }


def test_pagination_fields() -> None:
    schema = vol.Schema(pagination_fields(default_limit=20))
    assert schema({}) == {"limit": 20}
    assert schema({"limit": "500", "cursor": "x"}) == {"limit": 500, "cursor": "x"}
    assert schema({"limit": 1}) == {"limit": 1}
    for limit in (0, 501):
        with pytest.raises(vol.Invalid):
            schema({"limit": limit})
    assert vol.Schema(pagination_fields())({}) == {"limit": 50}
    descriptions = {str(key): key.description for key in pagination_fields()}
    assert descriptions == {
        "limit": "Page size",
        "cursor": "next_cursor of the last page",
    }


def test_a_query_scope_names_the_tool_and_the_arguments_but_not_the_paging() -> None:
    scope = query_scope("ha_list_areas", {"floor": "Ground", "limit": 5})
    assert len(scope) == 12
    assert scope == query_scope("ha_list_areas", {"floor": "Ground", "cursor": "x"})
    assert scope != query_scope("ha_list_labels", {"floor": "Ground"})
    assert scope != query_scope("ha_list_areas", {"floor": "First"})
    assert scope != query_scope("ha_list_areas", {})
    # The same query whatever the order of its arguments; any value will do.
    assert query_scope("ha_x", {"a": 1, "b": 2}) == query_scope(
        "ha_x", {"b": 2, "a": 1}
    )
    moment = dt_util.utc_from_timestamp(0)
    assert query_scope("ha_x", {"at": moment}) == query_scope(
        "ha_x", {"at": str(moment)}
    )


def test_cursors() -> None:
    cursor = encode_cursor(120, "abc")
    assert decode_cursor(cursor, "abc") == 120
    assert decode_cursor(None, "abc") == 0
    assert decode_cursor("", "abc") == 0
    with pytest.raises(InvalidArguments) as foreign:
        decode_cursor(cursor, "abd")
    assert foreign.value.as_dict() == {
        "code": "invalid_arguments",
        "message": (
            "cursor: it belongs to another query; repeat the query it came from "
            "with it, or omit it to start from the first page"
        ),
        "field": "cursor",
    }
    for forged in ("o:5:abc", "bm90IGEgY3Vyc29y", "%%%", encode_cursor(-1, "abc")):
        with pytest.raises(InvalidArguments) as refused:
            decode_cursor(forged, "abc")
        assert refused.value.as_dict() == {
            "code": "invalid_arguments",
            "message": (
                "cursor: not a cursor this tool returned; omit it to start from "
                "the first page"
            ),
            "field": "cursor",
        }


def test_paginate_and_page_results() -> None:
    items = list(range(7))
    first = paginate(items, {"limit": 3}, "s", note="x")
    assert first.as_result() == {
        "note": "x",
        "items": [0, 1, 2],
        "count": 3,
        "total": 7,
        "has_more": True,
        "next_cursor": encode_cursor(3, "s"),
    }
    last = paginate(items, {"limit": 3, "cursor": encode_cursor(6, "s")}, "s")
    assert last.as_result() == {
        "items": [6],
        "count": 1,
        "total": 7,
        "has_more": False,
        "next_cursor": None,
    }
    assert paginate(items, {}, "s").as_result()["count"] == 7
    page = Page(items=[0, 1, 2], offset=3, total=7, scope="s")
    assert page.as_result(1)["items"] == [0]
    assert page.as_result(1)["next_cursor"] == encode_cursor(4, "s")
    exact = Page(items=[5, 6], offset=5, total=7, scope="s")
    assert exact.as_result()["has_more"] is False


def _envelope(result: Any, truncated: list[Truncation]) -> bytes:
    return json_bytes({"r": result, "t": [cut.as_dict() for cut in truncated]})


def test_a_page_keeps_as_many_items_as_fit_to_the_byte() -> None:
    page = Page(items=["a" * 100, "b" * 100, "c" * 100], offset=0, total=3, scope="s")
    whole = _envelope(page.as_result(), [])
    assert fit(page, len(whole), _envelope) == whole
    two = _envelope(page.as_result(2), [Truncation("/items", 1, SIZE_CAP)])
    assert fit(page, len(whole) - 1, _envelope) == two
    assert fit(page, len(two), _envelope) == two
    one = _envelope(page.as_result(1), [Truncation("/items", 2, SIZE_CAP)])
    assert fit(page, len(two) - 1, _envelope) == one
    assert fit(page, len(one), _envelope) == one


def test_a_first_item_larger_than_the_cap_is_kept_and_cut_inside() -> None:
    page = Page(items=["x" * 400, "y"], offset=0, total=2, scope="s")
    # One item kept (the cursor resumes after it), and its text halved to fit.
    expected = _envelope(
        {**page.as_result(1), "items": ["x" * 200]},
        [Truncation("/items", 1, SIZE_CAP), Truncation("/items/0", 200, SIZE_CAP)],
    )
    assert json.loads(expected)["r"]["next_cursor"] == encode_cursor(1, "s")
    assert fit(page, len(expected), _envelope) == expected


def test_the_largest_list_is_halved_until_the_answer_fits() -> None:
    names = [f"name number {number:08d}" for number in range(8)]
    result = {"names": names, "kind": "n"}
    whole = _envelope(result, [])
    assert fit(result, len(whole), _envelope) == whole
    half = _envelope(
        {"names": names[:4], "kind": "n"}, [Truncation("/names", 4, SIZE_CAP)]
    )
    assert len(half) < len(whole)
    assert fit(result, len(half), _envelope) == half
    # A list of two can still be halved.
    pair = {"pair": ["a" * 80, "b" * 80]}
    one = _envelope({"pair": ["a" * 80]}, [Truncation("/pair", 1, SIZE_CAP)])
    assert fit(pair, len(one), _envelope) == one
    # Of two lists as large, the same one each time (the last in the result).
    twins = {"a": ["a" * 80, "a" * 80], "b": ["b" * 80, "b" * 80]}
    cut = _envelope({"a": twins["a"], "b": ["b" * 80]}, [Truncation("/b", 1, SIZE_CAP)])
    assert fit(twins, len(cut), _envelope) == cut
    # Nothing left to cut: the answer is sent as it is.
    assert fit({"a": 1}, 5, _envelope) == _envelope({"a": 1}, [])


# -- schema -------------------------------------------------------------------------


def test_one_or_more() -> None:
    names = OneOrMore(str, min_items=1, max_items=2)
    assert names("a") == ["a"]
    assert names(["a", "b"]) == ["a", "b"]
    for wrong in ([], ["a", "b", "c"], 3, [3]):
        with pytest.raises(vol.Invalid):
            names(wrong)
    with pytest.raises(vol.Invalid) as single:
        names(3)
    assert (single.value.msg, single.value.path) == ("expected str", [])
    with pytest.raises(vol.Invalid) as nested:
        OneOrMore(vol.Schema({vol.Required("x"): int}))({"x": "a"})
    # A single value's error names its own field, not item 0 of a list.
    assert (nested.value.msg, nested.value.path) == ("expected int", ["x"])
    assert OneOrMore(str, keep_single=True)("all") == "all"
    assert OneOrMore(str, keep_single=True)(["a"]) == ["a"]
    assert OneOrMore(str)([]) == []
    # Documented as an array only: a single item is taken but not advertised.
    assert names.json_schema() == {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 1,
        "maxItems": 2,
    }
    assert OneOrMore(str).json_schema() == {
        "type": "array",
        "items": {"type": "string"},
    }


def test_booleans_texts_and_bounded_lists_have_one_json_schema_on_every_release() -> (
    None
):
    # Before 2026.9, Home Assistant's converter called a boolean a string and
    # left a text in a list or a union untyped.
    schema = to_json_schema(
        vol.Schema(
            {
                vol.Optional("dry_run", default=False): cv.boolean,
                vol.Optional("strict", default=True): cv.boolean,
                vol.Optional("icon"): vol.Any(None, cv.string),
                vol.Optional("names"): [cv.string],
                vol.Optional("keys"): vol.All([cv.string], vol.Length(min=1, max=32)),
                vol.Optional("path"): vol.All(
                    vol.All([cv.string], vol.Length(max=8)), vol.Length(min=1)
                ),
            }
        )
    )
    # Unknown arguments are refused, and nothing is required (not "required": []).
    assert (schema["type"], schema["additionalProperties"]) == ("object", False)
    assert "required" not in schema
    assert schema["properties"] == {
        "dry_run": {"type": "boolean", "default": False},
        # Only "additionalProperties": true is dropped, not every true.
        "strict": {"type": "boolean", "default": True},
        "icon": {"anyOf": [{"type": "null"}, {"type": "string"}]},
        "names": {"type": "array", "items": {"type": "string"}},
        # A list's bounds count its items (the older converter gave it minLength).
        "keys": {
            "type": "array",
            "items": {"type": "string"},
            "minItems": 1,
            "maxItems": 32,
        },
        "path": {
            "type": "array",
            "items": {"type": "string"},
            "minItems": 1,
            "maxItems": 8,
        },
    }


def test_text_or_number() -> None:
    check = TextOrNumber()
    assert [check("007"), check(7), check(7.5)] == ["007", 7, 7.5]
    for wrong in (True, None, [1], {"a": 1}):
        with pytest.raises(vol.Invalid) as refused:
            check(wrong)
        assert refused.value.msg == "expected a text or a number"
    assert check.json_schema() == {"anyOf": [{"type": "string"}, {"type": "number"}]}


def test_a_confirmation_is_asked_for_by_name() -> None:
    require_confirmation({"confirm": True}, "delete it")
    for given in ({}, {"confirm": False}, {"confirm": "true"}):
        with pytest.raises(InvalidArguments) as refused:
            require_confirmation(given, "delete it")
        assert refused.value.as_dict() == {
            "code": "invalid_arguments",
            "message": "confirm: must be true to delete it",
            "field": "confirm",
        }


# -- tools --------------------------------------------------------------------------


def test_the_tool_decorator_keeps_every_flag() -> None:
    registry = ToolRegistry()

    def no_supervisor(hass: Any) -> str | None:
        return "no Supervisor"

    async def handler(call: Any, args: dict[str, Any]) -> dict[str, Any]:
        return {}

    for name, flags in (
        ("ha_test_plain", {}),
        (
            "ha_test_flagged",
            {
                "read_only": True,
                "requires_admin": True,
                "requires_components": ("recorder",),
            },
        ),
        ("ha_test_destroys", {"destructive": True}),
        (
            "ha_test_everything",
            {
                "core": True,
                "finder": True,
                "delegates": True,
                "file_access": FileAccess.READ_ONLY,
                "installation": no_supervisor,
                "binary_result": "image/png",
            },
        ),
    ):
        registry.tool(
            name=name,
            description="A test tool.",
            category="states",
            parameters=vol.Schema({}),
            result={"type": "object"},
            **flags,
        )(handler)
    plain, flagged, destroys, everything = (
        registry.get(name)
        for name in (
            "ha_test_plain",
            "ha_test_flagged",
            "ha_test_destroys",
            "ha_test_everything",
        )
    )
    assert (plain.core, plain.finder, plain.delegates) == (False, False, False)
    assert (plain.file_access, plain.installation, plain.binary_result) == (
        None,
        None,
        None,
    )
    assert (everything.core, everything.finder, everything.delegates) == (
        True,
        True,
        True,
    )
    assert everything.file_access is FileAccess.READ_ONLY
    assert everything.installation is no_supervisor
    assert everything.binary_result == "image/png"
    assert (plain.read_only, plain.destructive, plain.requires_admin) == (
        False,
        False,
        False,
    )
    assert plain.requires_components == ()
    assert (flagged.read_only, flagged.requires_admin) == (True, True)
    assert flagged.requires_components == ("recorder",)
    assert destroys.destructive is True
    assert plain.handler is handler
    assert plain.description == "A test tool."


# -- errors -------------------------------------------------------------------------


def test_not_found_suggests_near_names() -> None:
    error = not_found("entity", "light.kitchn", ["light.kitchen", "switch.pump"])
    assert str(error) == "entity light.kitchn not found; did you mean light.kitchen?"
    assert error.suggestions == ["light.kitchen"]
    assert str(not_found("area", "Attic", ["Kitchen"])) == "area Attic not found"
    assert str(not_found("entity", "kitchn", ["kitchen", "kitchenette"])) == (
        "entity kitchn not found; did you mean kitchen or kitchenette?"
    )
    lamps = ["lamp1", "lamp2", "lamp3", "lamp4"]
    assert len(close_matches("lamp", lamps)) == 3
    assert len(close_matches("lamp", lamps, limit=4)) == 4
    assert len(close_matches("lamp", lamps, limit=1)) == 1
    assert close_matches("kitchn", ["kitchenette", "kitchen"]) == [
        "kitchen",
        "kitchenette",
    ]
    assert close_matches("x", ["xylophone"]) == []


def test_describe_invalid_names_the_field() -> None:
    schema = vol.Schema({"a": int, "b": {"c": int}})
    with pytest.raises(vol.Invalid) as one:
        schema({"a": "x"})
    error = describe_invalid(one.value, "data")
    assert error.field == "data.a"
    assert str(error).startswith("data.a: expected int")
    with pytest.raises(vol.Invalid) as three:
        vol.Schema({"a": int, "b": int, "c": int})({"a": "x", "b": "y", "c": "z"})
    assert str(describe_invalid(three.value)).startswith("a: expected int")
    assert str(describe_invalid(three.value)).endswith(" (and 2 more problems)")
    with pytest.raises(vol.Invalid) as two:
        vol.Schema({"a": int, "b": int})({"a": "x", "b": "y"})
    assert str(describe_invalid(two.value)).endswith(" (and 1 more problem)")
    bare = describe_invalid(vol.Invalid("bad value"))
    assert (str(bare), bare.field) == ("bad value", None)


def test_internal_error_points_at_the_log() -> None:
    error = InternalError("abc123")
    assert str(error) == (
        "internal error; the Home Assistant log has the details under request abc123"
    )
    assert error.as_dict()["code"] == "internal_error"


# -- control engine expectations ----------------------------------------------------


def state(condition: str, **attributes: Any) -> State:
    return State("cover.blind", condition, attributes)


def test_state_expectations() -> None:
    before = state("off")
    assert becomes("on", "heat")(before, {})(state("heat")) is True
    assert becomes("on", "heat")(before, {})(state("off")) is False
    assert leaves("off")(before, {})(state("cool")) is True
    assert leaves("off")(before, {})(state("off")) is False
    assert toggled(before, {})(state("on")) is True
    assert toggled(before, {})(state("off")) is False
    later = State("cover.blind", "off", {}, last_updated=dt_util.utcnow())
    earlier = State(
        "cover.blind", "off", {}, last_updated=dt_util.utcnow() - timedelta(seconds=5)
    )
    assert changed(earlier, {})(later) is True
    assert changed(earlier, {})(state("on")) is True
    assert changed(earlier, {})(earlier) is False


def test_attribute_expectations() -> None:
    before = state("on")
    exact = attribute("brightness")(128, before)
    assert exact(state("on", brightness=128)) is True
    assert exact(state("on", brightness=127)) is False
    near = attribute("temperature", tolerance=0.5)(21.0, before)
    assert near(state("heat", temperature=21.5)) is True
    assert near(state("heat", temperature=20.5)) is True
    assert near(state("heat", temperature=21.6)) is False
    assert near(state("heat", temperature="21")) is False
    stepped = attribute("value", tolerance=lambda new: new.attributes["step"] / 2)
    assert stepped(10, before)(state("on", value=10.4, step=1)) is True
    assert stepped(10, before)(state("on", value=10.6, step=1)) is False
    converted = attribute("brightness", convert=lambda percent: percent * 255 // 100)
    assert converted(50, before)(state("on", brightness=127)) is True


def test_position_expectations() -> None:
    at_60 = state("open", current_position=60)
    verify = position("current_position")
    assert verify(30, at_60)(state("open", current_position=30)) is True
    assert verify(30, at_60)(state("closing", current_position=50)) is True
    assert verify(30, at_60)(state("opening", current_position=70)) is False
    assert verify(80, at_60)(state("opening", current_position=70)) is True
    assert verify(80, at_60)(state("closing", current_position=50)) is False
    assert verify(80, at_60)(state("open", current_position=60)) is False
    # Asked for where it was, it moves off it either way: not done.
    assert verify(60, at_60)(state("opening", current_position=70)) is False
    assert verify(60, at_60)(state("closing", current_position=50)) is False
    unknown_start = state("open")
    assert verify(80, unknown_start)(state("opening")) is False


def test_entity_limits_and_options() -> None:
    lamp = State(
        "light.lamp", "on", {"min_mireds": 153, "max_mireds": 500, "effects": ["a"]}
    )
    require_in_limits(lamp, "color_temp", 153, ("min_mireds", "max_mireds"))
    require_in_limits(lamp, "color_temp", 500, ("min_mireds", "max_mireds"))
    with pytest.raises(InvalidArguments) as too_warm:
        require_in_limits(lamp, "color_temp", 501, ("min_mireds", "max_mireds"))
    assert str(too_warm.value) == "color_temp: light.lamp accepts 153-500"
    assert too_warm.value.field == "color_temp"
    with pytest.raises(InvalidArguments):
        require_in_limits(lamp, "color_temp", 152, ("min_mireds", "max_mireds"))
    # Without limits the entity takes what Home Assistant validates.
    require_in_limits(lamp, "level", 9999, ("min_level", "max_level"))
    # Nor with half of them: a range needs both ends.
    require_in_limits(lamp, "color_temp", 9999, ("min_mireds", "max_level"))

    require_option(lamp, "effect", "a", "effects")
    with pytest.raises(InvalidArguments) as unknown:
        require_option(lamp, "effect", "b", "effects")
    assert (
        str(unknown.value) == "effect: light.lamp does not support 'b'; it supports a"
    )
    with pytest.raises(InvalidArguments) as none:
        require_option(lamp, "preset", "eco", "preset_modes")
    assert str(none.value).endswith("it supports none")


# -- write safety -------------------------------------------------------------------


def test_revisions_hash_content_regardless_of_key_order() -> None:
    assert revision(None) is None
    first = revision({"a": 1, "b": [1, {"c": 2, "d": 3}]})
    assert first == revision({"b": [1, {"d": 3, "c": 2}], "a": 1})
    assert len(first) == 16
    assert first != revision({"a": 1, "b": [{"c": 2, "d": 3}, 1]})
    assert first != revision({"a": 2, "b": [1, {"c": 2, "d": 3}]})


def test_the_result_of_a_write() -> None:
    revision_schema = {"type": ["string", "null"]}
    assert write_result({"url_path": {"type": "string"}}, ("url_path",)) == {
        "type": "object",
        "properties": {
            "url_path": {"type": "string"},
            "revision": revision_schema,
            "previous_revision": revision_schema,
            "changed": {"type": "boolean"},
            "change_id": {"type": "string", "description": "For ha_undo_change."},
            "dry_run": {"type": "boolean"},
            "diff": {"type": ["array", "string"]},
            "content": {},
        },
        "required": ["url_path", "revision"],
    }
    assert write_result({})["required"] == ["revision"]


def test_json_patch() -> None:
    before = {"title": "A", "views": [{"cards": [1, 2]}], "icon": "mdi:x"}
    after = {"title": "B", "views": [{"cards": [1, 3]}], "path/x": "~"}
    assert json_patch(before, after) == [
        {"op": "remove", "path": "/icon"},
        {"op": "replace", "path": "/title", "value": "B"},
        {"op": "replace", "path": "/views/0/cards/1", "value": 3},
        {"op": "add", "path": "/path~1x", "value": "~"},
    ]
    assert json_patch([1], [1, 2]) == [{"op": "replace", "path": "", "value": [1, 2]}]
    assert json_patch(None, {"a": 1}) == [
        {"op": "replace", "path": "", "value": {"a": 1}}
    ]
    assert json_patch({"a": 1}, {"a": 1}) == []


# -- bounds and mappings of errors ---------------------------------------------------


def test_error_texts_are_bounded() -> None:
    kept = InvalidArguments("m" * 1000, field="f" * 200, suggestions=["s" * 200])
    assert kept.as_dict()["message"] == "m" * 1000
    assert kept.as_dict()["field"] == "f" * 200
    assert kept.as_dict()["suggestions"] == ["s" * 200]
    cut = InvalidArguments(
        "m" * 1001,
        field="f" * 201,
        suggestions=[f"s{n}" for n in range(12)] + ["t" * 201],
    ).as_dict()
    assert cut["message"] == "m" * 960 + "... (41 more characters)"
    assert cut["field"] == "f" * 160 + "... (41 more characters)"
    assert cut["suggestions"] == [f"s{n}" for n in range(10)]
    long_suggestion = InvalidArguments("x", suggestions=["t" * 201]).as_dict()
    assert long_suggestion["suggestions"] == ["t" * 160 + "... (41 more characters)"]


def test_home_assistant_refusals_map_to_caller_errors() -> None:
    forbidden = from_home_assistant(Unauthorized())
    assert (type(forbidden), str(forbidden)) == (
        Forbidden,
        "Home Assistant does not allow this user to do that",
    )
    missing = from_home_assistant(ServiceNotFound("light", "blink"))
    assert (type(missing), str(missing)) == (
        NotFound,
        str(ServiceNotFound("light", "blink")),
    )
    rejected = from_home_assistant(ServiceValidationError())
    assert (type(rejected), str(rejected)) == (
        InvalidArguments,
        "Home Assistant rejected the request",
    )
    failed = from_home_assistant(HomeAssistantError())
    assert (type(failed), str(failed)) == (HomeAssistantFailure, "HomeAssistantError")
    worded = from_home_assistant(HomeAssistantError("raw key"), "Invalid code")
    assert str(worded) == "Invalid code"


def test_tool_definitions_are_checked() -> None:
    async def handler(call: Any, args: dict[str, Any]) -> None:
        return None

    def tool(description: str, **flags: Any) -> Tool:
        return Tool(
            name="ha_test_tool",
            description=description,
            category="states",
            parameters=vol.Schema({vol.Optional("b"): int, vol.Required("a"): int}),
            result={},
            handler=handler,
            **flags,
        )

    assert tool("x").argument_names == ("b", "a")
    assert tool("x").argument_set == frozenset({"a", "b"})
    assert tool("d" * 300).description == "d" * 300
    for wrong in ("", "d" * 301):
        with pytest.raises(ValueError, match="description must be 1-300 characters"):
            tool(wrong)
    with pytest.raises(ValueError, match="both read-only and destructive"):
        tool("x", read_only=True, destructive=True)
    # Any tool's name is URL- and operationId-safe; a registered one is ha_ snake_case.
    with pytest.raises(ValueError, match="letters, digits, _ or -, at most 64"):
        Tool(
            name="get states",
            description="x",
            category="states",
            parameters=vol.Schema({}),
            result={},
            handler=handler,
        )
    bridged = Tool(
        name="HassTurnOn",
        description="x",
        category="llm",
        parameters=vol.Schema({vol.Any("name", "area"): str, vol.Optional("b"): int}),
        result={},
        handler=handler,
    )
    # A key that is not a plain name: the schema alone checks the names.
    assert bridged.argument_names == ("b",)
    assert bridged.argument_set is None
    with pytest.raises(ValueError, match="snake_case with the ha_ prefix"):
        ToolRegistry().register(bridged)


def test_supports_reads_the_feature_bits() -> None:
    assert supports(state("on", supported_features=0b101), 0b100) is True
    assert supports(state("on", supported_features=0b101), 0b010) is False
    assert supports(state("on", supported_features=0b101), 0b011) is True
    # An entity that states no features supports none.
    assert supports(state("on"), 1) is False


def test_apply_json_patch() -> None:
    document = {"views": [{"title": "A", "cards": [1, 2]}], "a/b": {"~": 0}}
    patched = apply_json_patch(
        document,
        [
            {"op": "test", "path": "/views/0/title", "value": "A"},
            {"op": "add", "path": "/views/0/cards/1", "value": 9},
            {"op": "add", "path": "/views/0/cards/-", "value": 3},
            {"op": "replace", "path": "/views/0/title", "value": "B"},
            {"op": "move", "from": "/views/0/cards/0", "path": "/views/0/first"},
            {"op": "copy", "from": "/a~1b/~0", "path": "/zero"},
            {"op": "remove", "path": "/a~1b"},
        ],
    )
    assert patched == {
        "views": [{"title": "B", "cards": [9, 2, 3], "first": 1}],
        "zero": 0,
    }
    # The original is untouched: the patch applies to a copy.
    assert document == {"views": [{"title": "A", "cards": [1, 2]}], "a/b": {"~": 0}}
    with pytest.raises(JsonPatchFailed, match="operation 0 tests /views/0/title"):
        apply_json_patch(
            document, [{"op": "test", "path": "/views/0/title", "value": "Z"}]
        )
    refusals = {
        "patch: operation 0 (add) needs a value": [{"op": "add", "path": "/x"}],
        "patch: operation 0 needs path, a JSON Pointer like /views/0": [
            {"op": "remove"}
        ],
        "patch: operation 0 needs from, a JSON Pointer like /views/0": [
            {"op": "move", "path": "/x"}
        ],
        "patch: 'views' is not a JSON Pointer (like /views/0/cards/-)": [
            {"op": "remove", "path": "views"}
        ],
        "patch: (empty) names the whole document; save a whole config instead": [
            {"op": "remove", "path": ""}
        ],
        "patch: nothing at /nope/x": [{"op": "add", "path": "/nope/x", "value": 1}],
        "patch: no index 2 at /views/0/cards/2": [
            {"op": "remove", "path": "/views/0/cards/2"}
        ],
        "patch: no index 3 at /views/0/cards/3": [
            {"op": "add", "path": "/views/0/cards/3", "value": 1}
        ],
        "patch: nothing at /views/0/missing": [
            {"op": "remove", "path": "/views/0/missing"}
        ],
        "patch: operation 0 has op 'swap'; use add, remove, replace, move, copy or test": [
            {"op": "swap", "path": "/x"}
        ],
        "patch: cannot add inside /views/0/title/x": [
            {"op": "add", "path": "/views/0/title/x", "value": 1}
        ],
    }
    for message, operations in refusals.items():
        with pytest.raises(InvalidArguments) as refused:
            apply_json_patch(document, operations)
        assert (str(refused.value), refused.value.field) == (message, "patch"), message
    # Adding at the end of a list by its length is allowed, one past is not.
    assert apply_json_patch([1], [{"op": "add", "path": "/1", "value": 2}]) == [1, 2]


YAML_FILE = """\
# kept
- id: a  # first
  alias: A
  list:
  - 1

# about b
- id: 'b'
  alias: B
  at: '23:00:00'
"""


def test_items_are_written_the_way_home_assistants_editor_writes_them() -> None:
    long = "x" * 100 + " y"  # never folded onto a second line
    script = {
        "alias": long,
        "sequence": [{"action": "light.turn_on", "target": {"entity_id": "light.a"}}],
    }
    assert dump_item(script, "evening") == (
        "evening:\n"
        f"  alias: {long}\n"
        "  sequence:\n"
        "  - action: light.turn_on\n"
        "    target:\n"
        "      entity_id: light.a\n"
    )
    automation = {
        "id": "1",
        "alias": "A",
        "triggers": [{"trigger": "event", "event_type": "e"}],
    }
    assert dump_item(automation, None) == (
        "- id: '1'\n  alias: A\n  triggers:\n  - trigger: event\n    event_type: e\n"
    )


def test_yaml_items_read_and_write_only_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "items.yaml"
    path.write_text(YAML_FILE)
    path.chmod(0o600)
    items = read_items(path)
    assert {key: item.config for key, item in items.items()} == {
        "a": {"id": "a", "alias": "A", "list": [1]},
        "b": {"id": "b", "alias": "B", "at": "23:00:00"},
    }
    assert items["a"].text == "- id: a  # first\n  alias: A\n  list:\n  - 1\n"
    assert items["b"].text == "- id: 'b'\n  alias: B\n  at: '23:00:00'\n"

    write_item(path, "a", items["a"].text, dump_item({"id": "a", "on": "on", "n": 1}))
    assert path.read_text() == YAML_FILE.replace(
        "- id: a  # first\n  alias: A\n  list:\n  - 1\n",
        "- id: a\n  'on': 'on'\n  'n': 1\n",
    )
    assert path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(YamlFileError, match="item a changed in the file"):
        write_item(path, "a", items["a"].text, None)
    write_item(path, "a", "- id: a\n  'on': 'on'\n  'n': 1\n", items["a"].text)
    assert path.read_text() == YAML_FILE

    write_item(path, "b", items["b"].text, None)
    assert path.read_text() == YAML_FILE.split("- id: 'b'", maxsplit=1)[0]
    write_item(path, "c", None, "- id: c\n")
    assert path.read_text().endswith("\n# about b\n- id: c\n")

    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n[]\n")
    write_item(empty, "x", None, "- id: x\n")
    assert empty.read_text() == "# nothing yet\n- id: x\n"
    assert read_items(tmp_path / "absent.yaml") == {}

    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [\n")
    with pytest.raises(YamlFileError, match="not valid YAML"):
        read_items(broken)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("a: 1\n")
    with pytest.raises(YamlFileError, match="does not hold a list"):
        read_items(mapping)


def test_actions_share_one_schema_and_each_checks_its_own() -> None:
    tool = ActionTool(
        name="ha_manage_thing",
        description="Create or delete a thing.",
        category="things",
        result={"type": "object"},
        requires_admin=True,
    )

    async def create(call: Any, arguments: dict[str, Any]) -> dict[str, Any]:
        return {"created": arguments}

    async def delete(call: Any, arguments: dict[str, Any]) -> dict[str, Any]:
        return {"deleted": arguments}

    tool.action(
        "create",
        vol.Schema(
            {
                vol.Required("name", description="Its name"): str,
                vol.Optional("size", default=1, description="How big"): int,
                vol.Optional("dry_run", default=False, description="Preview"): bool,
            }
        ),
    )(create)
    tool.action(
        "delete",
        vol.Schema(
            {
                vol.Required("name", description="Its name"): str,
                vol.Required("confirm", description="Must be true"): bool,
                vol.Optional("size", default=2, description="How big"): int,
                vol.Optional("dry_run", default=False, description="Preview"): bool,
            }
        ),
        destructive=True,
    )(delete)
    made = tool.tool()
    assert (made.name, made.requires_admin, made.destructive) == (
        "ha_manage_thing",
        True,
        True,
    )
    assert made.argument_names == ("action", "name", "size", "dry_run", "confirm")
    schema = to_json_schema(made.parameters)
    assert schema["required"] == ["action"]
    assert schema["properties"]["action"] == {
        "type": "string",
        "enum": ["create", "delete"],
        "description": "All need name; delete: confirm",
    }
    # A default is shown only where the actions agree on it.
    assert "default" not in schema["properties"]["size"]
    assert schema["properties"]["dry_run"]["default"] is False
    assert made.parameters({"action": "create", "name": "a"}) == {
        "action": "create",
        "name": "a",
        "size": 1,
        "dry_run": False,
    }
    with pytest.raises(vol.Invalid) as refused:
        made.parameters({"action": "create", "name": "a", "confirm": True})
    assert refused.value.path == ["confirm"]
    assert str(refused.value.msg) == (
        "not an argument of create, which takes name, size, dry_run"
    )
    with pytest.raises(vol.Invalid) as missing:
        made.parameters({"action": "delete", "name": "a"})
    assert [str(part) for part in missing.value.path] == ["confirm"]
    with pytest.raises(vol.Invalid) as unknown:
        made.parameters({"action": "rename", "name": "a"})
    assert unknown.value.path == ["action"]
    assert str(unknown.value.msg) == "expected one of create, delete"
    with pytest.raises(vol.Invalid):
        made.parameters({"name": "a"})


async def test_an_action_tool_runs_the_chosen_actions_handler() -> None:
    tool = ActionTool(
        name="ha_manage_thing", description="Things.", category="things", result={}
    )

    async def first(call: Any, arguments: dict[str, Any]) -> str:
        return f"first {arguments}"

    async def second(call: Any, arguments: dict[str, Any]) -> str:
        return f"second {arguments}"

    tool.action("first", vol.Schema({vol.Optional("n"): int}))(first)
    tool.action("second", vol.Schema({vol.Optional("n"): int}))(second)
    made = tool.tool()
    assert made.destructive is False
    assert await made.handler(None, {"action": "second", "n": 2}) == "second {'n': 2}"
    assert await made.handler(None, {"action": "first"}) == "first {}"


def test_the_action_argument_says_what_each_action_needs() -> None:
    async def handler(call: Any, arguments: dict[str, Any]) -> None:
        return None

    def described(*schemas: dict[Any, Any]) -> str:
        tool = ActionTool(
            name="ha_manage_thing", description="Things.", category="things", result={}
        )
        for number, schema in enumerate(schemas):
            tool.action(f"a{number}", vol.Schema(schema))(handler)
        action = to_json_schema(tool.tool().parameters)["properties"]["action"]
        return str(action["description"])

    both = {vol.Required("id"): str, vol.Required("confirm"): bool}
    assert described(both, both) == "All need id, confirm"
    assert described(both, {**both, vol.Required("to"): str}) == (
        "All need id, confirm; a1: to"
    )
    assert described({vol.Required("name"): str}, {vol.Optional("size"): int}) == (
        "Needs a0: name; a1: nothing"
    )


def test_actions_cannot_give_one_argument_two_types() -> None:
    tool = ActionTool(
        name="ha_manage_thing", description="Things.", category="things", result={}
    )

    async def handler(call: Any, arguments: dict[str, Any]) -> None:
        return None

    tool.action("add", vol.Schema({vol.Required("card"): dict}))(handler)
    tool.action("remove", vol.Schema({vol.Required("card"): int}))(handler)
    with pytest.raises(ValueError, match="argument card of action remove differs"):
        tool.tool()
    with pytest.raises(ValueError, match="action add is already defined"):
        tool.action("add", vol.Schema({}))(handler)


def test_actions_may_describe_and_bound_a_shared_argument_differently() -> None:
    async def handler(call: Any, arguments: dict[str, Any]) -> None:
        return None

    def combined(first: Any, second: Any) -> Tool:
        tool = ActionTool(
            name="ha_manage_thing", description="Things.", category="things", result={}
        )
        tool.action(
            "add", vol.Schema({vol.Optional("n", description="How many"): first})
        )(handler)
        tool.action(
            "take", vol.Schema({vol.Optional("n", description="Less"): second})
        )(handler)
        return tool.tool()

    # One meaning is one JSON type: descriptions and bounds may differ.
    combined(vol.All(int, vol.Range(min=1)), vol.All(int, vol.Range(max=9)))
    combined([str], [vol.All(str, vol.Length(max=3))])
    combined(vol.Any(None, str), vol.Any(None, vol.All(str, vol.Length(min=1))))
    for first, second in (
        ([str], [int]),
        (vol.Any(None, str), vol.Any(None, int)),
        ([vol.Any(None, str)], [vol.Any(None, int)]),
    ):
        with pytest.raises(ValueError, match="argument n of action take differs"):
            combined(first, second)


def test_an_action_schema_refuses_what_is_not_an_object_or_an_action() -> None:
    async def handler(call: Any, arguments: dict[str, Any]) -> None:
        return None

    tool = ActionTool(
        name="ha_manage_thing", description="Things.", category="things", result={}
    )
    # Plain keys as well as markers: no description and no default.
    tool.action("add", vol.Schema({"name": str}))(handler)
    made = tool.tool()
    assert to_json_schema(made.parameters)["properties"]["name"] == {"type": "string"}
    assert made.parameters({"action": "add"}) == {"action": "add"}
    with pytest.raises(vol.Invalid) as not_an_object:
        made.parameters(["add"])
    assert not_an_object.value.msg == "expected an object of arguments"
    with pytest.raises(vol.Invalid) as unhashable:
        made.parameters({"action": ["add"]})
    assert (unhashable.value.msg, unhashable.value.path) == (
        "expected one of add",
        ["action"],
    )


def test_the_action_argument_lists_what_each_needs_in_order() -> None:
    async def handler(call: Any, arguments: dict[str, Any]) -> None:
        return None

    tool = ActionTool(
        name="ha_manage_thing", description="Things.", category="things", result={}
    )
    tool.action(
        "move", vol.Schema({vol.Required("id"): str, vol.Required("confirm"): bool})
    )(handler)
    tool.action(
        "copy",
        vol.Schema(
            {
                vol.Required("confirm"): bool,
                vol.Required("id"): str,
                vol.Required("to"): str,
                vol.Required("as"): str,
            }
        ),
    )(handler)
    action = to_json_schema(tool.tool().parameters)["properties"]["action"]
    assert action["description"] == "All need id, confirm; copy: to, as"


async def test_an_action_tool_passes_its_settings_and_the_call_on() -> None:
    async def handler(call: Any, arguments: dict[str, Any]) -> Any:
        return call

    def installation(hass: Any) -> str | None:
        return "never here"

    plain = ActionTool(
        name="ha_manage_thing", description="Things.", category="things", result={}
    )
    plain.action("go", vol.Schema({}))(handler)
    made = plain.tool()
    assert (made.requires_admin, made.file_access, made.installation) == (
        False,
        None,
        None,
    )
    assert made.requires_components == ()
    call = object()
    assert await made.handler(call, {"action": "go"}) is call

    files = ActionTool(
        name="ha_manage_file_thing",
        description="Files.",
        category="files",
        result={},
        requires_admin=True,
        requires_components=("recorder",),
        file_access=FileAccess.READ_WRITE,
        installation=installation,
    )
    files.action("go", vol.Schema({}))(handler)
    made = files.tool()
    assert (made.requires_admin, made.requires_components) == (True, ("recorder",))
    assert made.file_access is FileAccess.READ_WRITE
    assert made.installation is installation


def test_a_recent_call_as_diagnostics_show_it() -> None:
    call = RecentCall(1700000000.0, "ha_get_states", "success", 200, 12.345)
    assert call.as_dict() == {
        "time": "2023-11-14T22:13:20+00:00",
        "tool": "ha_get_states",
        "outcome": "success",
        "status": 200,
        "duration_ms": 12.3,
    }


def test_yaml_items_are_found_however_the_file_lays_them_out(tmp_path: Path) -> None:
    path = tmp_path / "items.yaml"
    path.write_text(
        "- id: one\n"
        "\n"
        "- id: two\n"
        "  alias: Two\n"
        "  # about two's end\n"
        "\n"
        "\n"
        "# about three\n"
        "- id: three\n"
        "- alias: no id\n"
        "- just text\n"
        "-\n"
        "  id: four\n"
    )
    assert {key: item.text for key, item in read_items(path).items()} == {
        "one": "- id: one\n",
        "two": "- id: two\n  alias: Two\n  # about two's end\n",
        "three": "- id: three\n",
        "four": "-\n  id: four\n",
    }
    # An indented list whose items start on a line of their own dash.
    indented = tmp_path / "indented.yaml"
    indented.write_text("  -\n    id: a\n  # about b\n  -\n    id: b\n")
    assert {key: item.text for key, item in read_items(indented).items()} == {
        "a": "  -\n    id: a\n",
        "b": "  -\n    id: b\n",
    }


def test_a_yaml_item_is_added_on_a_line_of_its_own(tmp_path: Path) -> None:
    unfinished = tmp_path / "unfinished.yaml"
    unfinished.write_text("- id: a\n  alias: A\n  mode: single")
    write_item(unfinished, "b", None, "- id: b\n")
    assert unfinished.read_text() == "- id: a\n  alias: A\n  mode: single\n- id: b\n"
    # A file that is not there yet is made.
    absent = tmp_path / "absent.yaml"
    write_item(absent, "a", None, "- id: a\n")
    assert absent.read_text() == "- id: a\n"
    # The comments of an empty file stay, however indented.
    empty = tmp_path / "empty.yaml"
    empty.write_text("  # indented note\n[]\n")
    write_item(empty, "x", None, "- id: x\n")
    assert empty.read_text() == "  # indented note\n- id: x\n"


def test_an_item_whose_anchor_others_use_is_not_removed(tmp_path: Path) -> None:
    text = "- id: a\n  data: &shared\n    x: 1\n- id: b\n  data: *shared\n"
    path = tmp_path / "anchors.yaml"
    path.write_text(text)
    with pytest.raises(YamlFileError) as broken:
        write_item(path, "a", read_items(path)["a"].text, None)
    assert str(broken.value) == (
        "the file would no longer read as YAML after this change (it is not valid "
        "YAML (ComposerError)); an anchor this item defines may be used by other items"
    )
    assert path.read_text() == text


def test_a_yaml_file_of_the_wrong_shape_is_named(tmp_path: Path) -> None:
    listing = tmp_path / "scripts.yaml"
    listing.write_text("- id: a\n")
    with pytest.raises(YamlFileError) as keyed:
        read_items(listing, keyed=True)
    assert str(keyed.value) == "it does not hold a mapping of items"
    mapping = tmp_path / "automations.yaml"
    mapping.write_text("a: 1\n")
    with pytest.raises(YamlFileError) as listed:
        read_items(mapping)
    assert str(listed.value) == "it does not hold a list of items"
    keyed_file = tmp_path / "keyed.yaml"
    keyed_file.write_text("evening:\n  alias: E\n\n# about night\nnight:\n  alias: N\n")
    assert {
        key: item.text for key, item in read_items(keyed_file, keyed=True).items()
    } == {"evening": "evening:\n  alias: E\n", "night": "night:\n  alias: N\n"}


def test_the_entities_and_actions_a_config_refers_to() -> None:
    config = {
        "triggers": [{"trigger": "state", "entity_id": ["light.a", "not an id", 3]}],
        "conditions": [{"condition": "state", "entity": "sensor.b"}],
        "actions": [
            # The old spelling of an action is still read by Home Assistant.
            {"service": "light.turn_on", "target": {"entity_id": "light.c"}},
            {"action": "notify"},
            {"scene": {"entities": {"light.d": "on", "not valid": "x", 5: "y"}}},
        ],
    }
    assert list(referenced_entities(config)) == [
        ("triggers[0].entity_id", "light.a"),
        ("conditions[0].entity", "sensor.b"),
        ("actions[0].target.entity_id", "light.c"),
        ("actions[2].scene.entities.light.d", "light.d"),
    ]
    assert list(referenced_actions(config)) == ["light.turn_on"]
