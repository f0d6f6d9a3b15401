"""Measure the event loop's lag from inside Home Assistant, for scripts/benchmark.

Copied into the benchmark's config folder only. A background task asks to
sleep 10 ms over and over and records how late it wakes up; the view
``GET /api/bench_probe/lag`` returns the median, p99 and maximum lateness since
the last call and starts a new sample. ``POST /api/bench_probe/echo`` answers
its JSON body as it came: the least any POST JSON endpoint can cost.

Configured with ``entities: n`` it also keeps ``n`` sensors in the entity
registry (so from the second start on they are there before any integration
sets up, as in any home) and sets their states while it sets up;
``GET /api/bench_probe/start`` tells whether the integration named by
``before`` had begun its setup by then.
"""

from __future__ import annotations

import asyncio
import statistics
from typing import Any

from aiohttp import web
from homeassistant.components.http import HomeAssistantView
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

DOMAIN = "bench_probe"
TICK = 0.01


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    """Start sampling and serve the figures."""
    lateness: list[float] = []

    async def sample() -> None:
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            await asyncio.sleep(TICK)
            lateness.append((loop.time() - started - TICK) * 1000)

    hass.async_create_background_task(sample(), "bench_probe lag sampler")
    options = config.get(DOMAIN) or {}
    count = int(options.get("entities", 0))
    registry = er.async_get(hass)
    registered_at_start = len(registry.entities)
    for number in range(1, count + 1):
        name = entity_name(number)
        entry = registry.async_get_or_create(
            "sensor",
            DOMAIN,
            f"bench_{number:05d}",
            suggested_object_id=f"bench_{number:05d}",
            original_name=name,
        )
        hass.states.async_set(
            entry.entity_id, str(number % 30), {"friendly_name": name}
        )
    target = options.get("before")
    target_entries = hass.config_entries.async_entries(target) if target else []
    start = {
        "entities": count,
        "registered_at_start": registered_at_start,
        "before": target,
        "before_its_setup": bool(target_entries)
        and all(entry.state is ConfigEntryState.NOT_LOADED for entry in target_entries),
    }
    hass.http.register_view(LagView(lateness))
    hass.http.register_view(EchoView())
    hass.http.register_view(StartView(start))
    return True


def entity_name(number: int) -> str:
    """Return a name that searches can find: a room, a number, a kind of thing."""
    rooms = ["Kitchen", "Bedroom", "Office", "Hall", "Bath", "Living room"]
    nouns = ["lamp", "temperature", "plug", "door", "humidity"]
    return f"{rooms[number % len(rooms)]} {number % 100} {nouns[number % 5]} {number}"


class StartView(HomeAssistantView):
    """How many entities were there at start, and whether before the named setup."""

    url = "/api/bench_probe/start"
    name = "api:bench_probe:start"

    def __init__(self, start: dict[str, Any]) -> None:
        """Serve ``start``."""
        self.start = start

    async def get(self, request: web.Request) -> web.Response:
        """Return what was recorded at setup."""
        return self.json(self.start)


class LagView(HomeAssistantView):
    """The lag figures since the last request."""

    url = "/api/bench_probe/lag"
    name = "api:bench_probe:lag"

    def __init__(self, lateness: list[float]) -> None:
        """Serve ``lateness``."""
        self.lateness = lateness

    async def get(self, request: web.Request) -> web.Response:
        """Return median, p99 and max lateness in ms, then start over."""
        sample = sorted(self.lateness)
        self.lateness.clear()
        if not sample:
            return self.json({"count": 0})
        return self.json(
            {
                "count": len(sample),
                "median_ms": statistics.median(sample),
                "p99_ms": sample[min(len(sample) - 1, int(len(sample) * 0.99))],
                "max_ms": sample[-1],
            }
        )


class EchoView(HomeAssistantView):
    """The floor for a POST JSON endpoint: read the body, send it back."""

    url = "/api/bench_probe/echo"
    name = "api:bench_probe:echo"

    async def post(self, request: web.Request) -> web.Response:
        """Answer the body."""
        return web.Response(body=await request.read(), content_type="application/json")
