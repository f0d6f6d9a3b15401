"""Finding entities: free-text search with filters, over the shared entity index."""

from __future__ import annotations

from collections.abc import Sequence
from difflib import get_close_matches
from typing import Any

from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import HomeAssistant, State, callback
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.output import Page, page_schema, pagination_fields
from ...framework.policy import may_read
from ...framework.schema import OneOrMore
from ...framework.tool import TOOLS, ToolCall
from ..shared import (
    local_time,
    resolve_area,
    resolve_device,
    resolve_floor,
    resolve_label,
)
from .index import EntityRecord, IndexSnapshot, entity_index, normalize

DEFAULT_SEARCH_LIMIT = 25
EXTRA_FIELDS = (
    "domain",
    "area_id",
    "floor_id",
    "device",
    "device_id",
    "labels",
    "aliases",
    "platform",
    "device_class",
    "last_changed",
)
_STRINGS = OneOrMore(cv.string)
# Scores per query word: in the name as a whole word, in the name, elsewhere.
_WORD_IN_NAME, _IN_NAME, _ELSEWHERE = 3, 2, 1
_EXACT_ID = 100

ROW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "entity_id": {"type": "string"},
        "name": {"type": "string"},
        "state": {"type": "string"},
        "unit": {"type": "string"},
        "area": {"type": "string"},
        "attributes": {"type": "object", "additionalProperties": True},
        **{field: {} for field in EXTRA_FIELDS},
    },
    "required": ["entity_id", "name", "state"],
}


@TOOLS.tool(
    name="ha_search_entities",
    description=(
        "Find entities by fuzzy text and/or filters (area, domain, state...); no query lists all. Paged."
    ),
    category=ToolCategory.STATES,
    parameters=vol.Schema(
        {
            vol.Optional("query", description="Free text to match"): cv.string,
            vol.Optional("domain", description="Domain or list of domains"): _STRINGS,
            vol.Optional("area", description="Area id or name."): cv.string,
            vol.Optional("floor", description="Floor id or name."): cv.string,
            vol.Optional("label", description="Label id or name."): cv.string,
            vol.Optional("device", description="Device id or name."): cv.string,
            vol.Optional(
                "integration", description="Providing integration, e.g. hue"
            ): cv.string,
            vol.Optional("state", description="Current state value(s)"): _STRINGS,
            vol.Optional("device_class", description="Device class"): cv.string,
            vol.Optional(
                "has_attribute", description="Attribute the state must have."
            ): cv.string,
            vol.Optional("fields", description="Extra fields for each row"): OneOrMore(
                vol.In(EXTRA_FIELDS)
            ),
            vol.Optional(
                "include_attributes",
                description="true for all, or attribute names",
            ): vol.Any(bool, [cv.string]),
            **pagination_fields(DEFAULT_SEARCH_LIMIT),
        }
    ),
    result=page_schema(
        ROW_SCHEMA,
        corrected={
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "Query words that matched nothing, and the words used instead.",
        },
    ),
    read_only=True,
    core=True,
)
async def search_entities(call: ToolCall, args: dict[str, Any]) -> Page:
    """Filter, rank and page the entities the caller may see."""
    hass = call.hass
    snapshot = await entity_index(hass).async_snapshot()
    corrected: dict[str, list[str]] = {}
    if query := normalize(args.get("query", "")):
        words, corrected = _interpret(query, snapshot)
        records = _filtered(call, _candidates(snapshot, words), args)
        exact = args["query"].strip().lower()
        scored = [
            (score + (_EXACT_ID if record.entity_id == exact else 0), record)
            for record in records
            if (score := _score(record, words))
        ]
        scored.sort(key=lambda pair: (-pair[0], pair[1].entity_id))
        records = [record for _, record in scored]
    else:
        records = _filtered(call, snapshot.records, args)
    page = call.paginate(records, args)
    page.items = [_row(hass, record, args) for record in page.items]
    if corrected:
        page.extra["corrected"] = corrected
    return page


def _candidates(
    snapshot: IndexSnapshot, words: list[tuple[str, ...]]
) -> Sequence[EntityRecord]:
    """Return the records that contain the query's rarest word (or an alternative).

    Every word must match, so the rarest one bounds the result: only its records
    are filtered and scored, not every entity of the home.
    """
    rarest = min(
        words, key=lambda alternatives: sum(map(snapshot.occurrences, alternatives))
    )
    positions: set[int] = set()
    for word in rarest:
        positions |= snapshot.containing(word)
    return [snapshot.records[position] for position in sorted(positions)]


@callback
def _filtered(
    call: ToolCall, records: Sequence[EntityRecord], args: dict[str, Any]
) -> list[EntityRecord]:
    """Apply every filter the caller gave, cheapest first, and the caller's visibility."""
    hass = call.hass
    if domains := args.get("domain"):
        wanted = set(domains)
        records = [record for record in records if record.domain in wanted]
    if "area" in args:
        area_id = resolve_area(hass, args["area"]).id
        records = [record for record in records if record.area_id == area_id]
    if "floor" in args:
        floor_id = resolve_floor(hass, args["floor"]).floor_id
        records = [record for record in records if record.floor_id == floor_id]
    if "label" in args:
        label_id = resolve_label(hass, args["label"]).label_id
        records = [record for record in records if label_id in record.labels]
    if "device" in args:
        device_id = resolve_device(call, args["device"]).id
        records = [record for record in records if record.device_id == device_id]
    if integration := args.get("integration"):
        records = [record for record in records if record.platform == integration]
    live = _live_filter(hass, args)
    return [
        record
        for record in records
        if may_read(call, record.entity_id)
        and (live is None or live(hass.states.get(record.entity_id)))
    ]


def _live_filter(hass: HomeAssistant, args: dict[str, Any]) -> Any:
    """Return a predicate over the current state for the state-based filters, if any."""
    states = set(args.get("state", ()))
    device_class = args.get("device_class")
    attribute = args.get("has_attribute")
    if not (states or device_class or attribute):
        return None

    def matches(state: State | None) -> bool:
        if state is None:
            return False
        if states and state.state not in states:
            return False
        if device_class and state.attributes.get("device_class") != device_class:
            return False
        return not attribute or attribute in state.attributes

    return matches


def _interpret(
    query: str, snapshot: IndexSnapshot
) -> tuple[list[tuple[str, ...]], dict[str, list[str]]]:
    """Split the query into words; replace a word found nowhere by its closest known words."""
    words: list[tuple[str, ...]] = []
    corrected: dict[str, list[str]] = {}
    for word in query.split():
        if word in snapshot.all_text:
            words.append((word,))
            continue
        alternatives = get_close_matches(word, snapshot.vocabulary, n=3, cutoff=0.75)
        corrected[word] = alternatives
        words.append(tuple(alternatives))
    return words, corrected


def _score(record: EntityRecord, words: list[tuple[str, ...]]) -> int:
    """Score a record against every query word (all must match); 0 means no match."""
    total = 0
    for alternatives in words:
        best = 0
        for word in alternatives:
            if record.in_name(f" {word} "):
                best = _WORD_IN_NAME
                break
            if record.in_name(word):
                best = max(best, _IN_NAME)
            elif word in record.haystack:
                best = max(best, _ELSEWHERE)
        if not best:
            return 0
        total += best
    return total


def _row(
    hass: HomeAssistant, record: EntityRecord, args: dict[str, Any]
) -> dict[str, Any]:
    """Return the compact row for one entity, with the extra fields asked for."""
    state = hass.states.get(record.entity_id)
    row: dict[str, Any] = {
        "entity_id": record.entity_id,
        "name": state.name if state else record.name,
        "state": state.state if state else "unknown",
    }
    if state and (unit := state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)):
        row["unit"] = unit
    if record.area_name:
        row["area"] = record.area_name
    for field in args.get("fields", ()):
        row[field] = _extra_field(record, state, field)
    if state and (wanted := args.get("include_attributes")):
        attributes = dict(state.attributes)
        row["attributes"] = (
            attributes
            if wanted is True
            else {key: attributes[key] for key in wanted if key in attributes}
        )
    return row


def _extra_field(record: EntityRecord, state: State | None, field: str) -> Any:
    """Return one of the optional row fields."""
    match field:
        case "device":
            return record.device_name
        case "labels":
            return sorted(record.labels)
        case "aliases":
            return list(record.aliases)
        case "device_class":
            return (
                state.attributes.get("device_class") if state else None
            ) or record.device_class
        case "last_changed":
            return local_time(state.last_changed) if state else None
        case _:
            return getattr(record, field)
