"""Opening, pausing, resuming and closing counters."""

import pytest

from queueing import engine
from queueing.errors import QueueError
from queueing.models import Counter
from tests.conftest import make_staff
from tests.queueing.conftest import T0, db_state, issue

State = Counter.State


def test_it_opens_a_counter_for_the_employee(counter, alice):
    engine.counter_open(counter=counter, staff=alice, now=T0)
    counter.refresh_from_db()
    assert (counter.state, counter.staff, counter.state_changed_at) == (State.OPEN, alice, T0)


def test_opening_another_counter_moves_the_employee(counter, counter2, alice):
    engine.counter_open(counter=counter, staff=alice)
    engine.counter_open(counter=counter2, staff=alice)
    counter.refresh_from_db()
    counter2.refresh_from_db()
    assert (counter.state, counter.staff) == (State.CLOSED, None)
    assert (counter2.state, counter2.staff) == (State.OPEN, alice)


def test_an_employee_cannot_leave_a_counter_with_a_ticket(
    centre, passport, open_counter, counter2, alice
):
    issue(centre, "passport-renewal")
    engine.ticket_call_next(counter=open_counter, staff=alice)
    before = db_state()
    with pytest.raises(QueueError, match="counter_busy"):
        engine.counter_open(counter=counter2, staff=alice)
    assert db_state() == before


def test_it_refuses_a_counter_another_employee_works_at(open_counter, bob):
    before = db_state()
    with pytest.raises(QueueError, match="counter_occupied"):
        engine.counter_open(counter=open_counter, staff=bob)
    assert db_state() == before


def test_a_supervisor_puts_an_employee_at_a_counter(counter, alice, sam):
    engine.counter_open(counter=counter, staff=alice, actor=sam)
    counter.refresh_from_db()
    assert counter.staff == alice


def test_an_agent_cannot_open_a_counter_for_someone_else(counter, alice, bob):
    with pytest.raises(QueueError, match="not_at_counter"):
        engine.counter_open(counter=counter, staff=alice, actor=bob)


def test_it_refuses_staff_of_another_centre(counter, other_centre):
    with pytest.raises(QueueError, match="wrong_centre"):
        engine.counter_open(counter=counter, staff=make_staff("x", other_centre))


def test_it_pauses_and_resumes(open_counter, alice):
    engine.counter_pause(counter=open_counter, staff=alice, reason="prayer", now=T0)
    open_counter.refresh_from_db()
    assert (open_counter.state, open_counter.pause_reason) == (State.PAUSED, "prayer")
    engine.counter_resume(counter=open_counter, staff=alice)
    open_counter.refresh_from_db()
    assert (open_counter.state, open_counter.pause_reason) == (State.OPEN, "")


def test_a_paused_counter_keeps_serving_its_ticket(centre, passport, open_counter, alice):
    ticket = issue(centre, "passport-renewal")
    engine.ticket_call_next(counter=open_counter, staff=alice)
    engine.counter_pause(counter=open_counter, staff=alice, reason="break")
    engine.ticket_complete(counter=open_counter, staff=alice)
    ticket.refresh_from_db()
    assert ticket.status == "done"


def test_it_refuses_an_unknown_pause_reason(open_counter, alice):
    before = db_state()
    with pytest.raises(QueueError, match="pause_reason_unknown"):
        engine.counter_pause(counter=open_counter, staff=alice, reason="nap")
    assert db_state() == before


def test_it_refuses_to_pause_a_paused_counter(open_counter, alice):
    engine.counter_pause(counter=open_counter, staff=alice, reason="break")
    with pytest.raises(QueueError, match="counter_not_open"):
        engine.counter_pause(counter=open_counter, staff=alice, reason="break")


def test_it_refuses_to_resume_an_open_counter(open_counter, alice):
    with pytest.raises(QueueError, match="invalid_transition"):
        engine.counter_resume(counter=open_counter, staff=alice)


def test_it_closes_the_counter_and_frees_the_employee(open_counter, alice):
    engine.counter_close(counter=open_counter, staff=alice)
    open_counter.refresh_from_db()
    assert (open_counter.state, open_counter.staff) == (State.CLOSED, None)


def test_it_refuses_to_close_with_a_ticket_at_the_counter(centre, passport, open_counter, alice):
    issue(centre, "passport-renewal")
    engine.ticket_call_next(counter=open_counter, staff=alice)
    with pytest.raises(QueueError, match="counter_busy"):
        engine.counter_close(counter=open_counter, staff=alice)


@pytest.mark.parametrize(
    "operation",
    [
        lambda c, s: engine.counter_pause(counter=c, staff=s, reason="break"),
        lambda c, s: engine.counter_resume(counter=c, staff=s),
        lambda c, s: engine.counter_close(counter=c, staff=s),
    ],
)
def test_only_the_employee_at_the_counter_changes_it(open_counter, bob, operation):
    before = db_state()
    with pytest.raises(QueueError, match="not_at_counter"):
        operation(open_counter, bob)
    assert db_state() == before


def test_a_supervisor_closes_an_agents_counter(open_counter, sam):
    engine.counter_close(counter=open_counter, staff=sam)
    open_counter.refresh_from_db()
    assert open_counter.state == State.CLOSED
