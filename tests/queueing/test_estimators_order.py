"""The estimators count the people ahead in the engine's calling order, including its first
rule: an appointment checked in before its booked time is not due, and is called after every
due ticket whatever its class (`queueing.models.call_key`)."""

import datetime as dt

from queueing.estimates import QueueState, Waiting, pool, zms

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
PASSPORT, ID_CARD = 1, 2
APPOINTMENT_RANK, WALK_IN_RANK = 5, 0


def hall(*waiting: Waiting) -> QueueState:
    return QueueState(
        at=NOW,
        waiting=waiting,
        counters=(frozenset({PASSPORT, ID_CARD}),),
        service_seconds={PASSPORT: 600.0, ID_CARD: 300.0},
        last_called_wait={},
    )


def minutes(n: int) -> dt.datetime:
    return NOW + dt.timedelta(minutes=n)


def test_an_appointment_not_yet_due_is_not_ahead_of_a_walk_in():
    state = hall(Waiting(PASSPORT, APPOINTMENT_RANK, minutes(20)))
    assert state.ahead_of({PASSPORT}, WALK_IN_RANK, NOW) == []
    assert zms(state, PASSPORT, WALK_IN_RANK, NOW) == 0
    assert pool(state, PASSPORT, WALK_IN_RANK, NOW) == 0


def test_a_due_appointment_is_ahead_of_the_walk_ins():
    booked = Waiting(PASSPORT, APPOINTMENT_RANK, minutes(-1))
    state = hall(booked, Waiting(PASSPORT, WALK_IN_RANK, minutes(-30)))
    assert booked in state.ahead_of({PASSPORT}, WALK_IN_RANK, NOW)
    assert pool(state, PASSPORT, WALK_IN_RANK, NOW) == 1200.0


def test_an_early_appointment_waits_for_every_due_ticket_then_earlier_bookings():
    state = hall(
        Waiting(ID_CARD, WALK_IN_RANK, minutes(-5)),
        Waiting(PASSPORT, APPOINTMENT_RANK, minutes(10)),
        Waiting(PASSPORT, APPOINTMENT_RANK, minutes(40)),
    )
    ahead = state.ahead_of({PASSPORT, ID_CARD}, APPOINTMENT_RANK, minutes(30))
    assert [w.queued_at for w in ahead] == [minutes(-5), minutes(10)]
