"""HA OpenAPI beside Home Assistant's own API, on a real hass with 10,000 extra entities.

Run by scripts/benchmark with the scripts/develop venv (the newest release). It
starts Home Assistant the way scripts/develop does, in a fresh folder, with a
small probe integration that measures the event loop's lag from inside and sets
10,000 entities while Home Assistant starts, and prints:

- latency, ours and native side by side, interleaved in blocks, over 5 rounds:
  ``ha_get_states`` of one entity vs ``GET /api/states/<id>``, and
  ``ha_call_service`` light toggle vs ``POST /api/services/light/toggle``, with
  the hass process's CPU seconds per 1,000 calls, and the floor any POST JSON
  view starts from (the probe's echo against the same native read);
- throughput with 32 concurrent clients (wrk), ours and native, with errors and
  CPU seconds per 1,000 calls;
- the event loop's lag while 32 clients search with free text, measured inside
  Home Assistant and by a client timing ``GET /api/`` meanwhile;
- a filtered ``ha_search_entities`` page vs ``GET /api/states`` (latency and
  bytes), ``openapi.json`` served cold, cached and as a 304;
- a dashboard save and an automation create, each beside Home Assistant's own
  equivalent (the lovelace websocket save, the automation config endpoint);
- over 5 more starts each way, taking turns: the integration's setup time from
  Home Assistant's own setup timings (and its import, which those leave out),
  and the hass process's memory (RSS) with the integration and with its entry
  disabled, after the same work through HA's API (and, with the integration,
  an agent's work through the tools as well).

Figures are printed to read, with the targets beside them; nothing here passes
or fails a build.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
import json
import os
from pathlib import Path
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

import aiohttp

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from devhass import folder  # noqa: E402
from devhass.client import HassClient  # noqa: E402
from devhass.process import CONSOLE_LOG, HassProcess  # noqa: E402
from devhass.setup import async_set_up  # noqa: E402

ENTITIES = 10_000
ROUNDS = 5
BLOCK = 100  # calls of one kind in a row, between CPU readings
PAIRS = 10  # blocks of each side per round
CLIENTS = 32
LOAD_SECONDS = 5
LOAD_ROUNDS = 5
PROBE_EVERY = 0.02
ENTITY = "sensor.bench_00001"
LIGHT = "light.bed_light"
SEARCH = {"query": "kitchen lamp 48"}
TICKS = os.sysconf("SC_CLK_TCK")

TARGET_LATENCY_RATIO = 1.15
TARGET_P95_RATIO = 1.3
TARGET_THROUGHPUT_RATIO = 0.8
TARGET_CPU_RATIO = 1.25
TARGET_LAG_P99_MS = 50.0
TARGET_BYTES_RATIO = 100
WRITES = 10  # dashboard saves and automation creates, each side
SETTLE_SECONDS = 15
STARTS = 5  # with the integration and without it, taking turns (RSS is noisy)
TARGET_SETUP_MS = 100.0
TARGET_MEMORY_MB = 10.0
IMPORT_TOOK = re.compile(r"Component ha_openapi import took ([\d.]+) seconds")


@dataclass
class Measured:
    """Latencies (ms) and hass CPU seconds of a number of calls."""

    latencies: list[float]
    cpu_seconds: float

    @property
    def median(self) -> float:
        """Median latency, ms."""
        return statistics.median(self.latencies)

    @property
    def p95(self) -> float:
        """95th percentile latency, ms."""
        ordered = sorted(self.latencies)
        return ordered[int(len(ordered) * 0.95) - 1]

    @property
    def cpu_per_1000(self) -> float:
        """Hass CPU seconds per 1,000 calls."""
        return self.cpu_seconds / len(self.latencies) * 1000


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


class Bench:
    """A running hass, an admin token and one keep-alive connection to it."""

    def __init__(self, process: HassProcess, url: str, token: str) -> None:
        """Talk to ``url`` as the owner of ``token``."""
        self.process = process
        self.url = url
        self.headers = {"Authorization": f"Bearer {token}"}
        self.token = token
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=1), headers=self.headers
        )

    @property
    def pid(self) -> int:
        """The hass process id."""
        assert self.process.popen is not None
        return self.process.popen.pid

    async def close(self) -> None:
        """Close the connection."""
        await self.session.close()

    async def timed(self, call: Callable[[], Awaitable[int]]) -> float:
        """Return the milliseconds one call takes; it must answer 200."""
        started = time.perf_counter()
        status = await call()
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise RuntimeError(f"a benchmark call answered {status}")
        return elapsed

    async def get(self, path: str) -> int:
        """GET ``path``; return the status."""
        async with self.session.get(f"{self.url}{path}") as response:
            await response.read()
            return response.status

    def poster(self, path: str, body: dict[str, Any]) -> Callable[[], Awaitable[int]]:
        """Return a call that posts ``body``, encoded once (the client's work is not ours)."""
        url, data = f"{self.url}{path}", json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}

        async def post() -> int:
            async with self.session.post(url, data=data, headers=headers) as response:
                await response.read()
                return response.status

        return post

    async def block(self, call: Callable[[], Awaitable[int]]) -> Measured:
        """BLOCK calls in a row, with the hass CPU time they cost."""
        cpu = cpu_seconds(self.pid)
        latencies = [await self.timed(call) for _ in range(BLOCK)]
        return Measured(latencies, cpu_seconds(self.pid) - cpu)


async def compare(
    bench: Bench,
    ours: Callable[[], Awaitable[int]],
    native: Callable[[], Awaitable[int]],
) -> list[tuple[Measured, Measured]]:
    """Measure ROUNDS rounds, each of PAIRS short blocks of ours and native taking turns.

    Blocks this short spread any background work of Home Assistant (recorder
    commits, garbage collection) evenly over both sides.
    """
    for call in (ours, native):  # warm up both paths
        for _ in range(100):
            await bench.timed(call)
    rounds = []
    for _ in range(ROUNDS):
        sides: dict[str, list[Measured]] = {"ours": [], "native": []}
        for pair in range(PAIRS):
            order = (("ours", ours), ("native", native))
            for name, call in order if pair % 2 else reversed(order):
                sides[name].append(await bench.block(call))
        rounds.append(
            (
                Measured(
                    [ms for block in sides["ours"] for ms in block.latencies],
                    sum(block.cpu_seconds for block in sides["ours"]),
                ),
                Measured(
                    [ms for block in sides["native"] for ms in block.latencies],
                    sum(block.cpu_seconds for block in sides["native"]),
                ),
            )
        )
    return rounds


def print_comparison(name: str, rounds: list[tuple[Measured, Measured]]) -> None:
    """Print the rounds, and their medians against the targets."""
    print(f"\n{name}")
    print(
        f"{'round':>5} {'ours ms':>8} {'native ms':>10} {'ratio':>6} "
        f"{'p95 ours':>9} {'p95 native':>11} {'p95 ratio':>9} "
        f"{'CPU s/1k ours':>14} {'native':>7}"
    )
    ratios, p95_ratios, cpu_ratios = [], [], []
    for number, (ours, native) in enumerate(rounds, 1):
        ratio, p95_ratio = ours.median / native.median, ours.p95 / native.p95
        ratios.append(ratio)
        p95_ratios.append(p95_ratio)
        cpu_ratios.append(ours.cpu_per_1000 / max(native.cpu_per_1000, 1e-9))
        print(
            f"{number:>5} {ours.median:8.3f} {native.median:10.3f} {ratio:6.2f} "
            f"{ours.p95:9.3f} {native.p95:11.3f} {p95_ratio:9.2f} "
            f"{ours.cpu_per_1000:14.3f} {native.cpu_per_1000:7.3f}"
        )
    ratio, p95_ratio = statistics.median(ratios), statistics.median(p95_ratios)
    print(
        f"median of {ROUNDS} rounds: latency ratio {ratio:.2f} "
        f"(target <= {TARGET_LATENCY_RATIO}: {'met' if ratio <= TARGET_LATENCY_RATIO else 'MISSED'}), "
        f"p95 ratio {p95_ratio:.2f} "
        f"(target <= {TARGET_P95_RATIO}: {'met' if p95_ratio <= TARGET_P95_RATIO else 'MISSED'}), "
        f"CPU ratio {statistics.median(cpu_ratios):.2f}"
    )


@dataclass
class Load:
    """What wrk reported, and the hass CPU time meanwhile."""

    requests_per_second: float
    requests: int
    errors: int
    cpu_seconds: float

    @property
    def cpu_per_1000(self) -> float:
        """Hass CPU seconds per 1,000 calls."""
        return self.cpu_seconds / max(self.requests, 1) * 1000


def wrk(bench: Bench, path: str, body: dict[str, Any] | None = None) -> Load:
    """CLIENTS concurrent connections for LOAD_SECONDS against one endpoint."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if body is not None:
            script.write(
                'wrk.method = "POST"\n'
                f"wrk.body = {json.dumps(json.dumps(body))}\n"
                'wrk.headers["Content-Type"] = "application/json"\n'
            )
    try:
        cpu = cpu_seconds(bench.pid)
        output = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{CLIENTS}",
                f"-d{LOAD_SECONDS}s",
                "-s",
                script.name,
                "-H",
                f"Authorization: Bearer {bench.token}",
                f"{bench.url}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        spent = cpu_seconds(bench.pid) - cpu
    finally:
        os.unlink(script.name)
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    errors_match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    errors = int(errors_match.group(1)) if errors_match else 0
    if socket_errors:
        errors += sum(
            int(count) for count in re.findall(r"\d+", socket_errors.group(1))
        )
    return Load(rate, requests, errors, spent)


async def lag_under_search(bench: Bench) -> tuple[dict[str, Any], list[float], Load]:
    """Search with CLIENTS clients; meanwhile time GET /api/ and read the loop's lag."""
    await bench.get("/api/bench_probe/lag")  # start a new sample
    loop = asyncio.get_running_loop()
    load_task = loop.run_in_executor(
        None, wrk, bench, "/api/ha_openapi/ha_search_entities", SEARCH
    )
    probe_times: list[float] = []
    async with aiohttp.ClientSession(headers=bench.headers) as session:
        while not load_task.done():
            started = time.perf_counter()
            async with session.get(f"{bench.url}/api/") as response:
                await response.read()
            probe_times.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(PROBE_EVERY)
    load = await load_task
    async with bench.session.get(f"{bench.url}/api/bench_probe/lag") as response:
        inside = await response.json()
    return inside, probe_times, load


def percentile(values: list[float], share: float) -> float:
    """Return the value below which ``share`` of ``values`` lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def run(config_dir: Path) -> None:
    """Start hass, measure, print, stop."""
    port = folder.stored_port(config_dir) or 0
    if not port:
        import socket  # noqa: PLC0415

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    folder.prepare(config_dir, "127.0.0.1", port, frontend=False)
    probe_target = config_dir / "custom_components" / "bench_probe"
    shutil.copytree(Path(__file__).parent / "probe", probe_target, dirs_exist_ok=True)
    configuration = config_dir / "configuration.yaml"
    # Thousands of toggles would grow the recorder's queue for both sides alike
    # and drown the difference in its writes: leave the light out of it.
    # The loader's debug line tells how long the integration's import took.
    configuration.write_text(
        configuration.read_text()
        .replace(
            "recorder:\n", f"recorder:\n  exclude:\n    entities:\n      - {LIGHT}\n"
        )
        .replace("  logs:\n", "  logs:\n    homeassistant.loader: debug\n", 1)
        + f"bench_probe:\n  entities: {ENTITIES}\n  before: ha_openapi\n"
    )
    print(f"Starting Home Assistant in {config_dir} ...", flush=True)
    async with running_hass(config_dir, port) as bench:
        await measure(bench)
    await starts_and_memory(config_dir, port)


@asynccontextmanager
async def running_hass(config_dir: Path, port: int) -> AsyncIterator[Bench]:
    """Start hass on the folder, set it up, and stop it when done."""
    process = HassProcess(config_dir, "127.0.0.1", port)
    process.start()
    try:
        url = f"http://127.0.0.1:{port}"
        credentials = await async_set_up(process, url)
        bench = Bench(process, url, credentials.admin_token)
        try:
            yield bench
        finally:
            await bench.close()
    finally:
        process.stop()


async def measure(bench: Bench) -> None:
    """Measure everything and print it."""
    # Let the start's delayed writes (the entity registry of 10,000 sensors
    # among them) land before anything is timed.
    await asyncio.sleep(SETTLE_SECONDS)
    version = (await (await bench.session.get(f"{bench.url}/api/config")).json())[
        "version"
    ]
    print(
        f"\nHome Assistant {version}, {ENTITIES} extra entities; {ROUNDS} rounds of "
        f"{PAIRS} blocks of {BLOCK} calls each side, taking turns"
    )

    states = await compare(
        bench,
        bench.poster("/api/ha_openapi/ha_get_states", {"entity_ids": [ENTITY]}),
        lambda: bench.get(f"/api/states/{ENTITY}"),
    )
    print_comparison("ha_get_states vs GET /api/states/<id>", states)
    floor = await compare(
        bench,
        bench.poster("/api/bench_probe/echo", {"entity_ids": [ENTITY]}),
        lambda: bench.get(f"/api/states/{ENTITY}"),
    )
    print_comparison(
        "the floor for any POST JSON view: the probe's echo (reads the body, "
        "answers it) vs GET /api/states/<id>",
        floor,
    )
    toggles = await compare(
        bench,
        bench.poster(
            "/api/ha_openapi/ha_call_service",
            {"domain": "light", "service": "toggle", "target": {"entity_id": LIGHT}},
        ),
        bench.poster("/api/services/light/toggle", {"entity_id": LIGHT}),
    )
    print_comparison(
        "ha_call_service light toggle vs POST /api/services/light/toggle", toggles
    )

    loop = asyncio.get_running_loop()
    print(
        f"\nthroughput, {CLIENTS} clients (wrk), {LOAD_ROUNDS} runs of "
        f"{LOAD_SECONDS} s each side, taking turns"
    )
    native_runs: list[Load] = []
    our_runs: list[Load] = []
    for _ in range(LOAD_ROUNDS):
        native_runs.append(
            await loop.run_in_executor(None, wrk, bench, f"/api/states/{ENTITY}", None)
        )
        our_runs.append(
            await loop.run_in_executor(
                None,
                wrk,
                bench,
                "/api/ha_openapi/ha_get_states",
                {"entity_ids": [ENTITY]},
            )
        )
    print(f"{'':28} {'calls/s':>9} {'errors':>7} {'CPU s/1k':>9}")
    for name, runs in (
        ("GET /api/states/<id>", native_runs),
        ("ha_get_states", our_runs),
    ):
        for load in runs:
            print(
                f"{name:28} {load.requests_per_second:9.0f} {load.errors:7d} "
                f"{load.cpu_per_1000:9.3f}"
            )
    ratio = statistics.median(
        ours.requests_per_second / native.requests_per_second
        for ours, native in zip(our_runs, native_runs, strict=True)
    )
    cpu_ratio = statistics.median(
        ours.cpu_per_1000 / native.cpu_per_1000
        for ours, native in zip(our_runs, native_runs, strict=True)
    )
    print(
        f"median throughput ratio {ratio:.2f} (target >= {TARGET_THROUGHPUT_RATIO}: "
        f"{'met' if ratio >= TARGET_THROUGHPUT_RATIO else 'MISSED'}), "
        f"CPU per call ratio {cpu_ratio:.2f} (target <= {TARGET_CPU_RATIO}: "
        f"{'met' if cpu_ratio <= TARGET_CPU_RATIO else 'MISSED'})"
    )

    await search_against_all_states(bench)
    await spec_serving(bench)
    await writes_against_native(bench)

    inside, probe, search = await lag_under_search(bench)
    print(f"\n{CLIENTS} clients searching {json.dumps(SEARCH)} for {LOAD_SECONDS} s")
    print(
        f"ha_search_entities: {search.requests_per_second:.0f} calls/s, "
        f"{search.errors} errors, {search.cpu_per_1000:.2f} CPU s per 1,000 calls"
    )
    print(
        f"event-loop lag inside HA: median {inside.get('median_ms', 0):.1f} ms, "
        f"p99 {inside.get('p99_ms', 0):.1f} ms, max {inside.get('max_ms', 0):.1f} ms"
    )
    print(
        f"GET /api/ meanwhile ({len(probe)} probes): median {statistics.median(probe):.1f} ms, "
        f"p99 {percentile(probe, 0.99):.1f} ms"
    )
    worst = max(inside.get("p99_ms", 0), percentile(probe, 0.99))
    print(
        f"target: loop lag p99 <= {TARGET_LAG_P99_MS} ms: "
        f"{'met' if worst <= TARGET_LAG_P99_MS else 'MISSED'} (worst p99 {worst:.1f} ms)"
    )


async def timed_body(
    bench: Bench, method: str, path: str, body: dict[str, Any] | None = None
) -> tuple[float, int, bytes]:
    """Send one request; return its milliseconds, status and body."""
    started = time.perf_counter()
    async with bench.session.request(
        method, f"{bench.url}{path}", json=body
    ) as response:
        content = await response.read()
    return (time.perf_counter() - started) * 1000, response.status, content


async def search_against_all_states(bench: Bench) -> None:
    """Time a filtered search page beside GET /api/states, and count their bytes."""
    search = {"domain": "light"}
    ours: list[float] = []
    native: list[float] = []
    our_bytes = native_bytes = 0
    for _ in range(20):
        elapsed, status, content = await timed_body(
            bench, "POST", "/api/ha_openapi/ha_search_entities", search
        )
        assert status == 200, content
        ours.append(elapsed)
        our_bytes = len(content)
        elapsed, status, content = await timed_body(bench, "GET", "/api/states")
        assert status == 200
        native.append(elapsed)
        native_bytes = len(content)
    ratio = native_bytes / our_bytes
    print(f"\nha_search_entities {json.dumps(search)} vs GET /api/states")
    print(
        f"median {statistics.median(ours):.2f} ms vs {statistics.median(native):.2f} ms; "
        f"{our_bytes} bytes vs {native_bytes} bytes: {ratio:.0f}x fewer "
        f"(target >= {TARGET_BYTES_RATIO}x: "
        f"{'met' if ratio >= TARGET_BYTES_RATIO else 'MISSED'})"
    )


async def spec_serving(bench: Bench) -> None:
    """Time openapi.json: the first request (built), later ones (cached), and a 304."""
    path = "/api/ha_openapi/openapi.json"
    cold, status, content = await timed_body(bench, "GET", path)
    assert status == 200
    cached = [(await timed_body(bench, "GET", path))[0] for _ in range(20)]
    async with bench.session.get(f"{bench.url}{path}") as response:
        etag = response.headers["ETag"]
        await response.read()
    not_modified: list[float] = []
    for _ in range(20):
        started = time.perf_counter()
        async with bench.session.get(
            f"{bench.url}{path}", headers={"If-None-Match": etag}
        ) as response:
            await response.read()
            assert response.status == 304
        not_modified.append((time.perf_counter() - started) * 1000)
    print(
        f"\nopenapi.json ({len(content)} bytes): cold {cold:.1f} ms, cached median "
        f"{statistics.median(cached):.2f} ms, 304 median "
        f"{statistics.median(not_modified):.2f} ms"
    )


async def writes_against_native(bench: Bench) -> None:
    """Time a dashboard save and an automation create beside HA's own equivalents."""
    status, _ = (
        await timed_body(
            bench,
            "POST",
            "/api/ha_openapi/ha_manage_dashboard",
            {"action": "create", "url_path": "bench-board", "title": "Bench"},
        )
    )[1:]
    assert status == 200
    saves: dict[str, list[float]] = {"ours": [], "native": []}
    async with aiohttp.ClientSession() as session:
        socket = await session.ws_connect(f"{bench.url}/api/websocket")
        await socket.receive_json()
        await socket.send_json({"type": "auth", "access_token": bench.token})
        assert (await socket.receive_json())["type"] == "auth_ok"
        for number in range(WRITES):
            config = {"views": [{"title": f"Save {number}", "cards": []}]}
            # The revision as it stands (HA's own save in between changed it).
            read = json.loads(
                (
                    await timed_body(
                        bench,
                        "POST",
                        "/api/ha_openapi/ha_get_dashboard",
                        {"url_path": "bench-board"},
                    )
                )[2]
            )
            revision = read["result"]["revision"]
            elapsed, status, content = await timed_body(
                bench,
                "POST",
                "/api/ha_openapi/ha_save_dashboard_config",
                {"url_path": "bench-board", "config": config}
                | ({"expected_revision": revision} if revision else {}),
            )
            assert status == 200, content
            saves["ours"].append(elapsed)
            started = time.perf_counter()
            await socket.send_json(
                {
                    "id": number + 1,
                    "type": "lovelace/config/save",
                    "url_path": "bench-board",
                    "config": config,
                }
            )
            reply = await socket.receive_json()
            assert reply["success"], reply
            saves["native"].append((time.perf_counter() - started) * 1000)
        await socket.close()
    creates: dict[str, list[float]] = {"ours": [], "native": []}
    for number in range(WRITES):
        automation = {
            "alias": f"Bench {number}",
            "triggers": [{"trigger": "event", "event_type": f"bench_{number}"}],
            "actions": [{"action": "light.turn_on", "target": {"entity_id": LIGHT}}],
        }
        elapsed, status, content = await timed_body(
            bench,
            "POST",
            "/api/ha_openapi/ha_manage_automation",
            {"action": "create", "config": automation},
        )
        assert status == 200, content
        creates["ours"].append(elapsed)
        elapsed, status, content = await timed_body(
            bench,
            "POST",
            f"/api/config/automation/config/bench_native_{number}",
            {**automation, "alias": f"Bench native {number}"},
        )
        assert status == 200, content
        creates["native"].append(elapsed)
    print(f"\nwrites, {WRITES} each side, taking turns: median ours vs native")
    for name, sides, native_name in (
        ("dashboard save", saves, "lovelace/config/save (websocket)"),
        ("automation create", creates, "POST /api/config/automation/config/<id>"),
    ):
        ours, native = (
            statistics.median(sides["ours"]),
            statistics.median(sides["native"]),
        )
        print(
            f"{name}: {ours:.1f} ms vs {native:.1f} ms ({native_name}), "
            f"ratio {ours / native:.2f}"
        )


@dataclass
class StartFigures:
    """What one start showed: setup and import (with the integration), and RSS."""

    rss_mb: float
    setup_ms: float | None = None
    import_ms: float | None = None
    states_first: bool | None = None
    registered: int | None = None


async def starts_and_memory(config_dir: Path, port: int) -> None:
    """Start hass STARTS times with the integration and without it, taking turns.

    With it: its setup time from HA's setup timings, and its import time from
    the loader's log. Each way: the hass RSS after the same work through HA's
    own API, and with the integration an agent's work through the tools too;
    without it the entry is disabled (Home Assistant then never imports it).
    """
    print(
        f"\n{STARTS} starts with the integration and {STARTS} with its entry "
        f"disabled, taking turns; {ENTITIES} entities"
    )
    starts: dict[bool, list[StartFigures]] = {True: [], False: []}
    for _ in range(STARTS):
        for loaded in (True, False):
            starts[loaded].append(await one_start(config_dir, port, loaded=loaded))
    print(
        f"{'start':>5} {'setup ms':>9} {'import ms':>10} {'RSS with MB':>12} {'without MB':>11}"
    )
    for number, (with_it, without) in enumerate(
        zip(starts[True], starts[False], strict=True), 1
    ):
        imported = "?" if with_it.import_ms is None else f"{with_it.import_ms:.1f}"
        print(
            f"{number:>5} {with_it.setup_ms:9.1f} {imported:>10} "
            f"{with_it.rss_mb:12.1f} {without.rss_mb:11.1f}"
        )
    setup = statistics.median(start.setup_ms or 0 for start in starts[True])
    print(
        f"median setup {setup:.1f} ms from HA's setup timings (target <= "
        f"{TARGET_SETUP_MS:.0f} ms: {'met' if setup <= TARGET_SETUP_MS else 'MISSED'})"
    )
    print(
        f"at each start, {min(start.registered or 0 for start in starts[True])} or "
        "more entities were in the entity registry before any integration set up; "
        f"the probe had set the states of {ENTITIES} before our setup began in "
        f"{sum(bool(start.states_first) for start in starts[True])} of {STARTS} "
        "starts (our setup reads neither: its index is built on the first search)"
    )
    if imports := [start.import_ms for start in starts[True] if start.import_ms]:
        print(
            "its import (in an executor, off the event loop; HA's timings leave it "
            f"out): median {statistics.median(imports):.0f} ms"
        )
    with_it = statistics.median(start.rss_mb for start in starts[True])
    without = statistics.median(start.rss_mb for start in starts[False])
    print(
        f"memory: median RSS {with_it:.1f} MB with vs {without:.1f} MB without: "
        f"{with_it - without:+.1f} MB (target <= {TARGET_MEMORY_MB:.0f} MB: "
        f"{'met' if with_it - without <= TARGET_MEMORY_MB else 'MISSED'})"
    )


async def one_start(config_dir: Path, port: int, *, loaded: bool) -> StartFigures:
    """Start hass with the integration ``loaded`` or not, work, measure, stop.

    Before stopping, it enables or disables the entry for the next start.
    """
    console = config_dir / CONSOLE_LOG
    log_start = console.stat().st_size if console.exists() else 0
    async with (
        running_hass(config_dir, port) as bench,
        aiohttp.ClientSession() as session,
    ):
        admin = HassClient(session, bench.url, bench.token)
        try:
            components = (await admin.get("/api/config"))["components"]
            if ("ha_openapi" in components) != loaded:
                raise RuntimeError(
                    f"ha_openapi {'not ' if loaded else ''}loaded as expected"
                )
            figures = StartFigures(rss_mb=0)
            if loaded:
                timings = await admin.command({"type": "integration/setup_info"})
                figures.setup_ms = 1000 * next(
                    row["seconds"] for row in timings if row["domain"] == "ha_openapi"
                )
                start = await admin.get("/api/bench_probe/start")
                figures.states_first = start["before_its_setup"]
                figures.registered = start["registered_at_start"]
                with console.open("rb") as log:
                    log.seek(log_start)
                    found = IMPORT_TOOK.search(log.read().decode(errors="replace"))
                if found:
                    figures.import_ms = float(found.group(1)) * 1000
            await same_work(bench, with_tools=loaded)
            await asyncio.sleep(2)
            figures.rss_mb = resident_mb(bench.pid)
            await set_entry_disabled(admin, disabled=loaded)
        finally:
            await admin.close()
    return figures


async def same_work(bench: Bench, *, with_tools: bool) -> None:
    """Do the same reads and toggles through HA's API; with the tools, an agent's work too.

    The comparison is one-sided on purpose: the tools' work (their search
    index over every entity and the spec among it) counts against them, and
    nothing an agent would do instead without them (reading every state to
    search) counts for them.
    """
    work: list[tuple[int, Callable[[], Awaitable[int]]]] = [
        (500, lambda: bench.get(f"/api/states/{ENTITY}")),
        (200, bench.poster("/api/services/light/toggle", {"entity_id": LIGHT})),
        (5, lambda: bench.get("/api/services")),
    ]
    if with_tools:
        work += [
            (
                500,
                bench.poster("/api/ha_openapi/ha_get_states", {"entity_ids": [ENTITY]}),
            ),
            (
                200,
                bench.poster(
                    "/api/ha_openapi/ha_call_service",
                    {
                        "domain": "light",
                        "service": "toggle",
                        "target": {"entity_id": LIGHT},
                    },
                ),
            ),
            (50, bench.poster("/api/ha_openapi/ha_search_entities", SEARCH)),
            (5, lambda: bench.get("/api/ha_openapi/openapi.json")),
        ]
    for count, call in work:
        for _ in range(count):
            await bench.timed(call)


def resident_mb(pid: int) -> float:
    """Return the resident set size of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


async def set_entry_disabled(admin: HassClient, *, disabled: bool) -> None:
    """Disable or enable the integration's entry, as the UI does."""
    (entry,) = await admin.get("/api/config/config_entries/entry?domain=ha_openapi")
    await admin.command(
        {
            "type": "config_entries/disable",
            "entry_id": entry["entry_id"],
            "disabled_by": "user" if disabled else None,
        }
    )


def main() -> int:
    """Benchmark in a fresh config folder (the first argument)."""
    config_dir = Path(sys.argv[1]).resolve()
    if config_dir.exists():
        shutil.rmtree(config_dir)  # a fresh home every run
    asyncio.run(run(config_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
