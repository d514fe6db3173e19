"""Cycle: issue + "done, next" at concurrency C on the embedded default and the stack, with each
layout's trivial-view ceiling in the same run.

A cycle is one citizen: `POST /api/v1/centres/amman/tickets/` (anonymous, with an
Idempotency-Key), then the counter's `POST …/counters/N/call-next/ {"finish": "completed"}`.
C counters loop for D seconds. The ceiling is `GET /healthz` (a constant JSON answer through
every middleware) from C clients through the same server for D seconds: what the server
layout gives a request that does no work. `ratio` is the cycle's requests per second (two
per cycle) over the ceiling's.

* `embedded`: one Daphne process on SQLite with the in-memory channel layer (`./dev demo`),
  a fresh data folder seeded with the demo data;
* `stack`: `deploy/local-stack` (nginx + gunicorn + Daphne + PostgreSQL + Redis), started
  and stopped here unless `--keep-running`.

Every ticket issued is then checked in the database: issued once, called exactly once, done.
`client CPU` is the load generator's own CPU over each measurement, as a share of one core
(it runs on the same cores as the server: near 100 % it, not the server, sets the figure).
Then, per layout, the CPU one cycle cost each part (`bench.cpu`: the server processes,
PostgreSQL's backends of the layout's database, Redis, the load generator) against what the
target throughput allows on this machine's cores: where a remaining gap lies.

    python -m bench cycle [--layouts embedded,stack] [--seconds 10] [--concurrency 8]
"""

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import servers, stack
from bench._client import LeanClient
from bench.common import percentile, print_table
from bench.cpu import CpuMeter, per_cycle_table, postgres_backends, redis_server

LAYOUTS = ("embedded", "stack")
TARGET_CYCLES = {"embedded": 100, "stack": 200}  # per second (docs/benchmarks.md, "## cycle")


def _db_task(env: dict, task: str, argument: str = "") -> dict:
    out = subprocess.run(
        [sys.executable, "-c", f"from bench.stack import db_task; db_task({task!r}, {argument!r})"],
        cwd=servers.ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _cpu() -> float:
    """CPU seconds of this process (the load generator) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _ceiling(origin: str, concurrency: int, seconds: float) -> tuple:
    latencies: list[float] = []
    until = time.monotonic() + seconds

    async def loop(client):
        while time.monotonic() < until:
            started = time.monotonic()
            response = await client.get("/healthz")
            if response.status_code == 200:
                latencies.append(time.monotonic() - started)

    async with LeanClient(origin) as client:
        started, cpu = time.monotonic(), _cpu()
        await asyncio.gather(*(loop(client) for _ in range(concurrency)))
        elapsed = time.monotonic() - started
        return len(latencies) / elapsed, latencies, (_cpu() - cpu) / elapsed


async def _cycles(origin: str, tokens: dict, concurrency: int, seconds: float, meter: CpuMeter):
    import httpx

    async with httpx.AsyncClient(base_url=origin, verify=False) as client:
        offered = (await client.get(f"/api/v1/centres/{stack.CENTRE}/services/")).json()
    services = [s["code"] for s in offered if s["daily_cap"] is None]
    cpu = _cpu()
    with meter:
        run, elapsed, _sockets, _killed = await stack.scenario(
            origin,
            tokens,
            services,
            counters=concurrency,
            seconds=seconds,
            phones=[],
            displays=0,
            kill=False,
            connect_rate=1,
        )
    cpu = (_cpu() - cpu) / elapsed
    await stack.drain(origin, tokens)
    return run, elapsed, cpu


def _row(layout: str, measured: dict) -> list:
    run, elapsed, ceiling = measured["run"], measured["elapsed"], measured["ceiling"]
    ms = [x * 1000 for x in run.latencies] or [0.0]
    per_second = len(run.latencies) / elapsed
    floor = [x * 1000 for x in measured["ceiling_latencies"]] or [0.0]
    return [
        layout,
        len(run.latencies),
        f"{per_second:.1f}",
        f"{percentile(ms, 50):.0f}",
        f"{percentile(ms, 99):.0f}",
        len(run.errors),
        f"{measured['cycle_client_cpu']:.0%}",
        f"{ceiling:.0f}",
        f"{percentile(floor, 50):.1f}",
        f"{measured['ceiling_client_cpu']:.0%}",
        f"{2 * per_second / ceiling:.1%}" if ceiling else "—",
    ]


def _measure(origin: str, env: dict, args, groups: dict) -> dict:
    tokens = _db_task(env, "setup", str(args.concurrency))
    ceiling, ceiling_ms, ceiling_cpu = asyncio.run(_ceiling(origin, args.concurrency, args.seconds))
    meter = CpuMeter(groups)
    run, elapsed, cycle_cpu = asyncio.run(
        _cycles(origin, tokens, args.concurrency, args.seconds, meter)
    )
    path = Path(env["NAFITHA_DATA_DIR"]) / "bench-issued.json"
    path.write_text(json.dumps(run.issued))
    return {
        "run": run,
        "elapsed": elapsed,
        "cycle_client_cpu": cycle_cpu,
        "ceiling": ceiling,
        "ceiling_latencies": ceiling_ms,
        "ceiling_client_cpu": ceiling_cpu,
        "verdict": _db_task(env, "verify", str(path)),
        "cpu": per_cycle_table(meter, len(run.latencies), cycle_cpu * elapsed),
    }


def _embedded(args) -> tuple[list, dict]:
    with tempfile.TemporaryDirectory(prefix="nafitha-cycle-") as folder:
        env = servers.server_env(
            Path(folder),
            THROTTLE_TICKET_ISSUE="1000000/min",
            THROTTLE_PUBLIC_READ="1000000/min",
            **servers.ONE_CLIENT_PLAYS_EVERYONE,
        )
        servers.prepare_database(env)
        proc, origin = servers.start_daphne(env, Path(folder) / "daphne.log")
        try:
            measured = _measure(origin, env, args, {"Daphne": {proc.pid}})
        finally:
            proc.terminate()
            proc.wait(10)
    return _row("embedded (Daphne, SQLite)", measured), measured


def _stack(args) -> tuple[list, dict]:
    if not args.keep_running:
        subprocess.run([*stack.LOCAL_STACK, "stop"], check=True)
        subprocess.run([*stack.LOCAL_STACK, "start"], check=True, stdout=subprocess.DEVNULL)
    try:
        state = stack.stack_state()
        env = {**os.environ, **state["env"]}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        groups = {
            "nginx": {state["nginx"]["pid"]},
            "gunicorn": {state["gunicorn"]["pid"]} if state.get("gunicorn") else set(),
            "Daphne": {worker["pid"] for worker in state["workers"].values()},
            "PostgreSQL": postgres_backends(state["database_url"].rsplit("/", 1)[-1]),
            "Redis": redis_server,
        }
        measured = _measure(state["url"], env, args, groups)
    finally:
        if not args.keep_running:
            subprocess.run([*stack.LOCAL_STACK, "stop"], check=True)
    name = f"stack ({state['layout']}: nginx, gunicorn, PostgreSQL, Redis)"
    return _row(name, measured), measured


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench cycle", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--layouts", default=",".join(LAYOUTS))
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--keep-running", action="store_true", help="use and keep a running stack")
    args = parser.parse_args(argv)
    layouts = args.layouts.split(",")
    if set(layouts) - set(LAYOUTS):
        parser.error(f"layouts are {', '.join(LAYOUTS)}")
    rows, measured = [], {}
    for layout in layouts:
        stack.progress(f"{layout}: ceiling then cycles, {args.seconds:.0f} s each")
        row, measured[layout] = {"embedded": _embedded, "stack": _stack}[layout](args)
        rows.append(row)
    print(f"concurrency {args.concurrency}, {args.seconds:.0f} s per measurement")
    print_table(
        [
            "layout",
            "cycles",
            "cycles/s",
            "p50 ms",
            "p99 ms",
            "errors",
            "client CPU",
            "ceiling req/s",
            "ceiling p50 ms",
            "client CPU",
            "ratio",
        ],
        rows,
    )
    for layout, found in measured.items():
        print(f"database ({layout}): " + ", ".join(f"{k} {v}" for k, v in found["verdict"].items()))
    cores = os.cpu_count() or 1
    for layout, found in measured.items():
        headers, row = found["cpu"]
        allowed = 1000 * cores / TARGET_CYCLES[layout]
        print(
            f"\nCPU per cycle, {layout} (at {TARGET_CYCLES[layout]} cycles/s, {cores} cores allow"
            f" {allowed:.1f} ms; other processes on the machine not counted):"
        )
        print_table(headers, [row])
        total = float(row[-1])
        verdict = "met" if total <= allowed else f"{total / allowed:.1f}× what the target allows"
        print(f"the cycle's CPU against the target: {total:.1f} ms of {allowed:.1f} ms, {verdict}")
