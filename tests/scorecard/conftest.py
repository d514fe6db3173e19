"""The hand-computed fixture day (Tuesday 24 Nov 2026, Asia/Amman, UTC+03:00).

Built through the engine with explicit `now=` times. Counters: alice opens #1 at 07:55,
pauses 12:00–12:30, closes 16:00 and reopens 23:45–00:30; bob opens #2 08:00–16:00.

 ticket  services               story (local times)                              wait(s)
 T1      passport               issued 08:00, called 08:10, start 08:12, done 08:20   600
 T2      bundle passport        issued 08:05, called 08:15, start 08:16, done 08:26   600
         → licence              queued 08:26, called 08:27, start 08:28, transferred   60
         → id-card              queued 08:30, called 08:31, start 08:32, done 08:38
                                (missing documents)                                    60
 T3      id-card                issued 08:09, called 08:21, recalled 08:23, no-show   720
 T4      licence                issued 08:12, walked out 08:18                           –
 T6      passport, appt 09:30   issued 09:00, called 09:35, start 09:36, done 09:40   300
 T5      passport               issued 23:50, called 00:15 (next day), start 00:16,
                                done 00:25 — still counts on the 24th                 1500

The day is built once per test module (`_shared_day`), in a transaction rolled back after the
module's last test; each test runs in a savepoint inside it, so writes never leak from one
test to the next and every test starts from the fixture state. The base fixtures (`centre`,
`passport`, `counter`, `alice`, ...) are the day's own rows, fetched afresh, in the tests
that use the day, and are built as usual in the others, which run first in their module
(before the day exists).
"""

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
from django.db import transaction
from django.test import TestCase, override_settings

from queueing import engine
from queueing.models import Counter, Ticket

AMMAN = zoneinfo.ZoneInfo("Asia/Amman")
DAY = dt.date(2026, 11, 24)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=AMMAN)


def next_day(hour: int, minute: int = 0) -> dt.datetime:
    return at(hour, minute, DAY + dt.timedelta(days=1))


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Named staff get passwords; the real hasher costs a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call an engine function and deliver its events, as after a real commit."""

    def call(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return call


def uses_the_day(item) -> bool:
    return "fixture_day" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Within each run of one module's tests of this folder (pytest-django has already put
    the transactional and the database-free tests after the others), the tests of the day
    go last: the day exists from the first of them to the end of the run, and the others
    never see it."""
    here = Path(__file__).parent
    start = 0
    for end in range(1, len(items) + 1):
        if end < len(items) and items[end].path == items[start].path:
            continue
        if here in items[start].path.parents:
            items[start:end] = sorted(items[start:end], key=uses_the_day)  # stable
        start = end


def build_day() -> dict:
    """The centre, registry, counters and staff of the day, then the day itself (module
    docstring), through the engine with its events delivered as after a real commit."""
    from tests.conftest import (
        make_bundle,
        make_centre,
        make_civil,
        make_id_card,
        make_licence,
        make_licensing,
        make_passport,
        make_staff,
    )

    world = {"centre": make_centre(), "civil": make_civil(), "licensing": make_licensing()}
    world["passport"] = make_passport(world["centre"], world["civil"])
    world["id_card"] = make_id_card(world["centre"], world["civil"])
    world["licence"] = make_licence(world["centre"], world["licensing"])
    world["bundle"] = make_bundle(world["passport"], world["licence"])
    world["counter"] = Counter.objects.create(centre=world["centre"], number=1)
    world["counter2"] = Counter.objects.create(centre=world["centre"], number=2)
    world["alice"] = make_staff("alice", world["centre"])
    world["bob"] = make_staff("bob", world["centre"])
    centre = world["centre"]
    c1 = dict(counter=world["counter"], staff=world["alice"])
    c2 = dict(counter=world["counter2"], staff=world["bob"])

    def run(function, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return function(**kwargs)

    def issue(when, **options):
        return run(engine.ticket_issue, centre=centre, now=when, **options).ticket

    run(engine.counter_open, **c1, now=at(7, 55))
    run(engine.counter_open, **c2, now=at(8))
    t1 = issue(at(8), service_codes=["passport-renewal"])
    t2 = issue(at(8, 5), bundle_code="travel")
    t3 = issue(at(8, 9), service_codes=["id-card"])
    run(engine.ticket_call_specific, **c1, ticket=t1, now=at(8, 10))
    run(engine.ticket_start, **c1, now=at(8, 12))
    t4 = issue(at(8, 12), service_codes=["licence-renewal"])
    run(engine.ticket_call_specific, **c2, ticket=t2, now=at(8, 15))
    run(engine.ticket_start, **c2, now=at(8, 16))
    run(engine.ticket_walk_out, ticket=t4, now=at(8, 18))
    run(engine.ticket_complete, **c1, now=at(8, 20))
    run(engine.ticket_call_specific, **c1, ticket=t3, now=at(8, 21))
    run(engine.ticket_recall, **c1, now=at(8, 23))
    run(engine.ticket_no_show, **c1, now=at(8, 25))
    run(engine.ticket_complete, **c2, now=at(8, 26))
    run(engine.ticket_call_specific, **c1, ticket=t2, now=at(8, 27))
    run(engine.ticket_start, **c1, now=at(8, 28))
    run(engine.ticket_transfer, **c1, service_code="id-card", placement="age", now=at(8, 30))
    run(engine.ticket_call_specific, **c2, ticket=t2, now=at(8, 31))
    run(engine.ticket_start, **c2, now=at(8, 32))
    run(engine.ticket_complete, **c2, outcome="missing_documents", now=at(8, 38))
    t6 = issue(
        at(9), service_codes=["passport-renewal"], appointment_at=at(9, 30), channel="appointment"
    )
    run(engine.ticket_call_specific, **c1, ticket=t6, now=at(9, 35))
    run(engine.ticket_start, **c1, now=at(9, 36))
    run(engine.ticket_complete, **c1, now=at(9, 40))
    run(engine.counter_pause, **c1, reason="break", now=at(12))
    run(engine.counter_resume, **c1, now=at(12, 30))
    run(engine.counter_close, **c1, now=at(16))
    run(engine.counter_close, **c2, now=at(16))
    run(engine.counter_open, **c1, now=at(23, 45))
    t5 = issue(at(23, 50), service_codes=["passport-renewal"])
    run(engine.ticket_call_specific, **c1, ticket=t5, now=next_day(0, 15))
    run(engine.ticket_start, **c1, now=next_day(0, 16))
    run(engine.ticket_complete, **c1, now=next_day(0, 25))
    run(engine.counter_close, **c1, now=next_day(0, 30))
    tickets = {"t1": t1, "t2": t2, "t3": t3, "t4": t4, "t5": t5, "t6": t6}
    assert {t.service_day for t in tickets.values()} == {DAY}
    assert Ticket.objects.get(pk=t2.pk).status == Ticket.Status.DONE
    return {
        "rows": {name: (type(row), row.pk) for name, row in world.items()},
        "tickets": {name: ticket.pk for name, ticket in tickets.items()},
    }


@pytest.fixture(scope="module")
def _shared_day(django_db_setup, django_db_blocker):
    """Builds the day once for the module inside a transaction, rolled back after its last
    test (the tests' own transactions are savepoints inside it). Settings as the project's
    autouse fixtures set them for a test."""
    test_settings = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        REDIS_URL="",
        CHANNEL_LAYERS={"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}},
    )
    outer = transaction.atomic()
    with django_db_blocker.unblock(), test_settings:
        outer.__enter__()
        try:
            built = build_day()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
        from centre import cached

        cached.invalidate()


@pytest.fixture
def _day(_shared_day, db) -> dict:
    """The shared day's rows fetched afresh for one test (no test sees another's in-memory
    changes), the in-process registry reloaded from them."""
    from centre import cached

    cached.invalidate()
    rows = {name: model.objects.get(pk=pk) for name, (model, pk) in _shared_day["rows"].items()}
    tickets = Ticket.objects.in_bulk(_shared_day["tickets"].values())
    rows["tickets"] = {name: tickets[pk] for name, pk in _shared_day["tickets"].items()}
    return rows


def from_the_day(name: str):
    """`name` is the day's row in a test of the day; anywhere else the project's fixture."""

    @pytest.fixture(name=name)
    def fixture(request, db):
        if uses_the_day(request.node):
            return request.getfixturevalue("_day")[name]
        return request.getfixturevalue(name)

    return fixture


centre = from_the_day("centre")
civil = from_the_day("civil")
licensing = from_the_day("licensing")
passport = from_the_day("passport")
id_card = from_the_day("id_card")
licence = from_the_day("licence")
bundle = from_the_day("bundle")
counter = from_the_day("counter")
counter2 = from_the_day("counter2")
alice = from_the_day("alice")
bob = from_the_day("bob")


@pytest.fixture
def fixture_day(_day) -> dict:
    """The day in the module docstring; returns the tickets by name."""
    return _day["tickets"]


@pytest.fixture
def aggregated(fixture_day, centre):
    from scorecard.aggregation import aggregate_day

    aggregate_day(DAY, [centre], now=next_day(12))
    return centre


@pytest.fixture
def people(centre, alice, sam):
    """One account per role: the centre's manager, supervisor and agent, an analyst, and the
    manager of another centre."""
    from staff.models import Staff
    from tests.conftest import make_centre, make_staff

    other = make_centre("irbid", name_en="Irbid Centre", name_ar="مركز إربد", size_class="office")
    return {
        "manager": make_staff("maryam", centre, role=Staff.Role.MANAGER),
        "supervisor": sam,
        "agent": alice,
        "analyst": make_staff("nour", None, role=Staff.Role.ANALYST),
        "other_manager": make_staff("omar", other, role=Staff.Role.MANAGER),
    }


@pytest.fixture
def login(client):
    def as_(staff):
        client.force_login(staff.user)
        return client

    return as_
