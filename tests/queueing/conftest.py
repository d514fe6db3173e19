"""Helpers for the engine tests: a pinned clock, short-hand issuing and an event recorder."""

import datetime as dt
import zoneinfo

import pytest

from centre.models import CentreService
from queueing import engine
from queueing.events import queue_changed
from queueing.models import (
    Counter,
    CounterEvent,
    Ticket,
    TicketEvent,
    TicketNumberSequence,
    TicketStep,
)
from tests.conftest import make_centre, make_service

AMMAN = zoneinfo.ZoneInfo("Asia/Amman")
# A Tuesday morning in Amman (UTC+03:00 all year).
T0 = dt.datetime(2026, 3, 10, 9, 0, tzinfo=AMMAN)


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def issue(centre, *codes: str, at: dt.datetime | None = None, **options) -> Ticket:
    """Issue a ticket for the given services (or `bundle_code=`) at `at` (default T0)."""
    if codes:
        options["service_codes"] = list(codes)
    return engine.ticket_issue(centre=centre, now=at or T0, **options).ticket


def fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_related("current_step").get(pk=ticket.pk)


def db_state() -> tuple:
    """Everything an engine call may change, to prove a refused call changed nothing."""
    return (
        list(Ticket.objects.order_by("pk").values()),
        list(TicketStep.objects.order_by("pk").values()),
        list(TicketEvent.objects.order_by("pk").values()),
        list(TicketNumberSequence.objects.order_by("pk").values()),
        list(Counter.objects.order_by("pk").values()),
        list(CounterEvent.objects.order_by("pk").values()),
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Staff fixtures create users; the default hasher would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def events():
    """Queue events sent (after commit) while the test runs."""
    sent = []

    def receiver(sender, events, **kwargs):
        sent.extend(events)

    queue_changed.connect(receiver, weak=False)
    yield sent
    queue_changed.disconnect(receiver)


@pytest.fixture
def open_counter2(counter2, bob):
    return engine.counter_open(counter=counter2, staff=bob)


@pytest.fixture
def other_centre(db):
    return make_centre("irbid", name_en="Irbid centre", name_ar="مركز إربد")


@pytest.fixture
def office_hours_centre(db, civil):
    """Open 08:00–15:00 local, every day."""
    centre = make_centre(
        "zarqa", hours=(dt.time(8), dt.time(15)), name_en="Zarqa", name_ar="الزرقاء"
    )
    service = make_service("birth-certificate", civil)
    CentreService.objects.create(centre=centre, service=service, letter="C")
    return centre
