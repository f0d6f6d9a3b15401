"""Measure the event loop's lag from inside Home Assistant, for scripts/benchmark.

Copied into the benchmark's config folder only. A background task asks to
sleep 10 ms over and over and records how late it wakes up; the view
``GET /api/bench_probe/lag`` returns the median, p99 and maximum lateness since
the last call and starts a new sample. ``POST /api/bench_probe/echo`` answers
its JSON body as it came: the least any POST JSON endpoint can cost.
"""

from __future__ import annotations

import asyncio
import statistics
from typing import Any

from aiohttp import web
from homeassistant.components.http import HomeAssistantView
from homeassistant.core import HomeAssistant

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
    hass.http.register_view(LagView(lateness))
    hass.http.register_view(EchoView())
    return True


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
