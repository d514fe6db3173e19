"""The calling order is defined once (`queueing.models.CALL_ORDER`): the waiting list, the
positions and the engine's FIFO routing all follow it."""

import pytest

from queueing import engine
from queueing.models import CALL_ORDER, Ticket, call_rank
from queueing.routing import CandidateGroup, choose_groups
from queueing.selectors import ticket_position
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
