"""A search index over entities, for the search tool.

Joining states with the entity, device, area, floor and label registries costs
hundreds of milliseconds in a home of 10,000 entities, so the join is kept and
only rebuilt when a registry changes or an entity appears, disappears or is
renamed. A rebuild never stalls the event loop: what it needs is copied at once
(states and registry entries are immutable), then joined in chunks that yield to
the loop between them. (An executor thread would hold the GIL against the loop
for longer: pauses of 10-40 ms instead of a few.) State values are never indexed:
they are read live at query time.

The config entry starts the index (its bus listeners) and stops it on unload;
the index also stops itself when Home Assistant stops.
"""

from __future__ import annotations

from array import array
import asyncio
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
import re
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_STOP, EVENT_STATE_CHANGED
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    State,
    callback,
)
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
    label_registry as lr,
)
from homeassistant.util.hass_dict import HassKey

from ...const import DOMAIN
from ...framework.errors import Unavailable
from ..shared import all_devices

DATA_ENTITY_INDEX: HassKey[EntityIndex] = HassKey(f"{DOMAIN}_entity_index")
# Records joined between yields to the loop: a few milliseconds of work.
_CHUNK = 250
_NON_WORD = re.compile(r"[\W_]+")
# Most entities have no labels: one shared empty set saves 216 bytes on each.
_NO_LABELS: frozenset[str] = frozenset()

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
    # Normalized text the query is matched against, between spaces: the name
    # and aliases first (its most telling part, up to name_end), then the id,
    # area and device. One string, not two: 10,000 entities, 0.6 MB less.
    haystack: str
    name_end: int

    def in_name(self, text: str) -> bool:
        """Whether ``text`` occurs in the name or aliases part of the haystack."""
        return self.haystack.find(text, 0, self.name_end) != -1


@dataclass(frozen=True, slots=True)
class IndexSnapshot:
    """The records at one point in time, and the words they contain."""

    records: tuple[EntityRecord, ...]
    vocabulary: tuple[str, ...]
    # All words joined, so "is this token anywhere?" is one substring search.
    all_text: str
    # Every record's haystack, one per line, and where each line starts: finding
    # the records that contain a word is then a few C-level searches. The starts
    # are machine integers (8 bytes each, not a 32-byte object per record).
    haystacks: str
    line_starts: array[int]

    def occurrences(self, word: str) -> int:
        """Count how often ``word`` occurs in all haystacks (bounds its records)."""
        return self.haystacks.count(word)

    def containing(self, word: str) -> set[int]:
        """Return the positions of the records whose haystack contains ``word``."""
        found: set[int] = set()
        position = self.haystacks.find(word)
        while position != -1:
            line = bisect_right(self.line_starts, position) - 1
            found.add(line)
            # Go on from the next record: one match per record is enough.
            if line + 1 == len(self.line_starts):
                break
            position = self.haystacks.find(word, self.line_starts[line + 1])
        return found


@dataclass(frozen=True, slots=True)
class _Sources:
    """What a build reads, copied on the event loop; all of it immutable."""

    states: list[State]
    entities: dict[str, er.RegistryEntry]
    devices: dict[str, dr.DeviceEntry]
    areas: dict[str, ar.AreaEntry]


class EntityIndex:
    """Keeps a snapshot, and builds a new one off the loop after a change."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Initialize; nothing is subscribed until ``async_start``."""
        self._hass = hass
        self._snapshot: IndexSnapshot | None = None
        # Bumped by every change; a snapshot is current if built at the latest one.
        self._changes = 0
        self._snapshot_changes = -1
        self._build_lock = asyncio.Lock()
        self._listeners: list[CALLBACK_TYPE] = []
        self._stop_listener: CALLBACK_TYPE | None = None

    @callback
    def async_start(self) -> None:
        """Subscribe to the changes that make a snapshot stale."""
        hass = self._hass
        self._listeners = [
            hass.bus.async_listen(event_type, self._async_changed)
            for event_type in _REGISTRY_EVENTS
        ]
        self._listeners.append(
            hass.bus.async_listen(EVENT_STATE_CHANGED, self._async_state_changed)
        )
        self._stop_listener = hass.bus.async_listen_once(
            EVENT_HOMEASSISTANT_STOP, self._async_home_assistant_stopping
        )

    @callback
    def async_stop(self) -> None:
        """Unsubscribe and drop the snapshot; safe to call more than once."""
        while self._listeners:
            self._listeners.pop()()
        if self._stop_listener is not None:
            self._stop_listener()
            self._stop_listener = None
        self._snapshot = None

    async def async_snapshot(self) -> IndexSnapshot:
        """Return a snapshot that includes every change made before this call."""
        wanted = self._changes
        async with self._build_lock:
            if self._snapshot is None or self._snapshot_changes < wanted:
                changes = self._changes
                self._snapshot = await _async_build(_copy_sources(self._hass))
                self._snapshot_changes = changes
            return self._snapshot

    @callback
    def _async_home_assistant_stopping(self, event: Event[Any]) -> None:
        self._stop_listener = None  # a fired once-listener is already removed
        self.async_stop()

    @callback
    def _async_changed(self, event: Event[Any]) -> None:
        self._changes += 1

    @callback
    def _async_state_changed(self, event: Event[EventStateChangedData]) -> None:
        old, new = event.data["old_state"], event.data["new_state"]
        if old is None or new is None or old.name != new.name:
            self._changes += 1


@callback
def entity_index(hass: HomeAssistant) -> EntityIndex:
    """Return the index the loaded config entry started."""
    if (index := hass.data.get(DATA_ENTITY_INDEX)) is None:
        raise Unavailable("the entity index is not running; reload HA OpenAPI")
    return index


@callback
def _copy_sources(hass: HomeAssistant) -> _Sources:
    """Copy what a build reads, on the loop, so the build can run elsewhere."""
    return _Sources(
        states=hass.states.async_all(),
        entities=dict(er.async_get(hass).entities.items()),
        devices={device.id: device for device in all_devices(hass)},
        areas={area.id: area for area in ar.async_get(hass).async_list_areas()},
    )


async def _async_build(sources: _Sources) -> IndexSnapshot:
    """Join every state with the registries, yielding to the loop between chunks."""
    records: list[EntityRecord] = []
    words: set[str] = set()
    for start in range(0, len(sources.states), _CHUNK):
        await asyncio.sleep(0)
        for state in sources.states[start : start + _CHUNK]:
            record = _record(sources, state)
            words.update(record.haystack.split())
            records.append(record)
    await asyncio.sleep(0)
    records.sort(key=lambda record: record.entity_id)
    vocabulary = tuple(sorted(words))
    line_starts = array("q")
    offset = 0
    for record in records:
        line_starts.append(offset)
        offset += len(record.haystack) + 1
    snapshot = IndexSnapshot(
        records=tuple(records),
        vocabulary=vocabulary,
        all_text=" ".join(vocabulary),
        haystacks="\n".join(record.haystack for record in records),
        line_starts=line_starts,
    )
    await asyncio.sleep(0)
    return snapshot


def _record(sources: _Sources, state: State) -> EntityRecord:
    """Join one state with its registry entry, device and area."""
    entry = sources.entities.get(state.entity_id)
    device = sources.devices.get(entry.device_id) if entry and entry.device_id else None
    area_id = (entry.area_id if entry else None) or (device.area_id if device else None)
    area = sources.areas.get(area_id) if area_id else None
    aliases = tuple(_text_aliases(entry.aliases)) if entry else ()
    device_name = (device.name_by_user or device.name) if device else None
    name_text = normalize(" ".join([state.name, *aliases]))
    rest = normalize(
        " ".join(
            filter(
                None,
                [
                    state.entity_id,
                    area.name if area else None,
                    device_name,
                ],
            )
        )
    )
    return EntityRecord(
        entity_id=state.entity_id,
        domain=state.domain,
        name=state.name,
        aliases=aliases,
        area_id=area_id,
        area_name=area.name if area else None,
        floor_id=area.floor_id if area else None,
        labels=frozenset(entry.labels) if entry and entry.labels else _NO_LABELS,
        device_id=device.id if device else None,
        device_name=device_name,
        platform=entry.platform if entry else None,
        device_class=(entry.device_class or entry.original_device_class)
        if entry
        else None,
        haystack=f" {name_text} {rest} ",
        name_end=len(name_text) + 2,
    )


def _text_aliases(aliases: Iterable[object]) -> Iterable[str]:
    """Aliases the user typed (not the computed-name marker of HA 2026.x)."""
    return (alias for alias in aliases if isinstance(alias, str))
