"""Redis stopped in the middle of the day and started again, under the production-like stack
(nginx, gunicorn, two Daphne workers, PostgreSQL) with a Redis of its own.

While Redis is away kiosks issue and counters call, start and complete (HTTP 2xx, tickets in
the database); once it is back, a hall display and a counter console that stayed connected
are right again within seconds and receive the next calls live; nothing is lost or doubled.
"""

import asyncio
import re
import time

import httpx
import psycopg
import pytest

from bench.stack import Socket
from tests.deploy.test_stack import (
    CENTRE,
    SERVICE,
    client,
    missing_requirement,
    running_stack,
    staff_token,
    until,
)
from tests.redis_server import PrivateRedis

pytestmark = pytest.mark.stack
COUNTER = f"{CENTRE}/counters/1"


@pytest.fixture(scope="module")
def stack_with_own_redis(tmp_path_factory):
    if reason := missing_requirement():
        pytest.skip(reason)
    redis = PrivateRedis(tmp_path_factory.mktemp("redis"))
    try:
        redis.start()
    except FileNotFoundError:
        pytest.skip("redis-server (Debian package) is not installed")
    try:
        with running_stack(tmp_path_factory.mktemp("stack"), redis.url) as (state, _, _):
            yield state, redis
    finally:
        redis.stop()


def session_cookie(origin: str) -> str:
    """Log agent1 in through the staff log-in form, as the console's browser does."""
    with client(origin) as browser:
        form = browser.get("/staff/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
        done = browser.post(
            "/staff/login/",
            data={"username": "agent1", "password": "nafitha-demo", "csrfmiddlewaretoken": token},
            headers={"Referer": f"{origin}/staff/login/"},
        )
        assert done.status_code == 302, done.text
        return browser.cookies["sessionid"]


def issue(http: httpx.Client) -> dict:
    issued = http.post(f"{CENTRE}/tickets/", json=SERVICE)
    assert issued.status_code == 201, issued.text
    return issued.json()


def call_next(http: httpx.Client, auth: dict) -> dict:
    """Counter 1 finishes what it holds and calls the next: one step, as the console does."""
    called = http.post(f"{COUNTER}/call-next/", headers=auth, json={"finish": "completed"})
    assert called.status_code == 200, called.text
    return called.json()["ticket"]


def console_ticket(http: httpx.Client, auth: dict) -> str | None:
    state = http.get(f"{CENTRE}/console/?counter=1", headers=auth).json()
    ticket = state["counter"]["ticket"]
    return ticket and ticket["number"]


def test_the_centre_keeps_working_through_a_redis_restart(stack_with_own_redis):
    state, redis = stack_with_own_redis
    origin = state["url"]
    ws = origin.replace("https", "wss")

    async def scenario():
        stop = asyncio.Event()
        with client(origin) as http:
            auth = staff_token(http)
            cookie = {"Cookie": f"sessionid={session_cookie(origin)}"}
            display = Socket(f"{ws}/ws/display/amman/", origin)
            console = Socket(f"{ws}/ws/counter/amman/", origin, headers=cookie)
            screens = (display, console)
            tasks = [asyncio.ensure_future(s.run(stop)) for s in screens]
            await until(lambda: all(s.ready for s in screens))
            issued = [issue(http)]
            before = call_next(http, auth)
            await until(lambda: all(s.called[-1:] == [before["number"]] for s in screens))

            redis.stop()
            # Kiosks and counters keep working; the database is the truth.
            issued += [issue(http), issue(http)]
            during = call_next(http, auth)
            started = http.post(f"{COUNTER}/start/", headers=auth)
            assert started.status_code == 200, started.text
            completed = http.post(
                f"{COUNTER}/complete/", headers=auth, json={"outcome": "completed"}
            )
            assert completed.status_code == 200, completed.text
            last_during = call_next(http, auth)
            ready = http.get("/readyz")
            assert (ready.status_code, ready.json()["status"]) == (200, "degraded")

            redis.start()
            back = time.monotonic()
            # Screens that stayed connected are right again within 5 s, without a reload.
            await until(
                lambda: all(s.snapshots and s.snapshots[-1] > back for s in screens), seconds=5
            )
            latest = display.snapshot["calls"][0]["ticket"]["number"]
            assert latest == last_during["number"]
            assert console_ticket(http, auth) == last_during["number"]

            # And the next calls arrive live, as events, on both.
            issued.append(issue(http))
            after = call_next(http, auth)
            await until(lambda: all(s.called[-1:] == [after["number"]] for s in screens), seconds=5)
            assert console_ticket(http, auth) == after["number"]
            stop.set()
            await asyncio.gather(*tasks)
        return issued, [before, during, last_during, after]

    issued, called = asyncio.run(scenario())

    with psycopg.connect(state["database_url"]) as db:

        def statuses(tickets):
            ids = [t["id"] for t in tickets]
            found = db.execute("select id, status from queueing_ticket where id = any(%s)", [ids])
            return dict(found.fetchall())

        issued_rows, called_rows = statuses(issued), statuses(called)
        since_first = db.execute(
            "select count(*) from queueing_ticket where id >= %s", [issued[0]["id"]]
        ).fetchone()[0]
    assert sorted(issued_rows) == sorted(t["id"] for t in issued)  # none lost
    assert since_first == len(issued)  # each ticket once
    assert set(called_rows) == {t["id"] for t in called}
    assert called_rows[called[-1]["id"]] == "called"
