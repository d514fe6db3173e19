"""The engine logs every counter change in its own transaction, naming the employee who was
really at the counter and who acted."""

import itertools

import pytest
from django.db import connection

from queueing import engine
from queueing.errors import QueueError
from queueing.models import CounterEvent
from tests.queueing import race
from tests.queueing.conftest import T0, db_state, minutes


def history(counter):
    return list(
        CounterEvent.objects.filter(counter=counter)
        .order_by("pk")
        .values_list("state", "reason", "staff__user__username", "actor__user__username")
    )


def test_it_logs_each_change_with_the_employee_and_who_acted(counter, alice, bob, sam):
    engine.counter_open(counter=counter, staff=alice, actor=sam, now=T0)
    engine.counter_pause(counter=counter, staff=alice, reason="prayer", now=T0 + minutes(60))
    engine.counter_resume(counter=counter, staff=alice, now=T0 + minutes(80))
    engine.counter_open(counter=counter, staff=bob, actor=sam, now=T0 + minutes(90))
    engine.counter_close(counter=counter, staff=bob, now=T0 + minutes(300))
    assert history(counter) == [
        ("open", "", "alice", "sam"),
        ("paused", "prayer", "alice", "alice"),
        ("open", "", "alice", "alice"),
        ("open", "", "bob", "sam"),
        ("closed", "", None, "bob"),
    ]
    assert list(CounterEvent.objects.filter(counter=counter).values_list("at", flat=True)) == [
        T0,
        T0 + minutes(60),
        T0 + minutes(80),
        T0 + minutes(90),
        T0 + minutes(300),
    ]


def test_moving_an_employee_closes_their_previous_counter_in_the_log(
    counter, counter2, open_counter, alice
):
    engine.counter_open(counter=counter2, staff=alice)
    assert history(counter)[-1] == ("closed", "", None, "alice")
    assert history(counter2) == [("open", "", "alice", "alice")]


def test_a_refused_change_logs_nothing(counter, alice):
    before = db_state()
    with pytest.raises(QueueError) as refused:
        engine.counter_pause(counter=counter, staff=alice, reason="break")
    assert refused.value.code in ("counter_not_open", "not_at_counter")
    assert db_state() == before


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_move_never_puts_the_wrong_employee_in_the_log(settings):
    """A pause by alice races a supervisor putting bob at her counter, many times over.

    Whichever wins, a pause names the employee who was at the counter when it was made
    (the previous event's), never the one who arrived a moment later.
    """
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from staff.models import Staff
    from tests.conftest import make_staff

    centre, [(counter, alice), (other, bob)] = race.build_world(2)
    engine.counter_close(counter=other, staff=bob)
    supervisor = make_staff("supervisor", centre, role=Staff.Role.SUPERVISOR)
    for _round in range(15):
        engine.counter_open(counter=counter, staff=alice, actor=supervisor)

        def pause():
            try:
                race.retrying(
                    lambda: engine.counter_pause(counter=counter, staff=alice, reason="break")
                )
            except QueueError as exc:  # bob came first: alice no longer works here
                assert exc.code == "not_at_counter"

        def move_bob():
            race.retrying(lambda: engine.counter_open(counter=counter, staff=bob, actor=supervisor))

        assert race.run_threads([([pause, move_bob], None)]) == []
    rows = list(
        CounterEvent.objects.filter(counter=counter).order_by("pk").values_list("state", "staff")
    )
    pauses = [(previous, row) for previous, row in itertools.pairwise(rows) if row[0] == "paused"]
    assert pauses, "no pause won a single race"
    assert all(row[1] == previous[1] == alice.pk for previous, row in pauses)
