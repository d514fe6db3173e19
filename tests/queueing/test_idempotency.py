"""A repeated Idempotency-Key returns the first ticket: a double tap prints one ticket. A key
answers only its own issuer on its own service day, and only for the same request."""

import datetime as dt

import pytest

from centre.models import CentreService
from queueing import engine
from queueing.errors import QueueError
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


def test_a_repeat_with_another_body_is_refused_and_changes_nothing(centre, passport, licence):
    first = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], idempotency_key="k1"
    )
    with pytest.raises(QueueError) as refused:
        engine.ticket_issue(centre=centre, service_codes=["licence-renewal"], idempotency_key="k1")
    assert refused.value.code == "idempotency_key_reused"
    assert refused.value.status == 409
    assert list(Ticket.objects.values_list("pk", "service__code")) == [
        (first.ticket.pk, "passport-renewal")
    ]
    assert TicketEvent.objects.filter(kind="issued").count() == 1


def test_keys_are_scoped_to_the_issuer(centre, passport):
    citizen = engine.Issuer(engine.Issuer.CITIZEN, "ip:one")
    other = engine.Issuer(engine.Issuer.CITIZEN, "ip:two")
    mine = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], issuer=citizen, idempotency_key="k1"
    )
    theirs = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], issuer=other, idempotency_key="k1"
    )
    assert theirs.created and theirs.ticket.pk != mine.ticket.pk
    assert theirs.ticket.token != mine.ticket.token


def test_keys_are_scoped_to_the_service_day(centre, passport):
    today = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], idempotency_key="k1", now=T0
    )
    tomorrow = engine.ticket_issue(
        centre=centre,
        service_codes=["passport-renewal"],
        idempotency_key="k1",
        now=T0 + dt.timedelta(days=1),
    )
    assert tomorrow.created and tomorrow.ticket.pk != today.ticket.pk


@pytest.mark.parametrize("key", ["x" * 81, "tap 1", "مفتاح", "k\n1"])
def test_a_malformed_key_is_refused_and_changes_nothing(centre, passport, key):
    with pytest.raises(QueueError) as refused:
        engine.ticket_issue(centre=centre, service_codes=["passport-renewal"], idempotency_key=key)
    assert (refused.value.code, refused.value.status) == ("idempotency_key_invalid", 400)
    assert not Ticket.objects.exists()


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
