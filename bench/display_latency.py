"""Display latency: call-next over HTTP to receipt at N display sockets, 2 Daphne workers + Redis.

Starts two Daphne processes sharing Redis and a PostgreSQL database created for the run
(dropped at the end), loads the demo centres, connects N display clients (`websockets`,
asyncio, spread over both workers), then makes repeated call-next requests (alternating
workers) and measures, for every client, the time from the HTTP response to the receipt of
the matching `ticket.called` event. Reports p50/p99/max, the time from the key press (the
request sent) to the last screen of each call, the fan-out rate and the memory each
connection costs the workers. One call per worker after the screens connect warms the
workers up and is logged, not counted.

    python -m bench display-latency [--clients 1,100,1000] [--calls 30]
        [--postgres postgres://127.0.0.1:5432] [--redis redis://127.0.0.1:6379/12]
"""

import argparse
import asyncio
import contextlib
import functools
import json
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import psycopg
import redis
from websockets.asyncio.client import connect

from bench.common import percentile, print_table
from bench.servers import ONE_CLIENT_PLAYS_EVERYONE, manage, server_env, start_daphne

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "nafitha-demo"
COUNTERS = 6  # seed_demo opens counters 1–6 of amman for agent1–agent6


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Cluster:
    """Daphne workers sharing one Redis and a PostgreSQL database made for this run."""

    def __init__(self, *, workers: int = 2, postgres: str, redis_url: str, seed: bool = True):
        self.workers = workers
        self.postgres = postgres.rstrip("/")
        self.redis_url = redis_url
        self.seed = seed
        self.name = f"nafitha_displays_{uuid.uuid4().hex[:10]}"
        self.prefix = f"nafitha-bench-{uuid.uuid4().hex[:8]}"
        self.tmp = Path(tempfile.mkdtemp(prefix="nafitha-cluster-"))
        self.procs: list[subprocess.Popen] = []
        self.urls: list[str] = []

    @property
    def env(self) -> dict[str, str]:
        return server_env(
            self.tmp,
            DATABASE_URL=f"{self.postgres}/{self.name}",
            REDIS_URL=self.redis_url,
            CHANNEL_LAYER_PREFIX=self.prefix,
            LOG_LEVEL="ERROR",
            THROTTLE_TICKET_ISSUE="100000/min",
            THROTTLE_PUBLIC_READ="100000/min",
            **ONE_CLIENT_PLAYS_EVERYONE,
        )

    def manage(self, *args: str) -> str:
        return manage(self.env, *args)

    def __enter__(self) -> "Cluster":
        with psycopg.connect(f"{self.postgres}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        try:
            self.manage("migrate", "--noinput", "-v0")
            if self.seed:
                self.manage("seed_demo")
            for index in range(self.workers):
                self.procs.append(self._start(index))
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self, index: int) -> subprocess.Popen:
        proc, url = start_daphne(self.env, self.tmp / f"daphne-{index}.log")
        self.urls.append(url)
        return proc

    def __exit__(self, *exc) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=10)
        with psycopg.connect(f"{self.postgres}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        client = redis.Redis.from_url(self.redis_url)
        keys = list(client.scan_iter(f"{self.prefix}*"))
        if keys:
            client.delete(*keys)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def rss_kib(self) -> int:
        total = 0
        for proc in self.procs:
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        return total

    def ws_url(self, index: int, path: str) -> str:
        return self.urls[index % len(self.urls)].replace("http://", "ws://") + path


def agent_clients(cluster: Cluster) -> list[httpx.Client]:
    """One API client per open counter (agentK at counter K), each on a worker in turn."""
    clients = []
    for k in range(1, COUNTERS + 1):
        base = cluster.urls[k % len(cluster.urls)] + "/api/v1"
        client = httpx.Client(base_url=base, timeout=30)
        token = client.post("/auth/token/", json={"username": f"agent{k}", "password": PASSWORD})
        token.raise_for_status()
        client.headers["Authorization"] = f"Token {token.json()['token']}"
        clients.append(client)
    return clients


class Display:
    """One display socket that timestamps every `ticket.called` it receives."""

    def __init__(self):
        self.received: dict[str, float] = {}
        self.last_at = 0.0
        self.ready = asyncio.Event()

    async def run(self, url: str, origin: str) -> None:
        async with connect(url, origin=origin, max_queue=None, ping_interval=None) as ws:
            async for raw in ws:
                now = self.last_at = time.perf_counter()
                if not self.ready.is_set():
                    self.ready.set()  # the snapshot
                elif '"ticket.called"' in raw:
                    self.received[json.loads(raw)["ticket"]["number"]] = now


async def quiet(displays: list[Display], silence: float = 0.3, limit: float = 10) -> None:
    """Wait until no display has received anything for `silence` seconds."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        if time.perf_counter() - max(d.last_at for d in displays) > silence:
            return
        await asyncio.sleep(0.05)


async def measure(cluster: Cluster, clients: int, calls: int) -> dict:
    rss_before = cluster.rss_kib()
    displays = [Display() for _ in range(clients)]
    tasks = []
    for start in range(0, clients, 50):  # connect in batches, as a hall's screens would
        batch = displays[start : start + 50]
        for index, display in enumerate(batch, start):
            origin = cluster.urls[index % len(cluster.urls)]
            url = cluster.ws_url(index, "/ws/display/amman/")
            tasks.append(asyncio.create_task(display.run(url, origin)))
        try:
            await asyncio.wait_for(asyncio.gather(*(d.ready.wait() for d in batch)), 60)
        except TimeoutError:
            errors = [t.exception() for t in tasks if t.done() and not t.cancelled()]
            raise RuntimeError(f"displays did not connect: {errors[:3]}") from None
    log(f"{clients} displays connected")
    await asyncio.sleep(1)
    rss_after = cluster.rss_kib()

    agents = agent_clients(cluster)
    latencies, from_request, last_screen, spreads, http = [], [], [], [], []
    loop = asyncio.get_running_loop()
    # The first call on each worker after the screens connect pays for its cold threads and
    # connections: one warm-up call per worker, logged, not counted.
    warm_up = len(cluster.urls)
    for round_ in range(calls + warm_up):
        agent = agents[round_ % len(agents)]
        counter = round_ % len(agents) + 1
        path = f"/centres/amman/counters/{counter}"
        busy = await loop.run_in_executor(
            None, functools.partial(agent.post, f"{path}/complete/", json={})
        )
        if busy.status_code == 200:
            await quiet(displays)  # the completion's events reach everyone before we measure
        for display in displays:
            display.received.clear()
        sent = time.perf_counter()
        response = await loop.run_in_executor(None, agent.post, f"{path}/call-next/")
        answered = time.perf_counter()
        if response.status_code != 200:
            raise RuntimeError(f"call-next: {response.status_code} {response.text}")
        number = response.json()["ticket"]["number"]
        deadline = time.monotonic() + 10
        while any(number not in d.received for d in displays) and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        got = [d.received[number] for d in displays if number in d.received]
        if len(got) < clients:
            raise RuntimeError(f"{clients - len(got)} displays missed {number}")
        label = f"call {round_ - warm_up + 1}/{calls}" if round_ >= warm_up else "warm-up call"
        log(
            f"{label}: {number}, last display {(max(got) - answered) * 1000:.0f} ms after the"
            f" response, {(max(got) - sent) * 1000:.0f} ms after the request"
        )
        if round_ < warm_up:
            continue
        http.append((answered - sent) * 1000)
        last_screen.append((max(got) - sent) * 1000)
        latencies += [(t - answered) * 1000 for t in got]
        from_request += [(t - sent) * 1000 for t in got]
        spreads.append(max(got) - min(got))
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for agent in agents:
        agent.close()
    return {
        "clients": clients,
        "messages": len(latencies),
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "max": max(latencies),
        "req_p50": percentile(from_request, 50),
        "req_p99": percentile(from_request, 99),
        "req_max": max(from_request),
        "http_p50": percentile(http, 50),
        # The issue's measure: from the key press to the last screen, one figure per call.
        "last_p50": percentile(last_screen, 50),
        "last_p99": percentile(last_screen, 99),
        "last_max": max(last_screen),
        # Messages per second while one event spreads from its first to its last display.
        "fanout": clients * calls / sum(max(s, 1e-3) for s in spreads) if clients > 1 else None,
        "kib_per_conn": (rss_after - rss_before) / clients,
    }


def issue_tickets(cluster: Cluster, count: int) -> None:
    """Fill the queue in one go (before any display connects) so every call finds a ticket."""
    cluster.manage(
        "shell",
        "-c",
        "from centre.models import Centre\n"
        "from queueing import engine\n"
        "centre = Centre.objects.get(code='amman')\n"
        "codes = list(centre.offers.filter(is_active=True).values_list('service__code', flat=True))\n"
        f"for i in range({count}):\n"
        "    engine.ticket_issue(centre=centre, service_codes=[codes[i % len(codes)]])\n",
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench display-latency", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--clients", default="1,100,1000")
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--postgres", default="postgres://127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.clients.split(",")]
    rows = []
    with Cluster(postgres=args.postgres, redis_url=args.redis) as cluster:
        issue_tickets(cluster, (args.calls + 2) * len(sizes) + 10)
        for size in sizes:
            result = asyncio.run(measure(cluster, size, args.calls))
            rows.append(
                [
                    result["clients"],
                    result["messages"],
                    f"{result['http_p50']:.0f}",
                    f"{result['p50']:.1f} / {result['p99']:.1f} / {result['max']:.1f}",
                    f"{result['req_p50']:.1f} / {result['req_p99']:.1f} / {result['req_max']:.1f}",
                    f"{result['last_p50']:.1f} / {result['last_p99']:.1f} / {result['last_max']:.1f}",
                    "—" if result["fanout"] is None else f"{result['fanout']:.0f}",
                    f"{result['kib_per_conn']:.0f}",
                ]
            )
    print_table(
        [
            "displays",
            "messages",
            "call-next ms (p50)",
            "from response p50/p99/max ms",
            "from request p50/p99/max ms",
            "key press to last screen p50/p99/max ms",
            "fan-out msg/s",
            "KiB/conn",
        ],
        rows,
    )
