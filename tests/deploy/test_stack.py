"""The production-like stack end to end: nginx (TLS) in front of gunicorn (HTTP) and Daphne
workers a and b (websockets), on PostgreSQL and Redis, driven only over HTTP and websockets
like kiosks, consoles and screens."""

import asyncio
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
import uuid
from pathlib import Path

import httpx
import pytest

from bench.stack import Socket
from tests.deploy.conftest import DEPLOY

pytestmark = pytest.mark.stack
CENTRE = "/api/v1/centres/amman"
SERVICE = {"services": ["licence-renewal"]}


def missing_requirement() -> str | None:
    if shutil.which("nginx") is None:
        return "nginx (Debian package) is not installed"
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return "needs PostgreSQL: run with DATABASE_URL=postgres://... (CI's PostgreSQL pass)"
    if not os.environ.get("REDIS_URL"):
        return "needs Redis: run with REDIS_URL=redis://..."
    return None


@contextlib.contextmanager
def running_stack(folder: Path, redis_url: str):
    """A running local stack in `folder`, with its own database and Redis prefix on
    `redis_url`: (state, local_stack command, folder)."""
    if reason := missing_requirement():
        pytest.skip(reason)
    server = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    env = {
        **os.environ,
        "NAFITHA_STACK_DIR": str(folder),
        "NAFITHA_STACK_PG": f"{server.scheme}://{server.netloc}",
        "NAFITHA_STACK_DB": f"stack_{uuid.uuid4().hex[:8]}",
        "NAFITHA_STACK_REDIS_URL": redis_url,
    }

    def local_stack(*args):
        """Run deploy/stack.py (what deploy/local-stack runs) with this interpreter, so the
        stack's gunicorn and Daphne come from the environment running the tests, wherever it
        is; the stack's state afterwards (None once stopped)."""
        subprocess.run(
            [sys.executable, DEPLOY / "stack.py", *args], env=env, check=True, capture_output=True
        )
        return json.loads((folder / "state.json").read_text()) if args[0] != "stop" else None

    try:
        state = local_stack("start")
        yield state, local_stack, folder
    finally:
        local_stack("stop")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """A running local stack with its own folder, database and Redis prefix; its state."""
    with running_stack(tmp_path_factory.mktemp("stack"), os.environ.get("REDIS_URL", "")) as s:
        yield s


def client(base: str) -> httpx.Client:
    # Workers hit directly are behind "nginx" as far as Django knows (TLS is nginx's).
    return httpx.Client(
        base_url=base, verify=False, timeout=20, headers={"X-Forwarded-Proto": "https"}
    )


def staff_token(http: httpx.Client) -> dict:
    token = http.post(
        "/api/v1/auth/token/", json={"username": "agent1", "password": "nafitha-demo"}
    )
    return {"Authorization": f"Token {token.json()['token']}"}


def serve(http: httpx.Client, auth: dict, ticket_id: int) -> dict:
    """Counter 1 (agent1) finishes what it holds and calls this ticket."""
    http.post(f"{CENTRE}/counters/1/complete/", headers=auth, json={"outcome": "completed"})
    called = http.post(
        f"{CENTRE}/counters/1/call-specific/", headers=auth, json={"ticket": ticket_id}
    )
    assert called.status_code == 200, called.text
    return called.json()["ticket"]


def worker_sockets(http: httpx.Client, pid: int) -> float:
    """Open display sockets of one worker process, from /metrics (summed over workers)."""
    text = http.get("/metrics").text
    found = re.search(
        rf'nafitha_websocket_connections\{{pid="{pid}",stream="display"\}} (\S+)', text
    )
    return float(found[1]) if found else 0.0


async def until(condition, seconds: float = 20) -> None:
    for _ in range(int(seconds * 10)):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("timed out")


def test_it_calls_through_one_process_and_shows_the_call_on_another(stack):
    state, _, folder = stack
    assert state["layout"] == "split"  # the default: gunicorn serves HTTP
    http = f"http://127.0.0.1:{state['gunicorn']['port']}"
    b = f"ws://127.0.0.1:{state['workers']['b']['port']}"

    async def scenario():
        display = Socket(f"{b}/ws/display/amman/", "http://127.0.0.1")
        stop = asyncio.Event()
        task = asyncio.ensure_future(display.run(stop))
        await until(lambda: display.ready)
        with client(state["url"]) as nginx, client(http) as counter_side:
            issued = nginx.post(f"{CENTRE}/tickets/", json=SERVICE)
            assert issued.status_code == 201
            ticket = serve(counter_side, staff_token(counter_side), issued.json()["id"])
        await until(lambda: ticket["number"] in display.called)
        stop.set()
        await task
        return issued.headers["X-Request-ID"]

    request_id = asyncio.run(scenario())
    # nginx's request id reached Django and its engine event log line.
    logs = "".join(
        p.read_text() for p in (folder / "logs").glob("*.log") if p.name != "nafitha-access.log"
    )
    lines = [json.loads(line) for line in logs.splitlines() if request_id in line]
    assert any(
        {"event": "ticket.issued", "request_id": request_id}.items() <= line.items()
        for line in lines
    )


def test_it_survives_a_killed_worker_and_spreads_again_after_restart(stack):
    state, local_stack, folder = stack
    origin = state["url"]
    ws = origin.replace("https", "wss") + "/ws/display/amman/"

    async def scenario():
        stop = asyncio.Event()
        displays = [Socket(ws, origin) for _ in range(6)]
        tasks = [asyncio.ensure_future(d.run(stop)) for d in displays]
        await until(lambda: all(d.ready for d in displays))
        with client(origin) as nginx:
            pid_a, pid_b = state["workers"]["a"]["pid"], state["workers"]["b"]["pid"]
            on_a = worker_sockets(nginx, pid_a)
            assert on_a > 0 and worker_sockets(nginx, pid_b) > 0

            local_stack("kill-worker", "a")  # its displays reconnect to b and resync
            await until(
                lambda: (
                    sum(d.connects for d in displays) == 6 + on_a and all(d.ready for d in displays)
                )
            )
            auth = staff_token(nginx)
            tickets = []  # the issuer's view: only it carries the token
            for _ in range(5):
                issued = nginx.post(f"{CENTRE}/tickets/", json=SERVICE)
                assert issued.status_code == 201
                serve(nginx, auth, issued.json()["id"])
                tickets.append(issued.json())
            numbers = [t["number"] for t in tickets]
            # Each process's publisher numbers its frames when it takes the centre's lock, so
            # calls a few milliseconds apart from two gunicorn workers may be numbered in
            # either order (docs/realtime.md, "Numbered"): every screen shows each call once,
            # all screens in the same order, no gap left unhealed.
            await until(lambda: all(sorted(d.called[-5:]) == sorted(numbers) for d in displays))
            shown = [[n for n in display.called if n in numbers] for display in displays]
            assert all(sorted(order) == sorted(numbers) for order in shown)
            assert all(order == shown[0] for order in shown)
            for ticket in tickets:  # and the database agrees
                status = nginx.get(f"/api/v1/tickets/{ticket['token']}/").json()["status"]
                assert status in ("called", "done")

            restarted = local_stack("start-worker", "a")
            late = [Socket(ws, origin) for _ in range(4)]
            tasks += [asyncio.ensure_future(d.run(stop)) for d in late]
            await until(lambda: all(d.ready for d in late))
            assert worker_sockets(nginx, restarted["workers"]["a"]["pid"]) > 0
        stop.set()
        await asyncio.gather(*tasks)
        # nginx logs a websocket when it closes: every display above, on whichever worker.
        lines = (folder / "logs" / "nafitha-access.log").read_text().splitlines()
        return {
            json.loads(line)["upstream"]
            for line in lines
            if json.loads(line)["uri"].startswith("/ws/")
        }

    upstreams = asyncio.run(scenario())
    assert {f"127.0.0.1:{w['port']}" for w in state["workers"].values()} <= upstreams
