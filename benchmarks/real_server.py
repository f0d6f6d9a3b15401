"""HA OpenAPI beside Home Assistant's own API, on a real hass with 10,000 extra entities.

Run by scripts/benchmark with the scripts/develop venv (the newest release). It
starts Home Assistant the way scripts/develop does, in a fresh folder, with a
small probe integration that measures the event loop's lag from inside, adds
10,000 entities through the REST API, and prints:

- latency, ours and native side by side, interleaved in blocks, over 5 rounds:
  ``ha_get_states`` of one entity vs ``GET /api/states/<id>``, and
  ``ha_call_service`` light toggle vs ``POST /api/services/light/toggle``, with
  the hass process's CPU seconds per 1,000 calls;
- throughput with 32 concurrent clients (wrk), ours and native, with errors and
  CPU seconds per 1,000 calls;
- the event loop's lag while 32 clients search with free text, measured inside
  Home Assistant and by a client timing ``GET /api/`` meanwhile;
- a filtered ``ha_search_entities`` page vs ``GET /api/states`` (latency and
  bytes), ``openapi.json`` served cold, cached and as a 304;
- a dashboard save and an automation create, each beside Home Assistant's own
  equivalent (the lovelace websocket save, the automation config endpoint).

Figures are printed to read, with the targets beside them; nothing here passes
or fails a build.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
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
from devhass.process import HassProcess  # noqa: E402
from devhass.setup import async_set_up  # noqa: E402

ENTITIES = 10_000
ROUNDS = 5
BLOCK = 100  # calls of one kind in a row, between CPU readings
PAIRS = 10  # blocks of each side per round
CLIENTS = 32
LOAD_SECONDS = 5
LOAD_ROUNDS = 3
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

    async def add_entities(self) -> None:
        """10,000 states through the REST API, with names that searches can find."""
        rooms = ["Kitchen", "Bedroom", "Office", "Hall", "Bath", "Living room"]
        nouns = ["lamp", "temperature", "plug", "door", "humidity"]
        async with aiohttp.ClientSession(headers=self.headers) as session:

            async def add(number: int) -> None:
                name = f"{rooms[number % len(rooms)]} {number % 100} {nouns[number % 5]} {number}"
                async with session.post(
                    f"{self.url}/api/states/sensor.bench_{number:05d}",
                    json={
                        "state": str(number % 30),
                        "attributes": {"friendly_name": name},
                    },
                ) as response:
                    response.raise_for_status()

            for start in range(1, ENTITIES + 1, 200):
                await asyncio.gather(
                    *(
                        add(number)
                        for number in range(start, min(start + 200, ENTITIES + 1))
                    )
                )

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
    configuration.write_text(
        configuration.read_text().replace(
            "recorder:\n", f"recorder:\n  exclude:\n    entities:\n      - {LIGHT}\n"
        )
        + "bench_probe:\n"
    )
    process = HassProcess(config_dir, "127.0.0.1", port)
    print(f"Starting Home Assistant in {config_dir} ...", flush=True)
    process.start()
    try:
        url = f"http://127.0.0.1:{port}"
        credentials = await async_set_up(process, url)
        bench = Bench(process, url, credentials.admin_token)
        try:
            await measure(bench)
        finally:
            await bench.close()
    finally:
        process.stop()


async def measure(bench: Bench) -> None:
    """Measure everything and print it."""
    print(f"adding {ENTITIES} entities ...", flush=True)
    await bench.add_entities()
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


def main() -> int:
    """Benchmark in a fresh config folder (the first argument)."""
    config_dir = Path(sys.argv[1]).resolve()
    if config_dir.exists():
        shutil.rmtree(config_dir)  # a fresh home every run
    asyncio.run(run(config_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
