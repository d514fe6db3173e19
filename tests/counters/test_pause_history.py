"""Each pause of a counter is kept, with its reason and length, for the supervisor."""

import datetime as dt

import time_machine

from queueing import engine

PAUSES = "/api/v1/centres/amman/supervisor/pauses/"


def test_it_keeps_each_pause_with_its_reason_and_length(world, django_capture_on_commit_callbacks):
    counter, alice = world.counters[1], world.staff["agent"]
    start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(start, tick=False):
            engine.counter_pause(counter=counter, staff=alice, reason="prayer")
        with time_machine.travel(start + dt.timedelta(minutes=12), tick=False):
            engine.counter_resume(counter=counter, staff=alice)
    [pause] = world.client("supervisor").get(PAUSES).json()
    assert (pause["counter"], pause["staff"], pause["reason"], pause["seconds"]) == (
        1,
        "alice",
        "prayer",
        720,
    )


def test_it_shows_a_running_pause_as_open(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        engine.counter_pause(counter=world.counters[1], staff=world.staff["agent"], reason="break")
    [pause] = world.client("manager").get(PAUSES).json()
    assert pause["ended_at"] is None
    live = world.client("supervisor").get("/api/v1/centres/amman/supervisor/").json()
    assert (live["counters"][0]["state"], live["counters"][0]["pause_reason"]) == (
        "paused",
        "break",
    )


def test_it_lists_pauses_of_the_day_asked_for(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        engine.counter_pause(counter=world.counters[1], staff=world.staff["agent"], reason="admin")
    assert world.client("supervisor").get(PAUSES, {"day": "2020-01-01"}).json() == []
