"""The supervisor page opens on a summary: how many wait, the longest wait, how many are late."""

import datetime as dt

from django.utils import timezone

from counters.selectors import supervisor_state
from queueing import engine


def test_it_sums_up_the_waiting_and_marks_late_tickets(centre, passport, licence):
    start = timezone.now() - dt.timedelta(minutes=40)
    late = engine.ticket_issue(centre=centre, service_codes=[passport.code], now=start).ticket
    engine.ticket_issue(
        centre=centre, service_codes=[licence.code], now=start + dt.timedelta(minutes=35)
    )
    state = supervisor_state(centre=centre, now=start + dt.timedelta(minutes=40))
    assert state["summary"] == {"waiting": 2, "longest_wait_seconds": 40 * 60, "late": 1}
    assert {w["id"]: w["late"] for w in state["waiting"]} == {
        late.pk: True,  # 40 min against a 20 min target
        state["waiting"][1]["id"]: False,  # 5 min
    }


def test_it_shows_an_empty_centre_as_nothing_waiting(centre, passport):
    assert supervisor_state(centre=centre)["summary"] == {
        "waiting": 0,
        "longest_wait_seconds": 0,
        "late": 0,
    }
