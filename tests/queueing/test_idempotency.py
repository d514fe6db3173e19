"""A repeated Idempotency-Key returns the first ticket: a double tap prints one ticket."""

from centre.models import CentreService
from queueing import engine
from queueing.models import Ticket, TicketEvent
from tests.queueing.conftest import T0


def test_a_repeated_key_returns_the_same_ticket(centre, passport):
    first = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], idempotency_key="k1", now=T0
    )
    again = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], idempotency_key="k1", now=T0
    )
    assert (first.created, again.created) == (True, False)
    assert again.ticket.pk == first.ticket.pk
    assert Ticket.objects.count() == 1
    assert TicketEvent.objects.filter(kind="issued").count() == 1


def test_a_repeat_with_another_body_still_returns_the_first_ticket(centre, passport, licence):
    first = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], idempotency_key="k1"
    )
    again = engine.ticket_issue(
        centre=centre, service_codes=["licence-renewal"], idempotency_key="k1"
    )
    assert again.ticket.pk == first.ticket.pk


def test_different_keys_give_different_tickets(centre, passport):
    one = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], idempotency_key="k1"
    )
    two = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], idempotency_key="k2"
    )
    assert (one.ticket.number, two.ticket.number) == (1, 2)


def test_requests_without_a_key_are_never_merged(centre, passport):
    for key in (None, ""):
        engine.ticket_issue(centre=centre, service_codes=["passport-renewal"], idempotency_key=key)
    assert Ticket.objects.count() == 2
    assert not Ticket.objects.exclude(idempotency_key=None).exists()


def test_keys_are_scoped_to_the_centre(centre, other_centre, passport):
    CentreService.objects.create(centre=other_centre, service=passport, letter="A")
    here = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], idempotency_key="k1"
    )
    there = engine.ticket_issue(
        centre=other_centre, service_codes=["passport-renewal"], idempotency_key="k1"
    )
    assert here.ticket.pk != there.ticket.pk
    assert there.created
