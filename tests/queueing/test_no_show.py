"""No-show: allowed only after NAFITHA_NO_SHOW_AFTER_CALLS calls; optional requeue at the end."""

import pytest

from queueing import engine
from queueing.errors import QueueError
from queueing.models import Ticket, TicketEvent
from tests.queueing.conftest import T0, db_state, fresh, issue, minutes


@pytest.fixture
def called(centre, passport, open_counter, alice):
    issue(centre, "passport-renewal")
    return engine.ticket_call_next(counter=open_counter, staff=alice, now=T0 + minutes(1))


def test_it_refuses_a_no_show_before_the_ticket_was_called_often_enough(
    called, open_counter, alice
):
    before = db_state()
    with pytest.raises(QueueError) as refused:
        engine.ticket_no_show(counter=open_counter, staff=alice)
    assert (refused.value.code, refused.value.params) == ("no_show_too_early", {"calls": 1})
    assert db_state() == before


def test_it_marks_a_no_show_after_a_recall(called, open_counter, alice):
    engine.ticket_recall(counter=open_counter, staff=alice, now=T0 + minutes(2))
    engine.ticket_no_show(counter=open_counter, staff=alice, now=T0 + minutes(4))
    ticket = fresh(called)
    assert (ticket.status, ticket.counter, ticket.ended_at) == (
        Ticket.Status.NO_SHOW,
        None,
        T0 + minutes(4),
    )
    assert ticket.current_step.status == "no_show"
    assert TicketEvent.objects.filter(ticket=ticket).last().kind == "no_show"


def test_the_number_of_calls_is_configurable(called, open_counter, alice, settings):
    settings.NAFITHA_NO_SHOW_AFTER_CALLS = 1
    engine.ticket_no_show(counter=open_counter, staff=alice)
    assert fresh(called).status == Ticket.Status.NO_SHOW


def test_a_requeued_no_show_goes_to_the_end_of_the_queue(centre, called, open_counter, alice):
    later = issue(centre, "passport-renewal", at=T0 + minutes(2))
    engine.ticket_recall(counter=open_counter, staff=alice, now=T0 + minutes(3))
    engine.ticket_no_show(counter=open_counter, staff=alice, requeue=True, now=T0 + minutes(5))
    ticket = fresh(called)
    assert (ticket.status, ticket.counter, ticket.call_count) == (Ticket.Status.WAITING, None, 0)
    assert ticket.queue_since == T0 + minutes(5)
    assert ticket.current_step.status == "waiting"
    kinds = list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert kinds[-2:] == ["requeued", "queued"]
    now = T0 + minutes(6)
    assert engine.ticket_call_next(counter=open_counter, staff=alice, now=now) == later
    engine.ticket_complete(counter=open_counter, staff=alice, now=now)
    assert engine.ticket_call_next(counter=open_counter, staff=alice, now=now) == called


def test_a_requeued_ticket_needs_the_full_number_of_calls_again(called, open_counter, alice):
    engine.ticket_recall(counter=open_counter, staff=alice)
    engine.ticket_no_show(counter=open_counter, staff=alice, requeue=True)
    engine.ticket_call_next(counter=open_counter, staff=alice)
    with pytest.raises(QueueError, match="no_show_too_early"):
        engine.ticket_no_show(counter=open_counter, staff=alice)


def test_a_no_show_ends_the_remaining_bundle_steps(centre, bundle, open_counter, alice):
    ticket = issue(centre, bundle_code="travel")
    engine.ticket_call_next(counter=open_counter, staff=alice)
    engine.ticket_recall(counter=open_counter, staff=alice)
    engine.ticket_no_show(counter=open_counter, staff=alice)
    assert list(fresh(ticket).steps.values_list("status", flat=True)) == ["no_show", "cancelled"]
