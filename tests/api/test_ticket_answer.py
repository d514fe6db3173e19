"""The ticket answers are built as plain dicts (`ticket_data`, `citizen_ticket_data`) while
`TicketSerializer` and `CitizenTicketSerializer` stay their OpenAPI schema: the two must write
the same thing, key for key and in the same order, for every kind of ticket."""

import pytest
import time_machine
from django.utils import timezone

from queueing import engine
from queueing.models import Ticket
from queueing.serializers import (
    CitizenTicketSerializer,
    TicketSerializer,
    citizen_ticket_data,
    ticket_data,
)
from tests.queueing.conftest import T0, issue, minutes

pytestmark = pytest.mark.django_db


def answers(ticket: Ticket) -> list[tuple]:
    """(plain, serializer) pairs of every shape, each read from a fresh row."""

    def fresh():
        return Ticket.objects.get(pk=ticket.pk)

    return [
        (citizen_ticket_data(fresh()), CitizenTicketSerializer(fresh()).data),
        (ticket_data(fresh()), TicketSerializer(fresh()).data),
        (ticket_data(fresh(), steps=False), TicketSerializer(fresh(), steps=False).data),
    ]


def assert_same(ticket: Ticket) -> dict:
    for plain, serialized in answers(ticket):
        assert type(plain) is dict
        assert list(plain.items()) == list(serialized.items())
    return answers(ticket)[0][0]


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False):
        yield


def test_a_waiting_ticket(clock, centre, passport, open_counter):
    issue(centre, "passport-renewal")
    ticket = issue(centre, "passport-renewal", language="en", priority="elderly", at=T0)
    data = assert_same(ticket)
    assert (data["status"], data["language"], data["priority"]) == ("waiting", "en", "elderly")
    assert data["position"] is not None and data["wait_range_minutes"] is not None


def test_a_waiting_ticket_no_counter_can_serve(clock, centre, passport):
    data = assert_same(issue(centre, "passport-renewal"))
    assert data["estimated_wait_seconds"] is None and data["wait_range_minutes"] is None


def test_a_called_ticket(clock, centre, passport, open_counter, alice):
    ticket = issue(centre, "passport-renewal", language="ar")
    engine.ticket_call_next(counter=open_counter, staff=alice, now=T0 + minutes(2))
    data = assert_same(ticket)
    assert (data["status"], data["counter"], data["position"]) == ("called", 1, None)
    assert data["called_at"] is not None and data["number_ar"] == "أ-٠٠١"


def test_a_bundle_on_its_second_step(clock, centre, bundle, open_counter, alice):
    ticket = issue(centre, bundle_code="travel", language="en")
    engine.ticket_call_next(counter=open_counter, staff=alice, now=T0 + minutes(1))
    engine.ticket_complete(
        counter=open_counter, staff=alice, outcome="missing_documents", now=T0 + minutes(3)
    )
    data = assert_same(ticket)
    assert data["bundle"] == "travel"
    assert [(s["code"], s["status"], s["outcome"]) for s in data["services"]] == [
        ("passport-renewal", "done", "missing_documents"),
        ("licence-renewal", "waiting", ""),
    ]


@pytest.mark.parametrize(("zone", "ending"), [("UTC", "Z"), ("Asia/Amman", "+03:00")])
def test_a_finished_ticket_in_the_current_time_zone(
    clock, centre, passport, open_counter, alice, zone, ending
):
    ticket = issue(centre, "passport-renewal")
    engine.ticket_call_next(counter=open_counter, staff=alice, now=T0 + minutes(1))
    engine.ticket_complete(counter=open_counter, staff=alice, now=T0 + minutes(4))
    with timezone.override(zone):
        data = assert_same(ticket)
    assert data["status"] == "done" and data["counter"] is None
    assert data["issued_at"].endswith(ending) and data["called_at"].endswith(ending)
