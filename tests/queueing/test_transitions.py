"""Ticket transitions at the counter: recall, start, complete, cancel, walk-out — and refusals."""

import pytest

from queueing import engine
from queueing.errors import QueueError
from queueing.models import ServiceTimeStat, Ticket, TicketEvent, TicketStep
from tests.conftest import make_staff
from tests.queueing.conftest import T0, db_state, fresh, issue, minutes

S = Ticket.Status


@pytest.fixture
def called(centre, passport, open_counter, alice):
    """A passport ticket called to alice's counter at T0 + 1 min."""
    issue(centre, "passport-renewal")
    return engine.ticket_call_next(counter=open_counter, staff=alice, now=T0 + minutes(1))


def kinds(ticket):
    return list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))


def test_it_starts_service(called, open_counter, alice):
    engine.ticket_start(counter=open_counter, staff=alice, now=T0 + minutes(2))
    ticket = fresh(called)
    assert ticket.status == S.SERVING
    assert ticket.current_step.status == TicketStep.Status.SERVING
    assert ticket.current_step.started_at == T0 + minutes(2)
    assert kinds(ticket)[-1] == "started"


def test_it_completes_a_visit(called, open_counter, alice):
    engine.ticket_start(counter=open_counter, staff=alice, now=T0 + minutes(2))
    engine.ticket_complete(counter=open_counter, staff=alice, now=T0 + minutes(7))
    ticket = fresh(called)
    assert (ticket.status, ticket.ended_at, ticket.counter) == (S.DONE, T0 + minutes(7), None)
    step = ticket.current_step
    assert (step.status, step.outcome, step.ended_at) == ("done", "completed", T0 + minutes(7))
    assert kinds(ticket)[-2:] == ["completed", "done"]
    assert ServiceTimeStat.objects.get(service=ticket.service).mean_seconds == 300


def test_completing_a_called_ticket_starts_it_first(called, open_counter, alice):
    engine.ticket_complete(counter=open_counter, staff=alice, now=T0 + minutes(3))
    ticket = fresh(called)
    assert ticket.status == S.DONE
    assert ticket.current_step.started_at == T0 + minutes(3)
    assert kinds(ticket)[-3:] == ["started", "completed", "done"]
    assert not ServiceTimeStat.objects.exists()  # no real service time to learn from


@pytest.mark.parametrize("outcome", ["missing_documents", "referred"])
def test_it_records_the_outcome_of_the_step(called, open_counter, alice, outcome):
    engine.ticket_complete(counter=open_counter, staff=alice, outcome=outcome)
    assert fresh(called).current_step.outcome == outcome


def test_it_refuses_an_unknown_outcome(called, open_counter, alice):
    before = db_state()
    with pytest.raises(QueueError, match="outcome_unknown"):
        engine.ticket_complete(counter=open_counter, staff=alice, outcome="lost")
    assert db_state() == before


def test_it_recalls_a_called_ticket(called, open_counter, alice):
    engine.ticket_recall(counter=open_counter, staff=alice)
    engine.ticket_recall(counter=open_counter, staff=alice)
    ticket = fresh(called)
    assert (ticket.status, ticket.recall_count, ticket.call_count) == (S.CALLED, 2, 3)
    event = TicketEvent.objects.filter(ticket=ticket, kind="recalled").last()
    assert event.data == {"recall": 2}


def test_the_counter_is_free_after_completion(called, centre, open_counter, alice):
    engine.ticket_complete(counter=open_counter, staff=alice)
    nxt = issue(centre, "passport-renewal")
    assert engine.ticket_call_next(counter=open_counter, staff=alice) == nxt


@pytest.mark.parametrize(
    ("operation", "code"),
    [
        (engine.ticket_start, "invalid_transition"),
        (engine.ticket_recall, "invalid_transition"),
        (engine.ticket_no_show, "invalid_transition"),
    ],
)
def test_it_refuses_transitions_not_allowed_while_serving(
    called, open_counter, alice, operation, code
):
    engine.ticket_start(counter=open_counter, staff=alice)
    before = db_state()
    with pytest.raises(QueueError) as refused:
        operation(counter=open_counter, staff=alice)
    assert (refused.value.code, refused.value.status) == (code, 409)
    assert db_state() == before


@pytest.mark.parametrize(
    "operation",
    [
        engine.ticket_start,
        engine.ticket_recall,
        engine.ticket_complete,
        engine.ticket_no_show,
        engine.ticket_return_to_queue,
    ],
)
def test_it_refuses_ticket_actions_at_an_idle_counter(
    centre, passport, open_counter, alice, operation
):
    issue(centre, "passport-renewal")  # waiting, but not called
    before = db_state()
    with pytest.raises(QueueError, match="counter_idle"):
        operation(counter=open_counter, staff=alice)
    assert db_state() == before


@pytest.mark.parametrize(
    "operation", [engine.ticket_start, engine.ticket_complete, engine.ticket_recall]
)
def test_it_refuses_ticket_actions_by_someone_not_at_the_counter(
    called, open_counter, bob, operation
):
    before = db_state()
    with pytest.raises(QueueError, match="not_at_counter"):
        operation(counter=open_counter, staff=bob)
    assert db_state() == before


def test_a_supervisor_may_act_at_an_agents_counter(called, open_counter, sam):
    engine.ticket_complete(counter=open_counter, staff=sam)
    assert fresh(called).status == S.DONE


# --- Ending a visit before service ---------------------------------------------------------


def test_it_cancels_a_waiting_ticket(centre, bundle, sam):
    ticket = issue(centre, bundle_code="travel")
    engine.ticket_cancel(ticket=ticket, staff=sam, reason="duplicate", now=T0 + minutes(1))
    ticket = fresh(ticket)
    assert (ticket.status, ticket.ended_at) == (S.CANCELLED, T0 + minutes(1))
    assert set(ticket.steps.values_list("status", flat=True)) == {"cancelled"}
    event = TicketEvent.objects.get(ticket=ticket, kind="cancelled")
    assert (event.staff, event.data) == (sam, {"reason": "duplicate"})


def test_it_cancels_a_called_ticket_and_frees_the_counter(called, centre, open_counter, alice, sam):
    engine.ticket_cancel(ticket=called, staff=sam)
    assert fresh(called).status == S.CANCELLED
    nxt = issue(centre, "passport-renewal")
    assert engine.ticket_call_next(counter=open_counter, staff=alice) == nxt


def test_it_refuses_to_cancel_a_ticket_being_served(called, open_counter, alice, sam):
    engine.ticket_start(counter=open_counter, staff=alice)
    before = db_state()
    with pytest.raises(QueueError, match="invalid_transition"):
        engine.ticket_cancel(ticket=called, staff=sam)
    assert db_state() == before


def test_it_refuses_to_cancel_a_finished_ticket(called, open_counter, alice):
    engine.ticket_complete(counter=open_counter, staff=alice)
    with pytest.raises(QueueError, match="invalid_transition"):
        engine.ticket_cancel(ticket=called)


def test_it_refuses_a_cancel_by_staff_of_another_centre(centre, other_centre, passport):
    ticket = issue(centre, "passport-renewal")
    with pytest.raises(QueueError, match="wrong_centre"):
        engine.ticket_cancel(ticket=ticket, staff=make_staff("x", other_centre, role="supervisor"))
    assert fresh(ticket).status == S.WAITING


def test_the_citizen_walks_out_while_waiting(centre, passport):
    ticket = issue(centre, "passport-renewal")
    engine.ticket_walk_out(ticket=ticket, now=T0 + minutes(9))
    ticket = fresh(ticket)
    assert (ticket.status, ticket.current_step.status) == (S.WALKED_OUT, "walked_out")
    event = TicketEvent.objects.get(ticket=ticket, kind="walked_out")
    assert (event.staff, event.at) == (None, T0 + minutes(9))


def test_a_called_ticket_cannot_walk_out(called):
    with pytest.raises(QueueError, match="invalid_transition"):
        engine.ticket_walk_out(ticket=called)


def test_a_walked_out_ticket_is_no_longer_called(centre, passport, open_counter, alice):
    ticket = issue(centre, "passport-renewal")
    engine.ticket_walk_out(ticket=ticket)
    assert engine.ticket_call_next(counter=open_counter, staff=alice) is None


def test_it_accepts_a_stale_ticket_object(centre, passport, open_counter, alice, sam):
    stale = issue(centre, "passport-renewal")
    engine.ticket_call_next(counter=open_counter, staff=alice)
    engine.ticket_cancel(ticket=stale, staff=sam)  # `stale` still says waiting, no counter
    assert fresh(stale).status == S.CANCELLED
    assert engine.ticket_call_next(counter=open_counter, staff=alice) is None
