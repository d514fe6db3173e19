"""The simulation estimator: the hall as it stands, played out under the engine's routing."""

import datetime as dt

import pytest

from planning.simulation import queue_wait
from queueing.estimates import ESTIMATORS, QueueState, Waiting

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def hall(waiting, counters, means=None, targets=None):
    return QueueState(
        at=NOW,
        waiting=tuple(waiting),
        counters=tuple(frozenset(c) for c in counters),
        service_seconds=means or {1: 600.0, 2: 300.0},
        last_called_wait={},
        targets=targets or {1: 15, 2: 15},
    )


def joined(minutes_ago, service=1, rank=0):
    return Waiting(service_id=service, rank=rank, queued_at=NOW - dt.timedelta(minutes=minutes_ago))


def test_nobody_ahead_is_called_at_once():
    assert queue_wait(state=hall([], [{1}]), service_id=1, rank=0, queued_at=NOW) == 0.0


def test_no_counter_for_the_service_means_no_estimate():
    state = hall([joined(5)], [{2}])
    assert queue_wait(state=state, service_id=1, rank=0, queued_at=NOW) is None
    assert ESTIMATORS["simulation"](state, 1, 0, NOW) is None


def test_four_ahead_at_two_counters_wait_three_half_service_times():
    # Two are called at once; the 5th is called at the 3rd completion: 3 × 600 / 2 s.
    state = hall([joined(k + 1) for k in range(4)], [{1}, {1}])
    wait = queue_wait(state=state, service_id=1, rank=0, queued_at=NOW, seeds=400)
    assert wait == pytest.approx(900, rel=0.1)


def test_the_engine_calls_a_priority_citizen_of_another_service_first():
    state = hall([joined(1, service=2, rank=1)], [{1, 2}])
    wait = queue_wait(state=state, service_id=1, rank=0, queued_at=NOW, seeds=400)
    assert wait == pytest.approx(300, rel=0.15)  # one service time of service 2
    # A counter that cannot serve service 2 does not wait for that citizen.
    state = hall([joined(1, service=2, rank=1)], [{1}, {2}])
    assert queue_wait(state=state, service_id=1, rank=0, queued_at=NOW) == 0.0


def test_the_same_hall_gets_the_same_answer():
    state = hall([joined(k + 1) for k in range(6)], [{1}, {1, 2}])
    first = ESTIMATORS["simulation"](state, 1, 0, NOW)
    assert first == ESTIMATORS["simulation"](state, 1, 0, NOW) > 0


def booked_in(minutes, service=1):
    """An appointment checked in early: queued from its booked time, `minutes` from now."""
    return Waiting(service_id=service, rank=1, queued_at=NOW + dt.timedelta(minutes=minutes))


def test_an_appointment_not_yet_due_is_not_played_ahead_of_the_walk_ins():
    # One counter; two appointments checked in for 30 and 40 minutes from now: a walk-in who
    # joins now is called at once, as routing would call them.
    state = hall([booked_in(30), booked_in(40)], [{1}])
    assert queue_wait(state=state, service_id=1, rank=0, queued_at=NOW) == 0.0
    # With one walk-in ahead (one-minute services), the newcomer is next, long before the
    # appointments are due.
    state = hall([booked_in(30), booked_in(40), joined(5)], [{1}], means={1: 60.0})
    assert 0 < queue_wait(state=state, service_id=1, rank=0, queued_at=NOW) < 30 * 60
    # Once due, an appointment does go ahead of a walk-in who joined before it.
    state = hall([booked_in(-1), joined(5)], [{1}], means={1: 60.0})
    assert (
        queue_wait(state=state, service_id=1, rank=0, queued_at=NOW - dt.timedelta(minutes=5)) > 0
    )


def test_an_idle_counter_takes_an_early_appointment_when_nobody_else_waits():
    state = hall([], [{1}])
    early = NOW + dt.timedelta(minutes=30)
    assert queue_wait(state=state, service_id=1, rank=1, queued_at=early) == 0.0
