"""What the config entry starts it stops: on unload, and when Home Assistant stops."""

from __future__ import annotations

import asyncio
from collections import Counter

from homeassistant.const import EVENT_HOMEASSISTANT_STOP, EVENT_STATE_CHANGED
from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar, entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import DOMAIN, TITLE
from custom_components.ha_openapi.tools.search import index as index_module

from .conftest import Caller, Home

# Events the entity index listens to.
WATCHED = (
    EVENT_STATE_CHANGED,
    er.EVENT_ENTITY_REGISTRY_UPDATED,
    ar.EVENT_AREA_REGISTRY_UPDATED,
)


def listeners(hass: HomeAssistant) -> Counter[str]:
    return Counter(hass.bus.async_listeners())


@pytest.fixture
async def entry(hass: HomeAssistant) -> MockConfigEntry:
    """The entry, added but not set up, with Home Assistant's own listeners in place."""
    assert await async_setup_component(hass, "homeassistant", {})
    entry = MockConfigEntry(
        domain=DOMAIN, title=TITLE, data={}, options=dict(DEFAULT_OPTIONS)
    )
    entry.add_to_hass(hass)
    # async_setup of the integration itself (views) happens once, with the first entry.
    assert await async_setup_component(hass, DOMAIN, {})
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def test_unload_removes_every_listener_setup_added(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    before = listeners(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    loaded = listeners(hass)
    for event_type in (*WATCHED, EVENT_HOMEASSISTANT_STOP):
        assert loaded[event_type] == before[event_type] + 1, event_type

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert listeners(hass) == before


async def test_home_assistant_stopping_removes_the_index_listeners(
    hass: HomeAssistant, entry: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    before = listeners(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done()
    stopped = listeners(hass)
    for event_type in WATCHED:
        assert stopped[event_type] == before[event_type], event_type
    # Unloading after the stop removes nothing twice (HA would log an error).
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert "Unable to remove unknown job listener" not in caplog.text


async def test_the_index_is_rebuilt_only_after_a_change_and_kept_current(
    hass: HomeAssistant,
    admin: Caller,
    home: Home,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    builds: list[int] = []
    build = index_module._async_build

    async def counting_build(sources):
        builds.append(len(sources.states))
        return await build(sources)

    monkeypatch.setattr(index_module, "_async_build", counting_build)
    first = await admin.call("ha_search_entities", {"query": "garden"})
    assert [row["entity_id"] for row in first.body["result"]["items"]] == [
        "switch.garden_pump"
    ]
    assert builds == [len(hass.states.async_all())]

    # No change, no rebuild.
    await admin.call("ha_search_entities", {"query": "garden"})
    assert len(builds) == 1

    # A renamed area is found by its new name at once.
    ar.async_get(hass).async_update(home.living_room, name="Lounge")
    await hass.async_block_till_done()
    renamed = await admin.call("ha_search_entities", {"query": "lounge"})
    assert [row["entity_id"] for row in renamed.body["result"]["items"]] == [
        "light.living_lamp"
    ]
    assert len(builds) == 2


async def test_a_rebuild_lets_the_event_loop_run_between_chunks(
    hass: HomeAssistant, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "_CHUNK", 2)
    sources = index_module._copy_sources(hass)
    assert len(sources.states) > 2
    build = asyncio.ensure_future(index_module._async_build(sources))
    build_finished_when_others_ran: list[bool] = []

    async def other_work() -> None:
        build_finished_when_others_ran.append(build.done())

    await asyncio.gather(build, other_work())
    assert build_finished_when_others_ran == [False]
    assert [record.entity_id for record in build.result().records] == sorted(
        hass.states.async_entity_ids()
    )
