"""Unloading and reloading the entry over and over while clients call tools.

What a reload may cost a caller is the documented "not loaded" answer (503,
``unavailable``); it never adds routes, and what the entry starts (listeners,
tasks) it stops again, however many times it runs.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from http import HTTPStatus

from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import DOMAIN, TITLE

from .conftest import Caller

RELOADS = 50
CLIENTS = 4
NOT_LOADED = "HA OpenAPI is not set up, or is disabled: enable it in Settings > Devices & services"


def bus_listeners(hass: HomeAssistant) -> Counter[str]:
    """The event listeners, without the one a Store holds while a save is pending."""
    listeners = Counter(hass.bus.async_listeners())
    del listeners[EVENT_HOMEASSISTANT_FINAL_WRITE]
    return listeners


def background_tasks() -> Counter[str]:
    """The running tasks by coroutine, without aiohttp's (one per open connection)."""
    return Counter(
        coroutine.__qualname__
        for task in asyncio.all_tasks()
        if "aiohttp" not in (coroutine := task.get_coro()).cr_code.co_filename
    )


async def test_fifty_unloads_and_reloads_while_clients_call_tools(
    hass: HomeAssistant, hass_client
) -> None:
    assert await async_setup_component(hass, "homeassistant", {})
    hass.states.async_set("light.porch", "on", {"friendly_name": "Porch"})
    entry = MockConfigEntry(
        domain=DOMAIN, title=TITLE, data={}, options=dict(DEFAULT_OPTIONS)
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    caller = Caller(await hass_client())
    assert (await caller.ok("ha_get_states", {"entity_ids": ["light.porch"]}))[
        "states"
    ][0]["state"] == "on"
    routes = len(hass.http.app.router.routes())
    listeners = bus_listeners(hass)
    tasks = background_tasks()

    statuses: Counter[int] = Counter()
    refusals: Counter[tuple[str, str]] = Counter()
    reloading = True

    async def keep_calling() -> None:
        while reloading:
            response = await caller.call(
                "ha_get_states", {"entity_ids": ["light.porch"]}
            )
            statuses[response.status] += 1
            if response.status != HTTPStatus.OK:
                error = response.body["error"]
                refusals[error["code"], error["message"]] += 1
            else:
                assert response.body["result"]["states"][0]["state"] == "on"

    clients = [asyncio.create_task(keep_calling()) for _ in range(CLIENTS)]
    for number in range(RELOADS):
        if number % 2:
            assert await hass.config_entries.async_reload(entry.entry_id)
        else:
            # Unloaded for a moment: calls meanwhile get the "not loaded" answer.
            assert await hass.config_entries.async_unload(entry.entry_id)
            await asyncio.sleep(0.005)
            assert await hass.config_entries.async_setup(entry.entry_id)
        await asyncio.sleep(0.001)
    reloading = False
    await asyncio.gather(*clients)
    await hass.async_block_till_done()

    assert statuses[HTTPStatus.OK] > 0
    assert statuses[HTTPStatus.SERVICE_UNAVAILABLE] > 0
    assert set(statuses) == {HTTPStatus.OK, HTTPStatus.SERVICE_UNAVAILABLE}
    assert set(refusals) == {("unavailable", NOT_LOADED)}
    assert len(hass.http.app.router.routes()) == routes
    assert bus_listeners(hass) == listeners
    assert background_tasks() == tasks
    # Still serving after the last reload.
    assert (await caller.ok("ha_get_states", {"entity_ids": ["light.porch"]}))[
        "states"
    ][0]["state"] == "on"
