"""A search index over entities, shared by the tools that find entities.

Joining states with the entity, device, area, floor and label registries costs
tens of milliseconds in a home of 10,000 entities, so the join is kept and only
rebuilt when a registry changes or an entity appears, disappears or is renamed.
State values are never indexed: they are read live at query time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
import re
from typing import Any

from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
    label_registry as lr,
)
from homeassistant.util.hass_dict import HassKey

from ...const import DOMAIN

DATA_ENTITY_INDEX: HassKey[EntityIndex] = HassKey(f"{DOMAIN}_entity_index")
_NON_WORD = re.compile(r"[\W_]+")

_REGISTRY_EVENTS = (
    er.EVENT_ENTITY_REGISTRY_UPDATED,
    dr.EVENT_DEVICE_REGISTRY_UPDATED,
    ar.EVENT_AREA_REGISTRY_UPDATED,
    fr.EVENT_FLOOR_REGISTRY_UPDATED,
    lr.EVENT_LABEL_REGISTRY_UPDATED,
)


def normalize(text: str) -> str:
    """Lower-case ``text`` and reduce punctuation and underscores to single spaces."""
    return _NON_WORD.sub(" ", text.lower()).strip()


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityRecord:
    """What is known about one entity apart from its live state."""

    entity_id: str
    domain: str
    name: str
    aliases: tuple[str, ...]
    area_id: str | None
    area_name: str | None
    floor_id: str | None
    labels: frozenset[str]
    device_id: str | None
    device_name: str | None
    platform: str | None
    device_class: str | None
    # Normalized text the query is matched against, and its most telling part.
    haystack: str
    name_text: str


@dataclass(frozen=True, slots=True)
class IndexSnapshot:
    """The records at one point in time, and the words they contain."""

    records: tuple[EntityRecord, ...]
    by_entity_id: dict[str, EntityRecord]
    vocabulary: tuple[str, ...]
    # All words joined, so "is this token anywhere?" is one substring search.
    all_text: str


class EntityIndex:
    """Builds snapshots lazily and drops them when something they depend on changes."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Initialize and subscribe to the changes that make a snapshot stale."""
        self._hass = hass
        self._snapshot: IndexSnapshot | None = None
        for event_type in _REGISTRY_EVENTS:
            hass.bus.async_listen(event_type, self._async_invalidate)
        hass.bus.async_listen(EVENT_STATE_CHANGED, self._async_state_changed)

    @callback
    def snapshot(self) -> IndexSnapshot:
        """Return the current snapshot, building it if needed."""
        if self._snapshot is None:
            self._snapshot = _build(self._hass)
        return self._snapshot

    @callback
    def _async_invalidate(self, event: Event[Any]) -> None:
        self._snapshot = None

    @callback
    def _async_state_changed(self, event: Event[EventStateChangedData]) -> None:
        old, new = event.data["old_state"], event.data["new_state"]
        if old is None or new is None or old.name != new.name:
            self._snapshot = None


@callback
def async_get_entity_index(hass: HomeAssistant) -> EntityIndex:
    """Return the index for this Home Assistant, creating it on first use."""
    if (index := hass.data.get(DATA_ENTITY_INDEX)) is None:
        index = hass.data[DATA_ENTITY_INDEX] = EntityIndex(hass)
    return index


def _build(hass: HomeAssistant) -> IndexSnapshot:
    """Join every state with the registries."""
    entities = er.async_get(hass)
    devices = dr.async_get(hass)
    areas = {area.id: area for area in ar.async_get(hass).async_list_areas()}
    records: list[EntityRecord] = []
    words: set[str] = set()
    for state in hass.states.async_all():
        entry = entities.async_get(state.entity_id)
        device = (
            devices.async_get(entry.device_id) if entry and entry.device_id else None
        )
        area_id = (entry.area_id if entry else None) or (
            device.area_id if device else None
        )
        area = areas.get(area_id) if area_id else None
        aliases = tuple(_text_aliases(entry.aliases)) if entry else ()
        device_name = (device.name_by_user or device.name) if device else None
        name_text = normalize(" ".join([state.name, *aliases]))
        haystack = normalize(
            " ".join(
                filter(
                    None,
                    [
                        state.entity_id,
                        state.name,
                        *aliases,
                        area.name if area else None,
                        device_name,
                    ],
                )
            )
        )
        words.update(haystack.split())
        records.append(
            EntityRecord(
                entity_id=state.entity_id,
                domain=state.domain,
                name=state.name,
                aliases=aliases,
                area_id=area_id,
                area_name=area.name if area else None,
                floor_id=area.floor_id if area else None,
                labels=frozenset(entry.labels) if entry else frozenset(),
                device_id=device.id if device else None,
                device_name=device_name,
                platform=entry.platform if entry else None,
                device_class=(entry.device_class or entry.original_device_class)
                if entry
                else None,
                haystack=f" {haystack} ",
                name_text=f" {name_text} ",
            )
        )
    records.sort(key=lambda record: record.entity_id)
    vocabulary = tuple(sorted(words))
    return IndexSnapshot(
        records=tuple(records),
        by_entity_id={record.entity_id: record for record in records},
        vocabulary=vocabulary,
        all_text=" ".join(vocabulary),
    )


def _text_aliases(aliases: Iterable[object]) -> Iterable[str]:
    """Aliases the user typed (not the computed-name marker of HA 2026.x)."""
    return (alias for alias in aliases if isinstance(alias, str))
