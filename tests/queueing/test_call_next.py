"""Calling the next ticket to a counter: who may call, what may be called, and when."""

import datetime as dt

import pytest

from centre.models import CentreService
from queueing import engine
from queueing.errors import QueueError
from queueing.models import Ticket, TicketStep
from staff.models import Certification
from tests.conftest import make_staff
from tests.queueing.conftest import T0, db_state, fresh, issue, minutes

LATER = T0 + minutes(5)


def test_it_calls_a_waiting_ticket_to_the_counter(centre, passport, open_counter, alice):
    ticket = issue(centre, "passport-renewal")
    called = engine.ticket_call_next(counter=open_counter, staff=alice, now=LATER)
    assert called == ticket
    ticket = fresh(ticket)
    assert ticket.status == Ticket.Status.CALLED
    assert (ticket.counter, ticket.staff, ticket.called_at, ticket.call_count) == (
        open_counter,
        alice,
        LATER,
        1,
    )
    step = ticket.current_step
    assert (step.status, step.called_at, step.counter, step.staff) == (
        TicketStep.Status.CALLED,
        LATER,
        open_counter,
        alice,
    )


def test_it_returns_none_when_nobody_waits(centre, passport, open_counter, alice):
    assert engine.ticket_call_next(counter=open_counter, staff=alice) is None


def test_it_returns_none_when_only_tickets_already_called_remain(
    centre, passport, open_counter, open_counter2, alice, bob
):
    issue(centre, "passport-renewal")
    engine.ticket_call_next(counter=open_counter, staff=alice)
    assert engine.ticket_call_next(counter=open_counter2, staff=bob) is None


def test_two_counters_call_different_tickets(
    centre, passport, open_counter, open_counter2, alice, bob
):
    first, second = issue(centre, "passport-renewal"), issue(centre, "passport-renewal", at=LATER)
    assert engine.ticket_call_next(counter=open_counter, staff=alice) == first
    assert engine.ticket_call_next(counter=open_counter2, staff=bob) == second


@pytest.mark.parametrize("state", [Ticket.Status.CALLED, Ticket.Status.SERVING])
def test_a_counter_must_finish_its_ticket_before_calling_again(
    centre, passport, open_counter, alice, state
):
    issue(centre, "passport-renewal")
    waiting = issue(centre, "passport-renewal", at=LATER)
    engine.ticket_call_next(counter=open_counter, staff=alice)
    if state == Ticket.Status.SERVING:
        engine.ticket_start(counter=open_counter, staff=alice)
    before = db_state()
    with pytest.raises(QueueError) as refused:
        engine.ticket_call_next(counter=open_counter, staff=alice)
    assert refused.value.code == "counter_busy"
    assert db_state() == before
    assert fresh(waiting).status == Ticket.Status.WAITING


def test_it_refuses_a_closed_counter(centre, passport, counter, alice):
    issue(centre, "passport-renewal")
    counter.staff = alice  # assigned but never opened
    counter.save()
    with pytest.raises(QueueError, match="counter_not_open"):
        engine.ticket_call_next(counter=counter, staff=alice)


def test_it_refuses_a_paused_counter(centre, passport, open_counter, alice):
    ticket = issue(centre, "passport-renewal")
    engine.counter_pause(counter=open_counter, staff=alice, reason="prayer")
    before = db_state()
    with pytest.raises(QueueError, match="counter_not_open"):
        engine.ticket_call_next(counter=open_counter, staff=alice)
    assert db_state() == before
    assert fresh(ticket).status == Ticket.Status.WAITING


def test_it_refuses_an_employee_who_is_not_at_the_counter(centre, passport, open_counter, bob):
    issue(centre, "passport-renewal")
    before = db_state()
    with pytest.raises(QueueError) as refused:
        engine.ticket_call_next(counter=open_counter, staff=bob)
    assert (refused.value.code, refused.value.status) == ("not_at_counter", 403)
    assert db_state() == before


def test_it_refuses_staff_of_another_centre(centre, other_centre, passport, open_counter):
    stranger = make_staff("stranger", other_centre, role="supervisor")
    issue(centre, "passport-renewal")
    with pytest.raises(QueueError, match="wrong_centre"):
        engine.ticket_call_next(counter=open_counter, staff=stranger)


def test_a_supervisor_calls_for_the_employee_at_the_counter(
    centre, passport, open_counter, alice, sam
):
    issue(centre, "passport-renewal")
    ticket = engine.ticket_call_next(counter=open_counter, staff=sam)
    assert fresh(ticket).staff == alice


def test_a_limited_employee_calls_only_certified_services(
    centre, passport, licence, counter, carol
):
    engine.counter_open(counter=counter, staff=carol)
    issue(centre, "passport-renewal")
    licence_ticket = issue(centre, "licence-renewal", at=LATER)
    assert engine.ticket_call_next(counter=counter, staff=carol) == licence_ticket
    engine.ticket_complete(counter=counter, staff=carol)
    assert engine.ticket_call_next(counter=counter, staff=carol) is None


def test_a_universal_employee_calls_every_offered_service(
    centre, passport, licence, open_counter, alice
):
    issue(centre, "passport-renewal")
    issue(centre, "licence-renewal")
    assert engine.ticket_call_next(counter=open_counter, staff=alice) is not None
    engine.ticket_complete(counter=open_counter, staff=alice)
    assert engine.ticket_call_next(counter=open_counter, staff=alice) is not None


def test_an_expired_certification_is_not_eligible(centre, licence, counter, carol):
    Certification.objects.filter(staff=carol).update(valid_until=T0.date() - dt.timedelta(days=1))
    engine.counter_open(counter=counter, staff=carol)
    issue(centre, "licence-renewal")
    assert engine.ticket_call_next(counter=counter, staff=carol, now=T0) is None


def test_a_certification_is_valid_through_its_last_day(centre, licence, counter, carol):
    Certification.objects.filter(staff=carol).update(valid_until=T0.date())
    engine.counter_open(counter=counter, staff=carol)
    issue(centre, "licence-renewal")
    assert engine.ticket_call_next(counter=counter, staff=carol, now=T0) is not None


def test_it_ignores_services_the_centre_no_longer_offers(centre, passport, open_counter, alice):
    issue(centre, "passport-renewal")
    passport.offers.update(is_active=False)
    assert engine.ticket_call_next(counter=open_counter, staff=alice) is None


def test_it_ignores_tickets_of_other_centres(centre, other_centre, passport, open_counter, alice):
    CentreService.objects.create(centre=other_centre, service=passport, letter="A")
    issue(other_centre, "passport-renewal")
    assert engine.ticket_call_next(counter=open_counter, staff=alice) is None


# --- Calling a chosen ticket ---------------------------------------------------------------


def test_a_supervisor_calls_a_chosen_ticket(centre, passport, open_counter, alice, sam):
    issue(centre, "passport-renewal")
    chosen = issue(centre, "passport-renewal", at=LATER)
    engine.ticket_call_specific(counter=open_counter, staff=sam, ticket=chosen, now=LATER)
    chosen = fresh(chosen)
    assert (chosen.status, chosen.counter, chosen.staff) == (
        Ticket.Status.CALLED,
        open_counter,
        alice,
    )


def test_it_refuses_to_call_a_chosen_ticket_the_employee_is_not_certified_for(
    centre, passport, counter, carol, sam
):
    engine.counter_open(counter=counter, staff=carol)
    ticket = issue(centre, "passport-renewal")
    before = db_state()
    with pytest.raises(QueueError) as refused:
        engine.ticket_call_specific(counter=counter, staff=sam, ticket=ticket)
    assert refused.value.code == "not_certified"
    assert db_state() == before


def test_it_refuses_to_call_a_chosen_ticket_that_is_not_waiting(
    centre, passport, open_counter, open_counter2, alice, sam
):
    ticket = issue(centre, "passport-renewal")
    engine.ticket_call_next(counter=open_counter, staff=alice)
    with pytest.raises(QueueError, match="invalid_transition"):
        engine.ticket_call_specific(counter=open_counter2, staff=sam, ticket=ticket)


def test_it_refuses_to_call_a_ticket_of_another_centre(
    centre, other_centre, passport, open_counter, sam
):
    CentreService.objects.create(centre=other_centre, service=passport, letter="A")
    ticket = issue(other_centre, "passport-renewal")
    with pytest.raises(QueueError, match="ticket_unknown"):
        engine.ticket_call_specific(counter=open_counter, staff=sam, ticket=ticket)


def test_a_busy_counter_is_refused_even_when_nobody_else_waits(
    centre, passport, open_counter, alice
):
    # The busy check rides on the read of the waiting groups; with none it is asked alone.
    issue(centre, "passport-renewal")
    engine.ticket_call_next(counter=open_counter, staff=alice)
    before = db_state()
    with pytest.raises(QueueError) as refused:
        engine.ticket_call_next(counter=open_counter, staff=alice)
    assert refused.value.code == "counter_busy"
    assert db_state() == before


def test_it_refuses_a_chosen_call_to_a_busy_counter(centre, passport, open_counter, alice, sam):
    issue(centre, "passport-renewal")
    other = issue(centre, "passport-renewal", at=LATER)
    engine.ticket_call_next(counter=open_counter, staff=alice)
    with pytest.raises(QueueError, match="counter_busy"):
        engine.ticket_call_specific(counter=open_counter, staff=sam, ticket=other)
