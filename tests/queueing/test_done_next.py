""" "Done, next": completing the ticket at the counter and calling the next one in one step."""

import pytest

from queueing import engine
from queueing.errors import QueueError
from queueing.models import Ticket, TicketStep
from tests.queueing.conftest import T0, db_state, fresh, issue, minutes


def test_it_completes_the_ticket_at_the_counter_then_calls_the_next(
    centre, passport, open_counter, alice
):
    first = issue(centre, "passport-renewal")
    second = issue(centre, "passport-renewal", at=T0 + minutes(1))
    engine.ticket_call_next(counter=open_counter, staff=alice, now=T0 + minutes(2))
    called = engine.ticket_call_next(
        counter=open_counter, staff=alice, finish="missing_documents", now=T0 + minutes(9)
    )
    assert called == second
    first = fresh(first)
    assert (first.status, first.counter) == (Ticket.Status.DONE, None)
    assert first.current_step.outcome == TicketStep.Outcome.MISSING_DOCUMENTS
    assert first.current_step.ended_at == T0 + minutes(9)
    assert (fresh(second).status, fresh(second).counter) == (Ticket.Status.CALLED, open_counter)


def test_it_finishes_the_ticket_even_when_nobody_else_waits(centre, passport, open_counter, alice):
    ticket = issue(centre, "passport-renewal")
    engine.ticket_call_next(counter=open_counter, staff=alice)
    assert engine.ticket_call_next(counter=open_counter, staff=alice, finish="completed") is None
    assert fresh(ticket).status == Ticket.Status.DONE


def test_an_idle_counter_just_calls(centre, passport, open_counter, alice):
    ticket = issue(centre, "passport-renewal")
    assert engine.ticket_call_next(counter=open_counter, staff=alice, finish="completed") == ticket


def test_a_bundle_moves_on_to_its_next_step(centre, bundle, open_counter, alice):
    visit = issue(centre, bundle_code="travel")
    engine.ticket_call_next(counter=open_counter, staff=alice, now=T0 + minutes(1))
    again = engine.ticket_call_next(
        counter=open_counter, staff=alice, finish="completed", now=T0 + minutes(5)
    )
    # The citizen is still at the counter and the oldest in the queue: the next step is theirs.
    assert again == visit
    assert fresh(visit).current_step.service.code == "licence-renewal"


def test_an_unknown_outcome_changes_nothing(centre, passport, open_counter, alice):
    issue(centre, "passport-renewal")
    issue(centre, "passport-renewal")
    engine.ticket_call_next(counter=open_counter, staff=alice)
    before = db_state()
    with pytest.raises(QueueError, match="outcome_unknown"):
        engine.ticket_call_next(counter=open_counter, staff=alice, finish="vanished")
    assert db_state() == before


def test_one_action_sends_one_batch_for_both_tickets(
    centre, passport, open_counter, alice, events, django_capture_on_commit_callbacks
):
    first = issue(centre, "passport-renewal")
    second = issue(centre, "passport-renewal", at=T0 + minutes(1))
    engine.ticket_call_next(counter=open_counter, staff=alice)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        engine.ticket_call_next(counter=open_counter, staff=alice, finish="completed")
    assert len(callbacks) == 1
    assert [(e.kind, e.ticket_id) for e in events] == [
        ("ticket.started", first.pk),
        ("ticket.completed", first.pk),
        ("ticket.done", first.pk),
        ("ticket.called", second.pk),
    ]
