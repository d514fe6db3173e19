"""SQL statements per action on the hot path, everything on the request thread included.

Each action goes through its HTTP endpoint in a real transaction (so after-commit work — the
hall broadcast on the embedded default, metrics — runs as in production and is counted, and
savepoints of the test's own wrapping transaction are not). Counts are deterministic: a new
query in a hot path fails here, not in a benchmark weeks later. Budgets from
docs/benchmarks.md ("SQL budget").
"""

import asyncio
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from queueing import engine
from queueing.models import Ticket
from realtime import events
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db(transaction=True)

# Statements per action on the embedded default (the hall broadcast built on the process's
# broadcast thread, so not counted). TARGET is where docs/benchmarks.md ("SQL budget") aims; ASSERTED is the
# ratchet: today's count, lowered as each cut lands, so a new query fails here. PostgreSQL
# sends one more per engine action (the transaction's lock timeout). No ticket here has a
# phone: with one, the SMS outbox reads and writes its messages (docs/kiosk.md).
TARGET = {"issue": 6, "call-next": 8, "start": 4, "complete": 6, "done-next": 10, "status": 3}
ASSERTED = {"issue": 6, "call-next": 5, "start": 4, "complete": 6, "done-next": 9, "status": 2}
LOCK_TIMEOUT_STATEMENT = {"issue": 0, "call-next": 0, "start": 0, "complete": 0, "done-next": 0}


@pytest.fixture(autouse=True)
def _broadcast_thread(settings, monkeypatch):
    """As on the embedded server: the request thread only enqueues the hall broadcast, and
    the broadcast thread hands the frames to the server's loop (here a loop of our own with
    no socket on it). Each request's broadcast is flushed before the next request."""
    settings.NAFITHA_BROADCAST_INLINE = False
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(events, "_server_loop", lambda: loop)
    yield
    assert events.publisher.flush()
    loop.call_soon_threadsafe(loop.stop)
    thread.join()
    loop.close()


def _request(client: APIClient, action: str, *, centre, counter=None, ticket=None):
    """One action through its endpoint (its broadcast flushed): the only place that knows
    the routes."""
    response = _send(client, action, centre=centre, counter=counter, ticket=ticket)
    assert events.publisher.flush()
    return response


def _send(client: APIClient, action: str, *, centre, counter=None, ticket=None):
    base = f"/api/v1/centres/{centre.code}"
    if action == "issue":
        return client.post(f"{base}/tickets/", {"services": ["passport-renewal"]}, format="json")
    if action == "status":
        return client.get(f"/api/v1/tickets/{ticket.token}/")
    verb, body = {
        "call-next": ("call-next", {}),
        "done-next": ("call-next", {"finish": "completed"}),
        "start": ("start", {}),
        "complete": ("complete", {"outcome": "completed"}),
    }[action]
    return client.post(f"{base}/counters/{counter.number}/{verb}/", body, format="json")


# Transaction control is not counted: psycopg sends BEGIN and COMMIT outside the capture, the
# SQLite backend through it, and either way they are the same two per action.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def measure(client, action, **where):
    with CaptureQueriesContext(connection) as captured:
        response = _request(client, action, **where)
    assert response.status_code in (200, 201), (action, response.status_code, response.content)
    statements = [q["sql"] for q in captured.captured_queries]
    return response, [sql for sql in statements if not sql.startswith(TRANSACTION_CONTROL)]


def assert_within(action, statements):
    budget = ASSERTED[action]
    if connection.vendor == "postgresql":
        budget += LOCK_TIMEOUT_STATEMENT.get(action, 0)
    listing = "\n".join(f"{i + 1}. {sql}" for i, sql in enumerate(statements))
    assert len(statements) <= budget, (
        f"{action}: {len(statements)} > {budget} (target {TARGET[action]})\n{listing}"
    )


@pytest.fixture
def agent(centre, counter, passport):
    staff = make_staff("agent", centre)
    engine.counter_open(counter=counter, staff=staff)
    return staff


@pytest.fixture
def client(agent) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=agent.user).key}")
    return client


@pytest.fixture
def warm(client, centre, counter):
    """One full visit first: per-process caches are filled as on a running server (and
    another citizen has already taken a remote ticket today, from another address)."""
    _request(APIClient(REMOTE_ADDR="192.0.2.10"), "issue", centre=centre)
    _request(client, "issue", centre=centre)
    _request(client, "call-next", centre=centre, counter=counter)
    _request(client, "complete", centre=centre, counter=counter)


def issue(client, centre):
    return _request(client, "issue", centre=centre).json()


def test_issue(centre, warm):
    response, statements = measure(APIClient(), "issue", centre=centre)
    assert response.json()["number"]
    assert_within("issue", statements)


def test_call_next(client, centre, counter, warm):
    issue(client, centre)
    response, statements = measure(client, "call-next", centre=centre, counter=counter)
    assert response.json()["ticket"]["status"] == "called"
    assert_within("call-next", statements)


def test_start(client, centre, counter, warm):
    issue(client, centre)
    _request(client, "call-next", centre=centre, counter=counter)
    response, statements = measure(client, "start", centre=centre, counter=counter)
    assert response.json()["ticket"]["status"] == "serving"
    assert_within("start", statements)


def test_complete(client, centre, counter, warm):
    issue(client, centre)
    _request(client, "call-next", centre=centre, counter=counter)
    _request(client, "start", centre=centre, counter=counter)
    response, statements = measure(client, "complete", centre=centre, counter=counter)
    assert response.json()["ticket"]["status"] == "done"
    assert_within("complete", statements)


def test_done_next(client, centre, counter, warm):
    issue(client, centre)
    issue(client, centre)
    _request(client, "call-next", centre=centre, counter=counter)
    _request(client, "start", centre=centre, counter=counter)
    response, statements = measure(client, "done-next", centre=centre, counter=counter)
    assert response.json()["ticket"]["status"] == "called"
    assert_within("done-next", statements)


def test_public_ticket_status(client, centre, warm):
    ticket = Ticket.objects.get(token=issue(client, centre)["token"])
    response, statements = measure(APIClient(), "status", centre=centre, ticket=ticket)
    assert response.json()["status"] == "waiting"
    assert_within("status", statements)
