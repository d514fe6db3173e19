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
"""

import datetime as dt
import zoneinfo

import pytest

from queueing import engine
from queueing.models import Ticket

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


@pytest.fixture
def fixture_day(centre, passport, id_card, licence, bundle, counter, counter2, alice, bob, run):
    """Runs the day in the module docstring; returns the tickets by name."""
    c1 = dict(counter=counter, staff=alice)
    c2 = dict(counter=counter2, staff=bob)

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
    return tickets


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
