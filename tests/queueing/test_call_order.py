"""The calling order is defined once (`queueing.models.CALL_ORDER`): the waiting list, the
positions and the engine's FIFO routing all follow it."""

import pytest

from queueing import engine
from queueing.models import CALL_ORDER, Ticket, call_rank
from queueing.routing import CandidateGroup, choose_groups
from queueing.selectors import ticket_position
from queueing.waits import CentreWaits
from tests.queueing.conftest import T0, issue, minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(centre, passport):
    """Six passport tickets; the fourth is a priority, the fifth sent to the front."""
    tickets = [issue(centre, passport.code, at=T0 + minutes(n)) for n in range(6)]
    Ticket.objects.filter(pk=tickets[3].pk).update(priority_rank=2)
    Ticket.objects.filter(pk=tickets[4].pk).update(at_front=True)
    return tickets


def test_priority_then_front_then_arrival(queue):
    ordered = list(Ticket.objects.waiting().in_call_order().values_list("pk", flat=True))
    assert ordered == [queue[i].pk for i in (3, 4, 0, 1, 2, 5)]
    assert CALL_ORDER == ("-priority_rank", "-at_front", "queue_since", "pk")


def test_who_is_ahead_agrees_with_the_order(queue):
    ordered = list(Ticket.objects.waiting().in_call_order())
    for place, ticket in enumerate(ordered):
        ahead = set(Ticket.objects.waiting().ahead_of(ticket).values_list("pk", flat=True))
        assert ahead == {t.pk for t in ordered[:place]}
        assert ticket_position(ticket) == place


def test_fifo_routing_ranks_queues_by_the_same_order(queue):
    groups = [
        CandidateGroup(1, 0, False, T0, 3),
        CandidateGroup(2, 0, True, T0 + minutes(5), 1),
        CandidateGroup(3, 2, False, T0 + minutes(9), 1),
    ]
    ordered = choose_groups(groups, targets={}, profile=None, now=T0 + minutes(10))
    assert [g.service_id for g in ordered] == [3, 2, 1]
    assert call_rank(2, False) < call_rank(0, True) < call_rank(0, False)


def test_the_engine_calls_in_that_order(queue, open_counter, alice, counter):
    called = []
    for n, _ticket in enumerate(queue):
        ticket = engine.ticket_call_next(
            counter=counter,
            staff=alice,
            finish="completed" if n else None,
            now=T0 + minutes(30 + n),
        )
        called.append(ticket.pk)
    assert called == [queue[i].pk for i in (3, 4, 0, 1, 2, 5)]


def test_a_not_yet_due_appointment_is_shown_where_the_engine_calls_it(
    centre, passport, open_counter, alice, counter
):
    """Walk-ins and an appointment checked in 50 minutes before its booked time: every
    position shown (the count query, the tracking page's, the waiting list) is the order
    the counter then calls them in."""
    walk_ins = [issue(centre, passport.code, at=T0 + minutes(n)) for n in range(3)]
    appointment = issue(
        centre,
        passport.code,
        at=T0 + minutes(5),
        priority="appointment",
        channel="appointment",
        appointment_at=T0 + minutes(60),
    )
    assert appointment.priority_rank > 0 and appointment.queue_since == T0 + minutes(60)
    now = T0 + minutes(10)
    waits = CentreWaits(centre, now=now)
    shown = {t.pk: ticket_position(t, now) for t in [*walk_ins, appointment]}
    assert shown == {t.pk: waits.position(t) for t in [*walk_ins, appointment]}
    listed = list(Ticket.objects.waiting().in_call_order(now).values_list("pk", flat=True))

    called = []
    for n in range(4):
        ticket = engine.ticket_call_next(
            counter=counter, staff=alice, finish="completed" if n else None, now=now + minutes(n)
        )
        called.append(ticket.pk)
    assert called == [walk_ins[0].pk, walk_ins[1].pk, walk_ins[2].pk, appointment.pk]
    assert listed == called
    assert sorted(shown, key=shown.get) == called
    assert shown[appointment.pk] == 3


def test_a_due_appointment_is_shown_ahead_of_the_walk_ins(centre, passport):
    walk_ins = [issue(centre, passport.code, at=T0 + minutes(n)) for n in range(2)]
    appointment = issue(
        centre,
        passport.code,
        at=T0,
        priority="appointment",
        channel="appointment",
        appointment_at=T0 + minutes(5),
    )
    now = T0 + minutes(6)
    assert ticket_position(appointment, now) == 0
    assert [ticket_position(t, now) for t in walk_ins] == [1, 2]
    assert CentreWaits(centre, now=now).position(walk_ins[0]) == 1
