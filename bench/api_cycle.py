"""Issue → call → start → complete cycles per second through the HTTP API.

Starts a real server (Daphne, one process, on a free port) on a fresh database — a SQLite
file by default, PostgreSQL (database `nafitha_bench`, dropped and created) with
`--db postgres` — migrates it and loads the demo centres. N counter workers (agent1…agentN at
counters 1…N of `amman`, opened by the demo) each loop over the four requests of one citizen's
visit for a fixed time:

    POST /api/v1/centres/amman/tickets/                      (anonymous, like a kiosk)
    POST /api/v1/centres/amman/counters/<n>/call-next/       (staff token)
    POST /api/v1/centres/amman/counters/<n>/start/
    POST /api/v1/centres/amman/counters/<n>/complete/

and the table gives completed cycles, cycles per second, and p50/p99 latency per request.

    python -m bench api-cycle [--db sqlite|postgres|both] [--workers 1,2,4,6] [--duration 15]
                              [--redis redis://127.0.0.1:6379/14]
"""

import argparse
import contextlib
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bench.common import percentile, print_table
from bench.servers import ONE_CLIENT_PLAYS_EVERYONE, prepare_database, server_env, start_daphne

CENTRE = "amman"
PASSWORD = "nafitha-demo"
MAX_WORKERS = 6  # the demo opens counters 1–6 with universal agents agent1–agent6
PG_ADMIN = "host=127.0.0.1 port=5432 dbname=postgres"
PG_DB = "nafitha_bench"
REQUESTS = ["issue", "call", "start", "complete"]


@contextlib.contextmanager
def fresh_database(db: str, data_dir: Path):
    """Yield the DATABASE_URL of an empty database; drop it afterwards (PostgreSQL)."""
    if db == "sqlite":
        yield ""  # the embedded default: a SQLite file in NAFITHA_DATA_DIR
        return
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {PG_DB}")
    try:
        yield f"postgres://127.0.0.1:5432/{PG_DB}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


@contextlib.contextmanager
def server(database_url: str, data_dir: Path, redis_url: str):
    """Migrate, seed the demo and run Daphne; yield its base URL."""
    env = server_env(
        data_dir,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CHANNEL_LAYER_PREFIX="nafitha-bench",
        THROTTLE_TICKET_ISSUE="1000000/min",
        THROTTLE_AUTH="1000/min",
        **ONE_CLIENT_PLAYS_EVERYONE,
    )
    prepare_database(env)
    proc, url = start_daphne(env, data_dir / "server.log")
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class Worker:
    """One counter: agent<n> at counter <n>, looping issue → call-next → start → complete."""

    def __init__(self, base: str, number: int, services: list[str]):
        self.number = number
        self.services = services
        self.rng = random.Random(number)
        self.kiosk = httpx.Client(base_url=base, timeout=30)
        token = self.kiosk.post(
            "/api/v1/auth/token/", json={"username": f"agent{number}", "password": PASSWORD}
        )
        token.raise_for_status()
        self.staff = httpx.Client(
            base_url=base, timeout=30, headers={"Authorization": f"Token {token.json()['token']}"}
        )
        self.counter_url = f"/api/v1/centres/{CENTRE}/counters/{number}"
        self.latency: dict[str, list[float]] = {name: [] for name in REQUESTS}
        self.cycles = 0
        self.errors: list[str] = []
        # The demo may have left a ticket at the counter: finish it (409 when idle).
        self.timed("complete", self.staff, f"{self.counter_url}/complete/", {}, (200, 409))

    def timed(self, name: str, client: httpx.Client, path: str, body: dict | None, ok: tuple):
        started = time.perf_counter()
        response = client.post(path, json=body or {})
        self.latency[name].append(time.perf_counter() - started)
        if response.status_code not in ok:
            raise RuntimeError(f"{name}: {response.status_code} {response.text[:300]}")
        return response

    def cycle(self) -> None:
        service = self.rng.choice(self.services)
        self.timed(
            "issue",
            self.kiosk,
            f"/api/v1/centres/{CENTRE}/tickets/",
            {"services": [service]},
            (201,),
        )
        # Another counter may have taken this ticket; every issue leaves at least one waiting.
        self.timed("call", self.staff, f"{self.counter_url}/call-next/", None, (200,))
        self.timed("start", self.staff, f"{self.counter_url}/start/", None, (200,))
        self.timed(
            "complete",
            self.staff,
            f"{self.counter_url}/complete/",
            {"outcome": "completed"},
            (200,),
        )
        self.cycles += 1

    def run(self, start: threading.Barrier, until: list[float]) -> None:
        start.wait()
        try:
            while time.perf_counter() < until[0]:
                self.cycle()
        except Exception as exc:  # reported in the table's footer
            self.errors.append(repr(exc))

    def reset(self) -> None:
        self.latency = {name: [] for name in REQUESTS}
        self.cycles = 0


def measure(base: str, workers: int, duration: float) -> tuple[int, float, dict, list[str]]:
    services = [s["code"] for s in httpx.get(f"{base}/api/v1/centres/{CENTRE}/services/").json()]
    pool = [Worker(base, n, services) for n in range(1, workers + 1)]
    for worker in pool:  # warm up: connections, tokens, first queries
        worker.cycle()
        worker.reset()
    start = threading.Barrier(workers + 1)
    until = [float("inf")]
    threads = [threading.Thread(target=w.run, args=(start, until)) for w in pool]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    until[0] = began + duration
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latency = {name: [v for w in pool for v in w.latency[name]] for name in REQUESTS}
    return sum(w.cycles for w in pool), elapsed, latency, [e for w in pool for e in w.errors]


def ms(values: list[float], q: float) -> str:
    return f"{percentile(values, q) * 1000:.0f}" if values else "-"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench api-cycle", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--workers", default="1,2,4,6", help="comma-separated counts, at most 6")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per measurement")
    parser.add_argument(
        "--redis", default="", help="REDIS_URL for the channel layer (default: in-memory)"
    )
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.workers.split(",")]
    if not all(1 <= n <= MAX_WORKERS for n in counts):
        parser.error(f"worker counts must be between 1 and {MAX_WORKERS}")
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]

    rows, errors = [], []
    for db in databases:
        with tempfile.TemporaryDirectory(prefix="nafitha-bench-") as tmp:
            data_dir = Path(tmp)
            with (
                fresh_database(db, data_dir) as database_url,
                server(database_url, data_dir, args.redis) as base,
            ):
                for workers in counts:
                    cycles, elapsed, latency, failed = measure(base, workers, args.duration)
                    errors += [f"{db}/{workers}: {e}" for e in failed]
                    if failed:  # the traceback is in the server's log, deleted with its folder
                        log = (data_dir / "server.log").read_text()
                        errors.append(log[log.find("Traceback") :][:4000])
                    rows.append(
                        [db, workers, cycles, f"{cycles / elapsed:.1f}"]
                        + [f"{ms(latency[n], 50)}/{ms(latency[n], 99)}" for n in REQUESTS]
                    )
    print_table(
        ["db", "workers", "cycles", "cycles/s"] + [f"{n} p50/p99 ms" for n in REQUESTS], rows
    )
    for error in errors:
        print("error:", error, file=sys.stderr)
