"""Ticket numbers run per centre, letter and *local* service day (Asia/Amman, UTC+03:00)."""

import datetime as dt

import time_machine

from centre.models import CentreService
from queueing import engine
from tests.queueing.conftest import AMMAN, T0, issue


def test_it_restarts_numbers_at_local_midnight(centre, passport):
    before = issue(centre, "passport-renewal", at=dt.datetime(2026, 3, 10, 23, 59, tzinfo=AMMAN))
    after = issue(centre, "passport-renewal", at=dt.datetime(2026, 3, 11, 0, 1, tzinfo=AMMAN))
    assert (before.display_number, before.service_day) == ("A-001", dt.date(2026, 3, 10))
    assert (after.display_number, after.service_day) == ("A-001", dt.date(2026, 3, 11))


def test_it_restarts_at_local_midnight_with_the_real_clock(centre, passport):
    # 20:59 UTC is 23:59 in Amman; 21:01 UTC is 00:01 the next local day.
    with time_machine.travel("2026-03-10T20:58:00Z", tick=False):
        first = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    with time_machine.travel("2026-03-10T20:59:00Z", tick=False):
        last = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    with time_machine.travel("2026-03-10T21:01:00Z", tick=False):
        next_day = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    assert [first.number, last.number, next_day.number] == [1, 2, 1]
    assert next_day.service_day == dt.date(2026, 3, 11)


def test_it_keeps_counting_across_utc_midnight(centre, passport):
    # 00:30 and 11:00 local on 11 March fall on two UTC dates but one service day.
    night = issue(centre, "passport-renewal", at=dt.datetime(2026, 3, 10, 21, 30, tzinfo=dt.UTC))
    morning = issue(centre, "passport-renewal", at=dt.datetime(2026, 3, 11, 8, 0, tzinfo=dt.UTC))
    assert (night.number, morning.number) == (1, 2)
    assert night.service_day == morning.service_day == dt.date(2026, 3, 11)


def test_it_numbers_each_centre_separately(centre, other_centre, passport):
    CentreService.objects.create(centre=other_centre, service=passport, letter="A")
    assert issue(centre, "passport-renewal").display_number == "A-001"
    assert issue(other_centre, "passport-renewal").display_number == "A-001"
    assert issue(centre, "passport-renewal").display_number == "A-002"


def test_it_never_reuses_the_number_of_a_cancelled_ticket(centre, passport):
    first = issue(centre, "passport-renewal")
    engine.ticket_cancel(ticket=first, now=T0)
    assert issue(centre, "passport-renewal").number == 2


def test_it_formats_numbers_with_three_digits(centre, passport):
    tickets = [issue(centre, "passport-renewal") for _ in range(10)]
    assert tickets[-1].display_number == "A-010"
