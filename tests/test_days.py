"""One rule for local days: Asia/Amman midnight, never UTC's or the server's."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from nafitha import days
from scorecard.periods import parse_period

AMMAN = zoneinfo.ZoneInfo("Asia/Amman")
UTC = dt.UTC


def test_the_day_turns_at_amman_midnight_not_utc():
    # 21:30 UTC on the 23rd is 00:30 on the 24th in Amman (UTC+03:00).
    assert days.local_day(dt.datetime(2026, 11, 23, 21, 30, tzinfo=UTC)) == dt.date(2026, 11, 24)
    assert days.local_day(dt.datetime(2026, 11, 23, 20, 59, tzinfo=UTC)) == dt.date(2026, 11, 23)
    start, end = days.day_window(dt.date(2026, 11, 24))
    assert start == dt.datetime(2026, 11, 23, 21, 0, tzinfo=UTC)
    assert end - start == dt.timedelta(hours=24)
    # 20:59 UTC is still the 24th in Amman (23:59); 21:00 UTC begins the 25th.
    assert days.day_start(dt.datetime(2026, 11, 24, 20, 59, tzinfo=UTC)) == start
    assert days.day_start(dt.datetime(2026, 11, 24, 21, 0, tzinfo=UTC)) == end


def test_a_day_whose_midnight_the_clock_skipped_starts_at_the_change():
    # Amman kept summer time until 2022; on 26 March 2021 the clocks went from 00:00 to 01:00.
    start, end = days.day_window(dt.date(2021, 3, 26))
    assert start == dt.datetime(2021, 3, 25, 22, 0, tzinfo=UTC)
    assert end - start == dt.timedelta(hours=23)
    assert days.local_day(start) == dt.date(2021, 3, 26)
    assert days.local_day(start - dt.timedelta(seconds=1)) == dt.date(2021, 3, 25)


@pytest.mark.django_db
def test_a_centre_days_are_the_same_function(centre):
    moment = dt.datetime(2026, 11, 23, 21, 30, tzinfo=UTC)
    assert centre.service_day(moment) == days.local_day(moment) == dt.date(2026, 11, 24)
    assert centre.day_start(moment) == dt.datetime(2026, 11, 24, tzinfo=AMMAN)
    assert centre.day_window(dt.date(2026, 11, 24)) == days.day_window(dt.date(2026, 11, 24))


def test_the_scorecard_default_period_is_this_month_in_amman_whatever_the_server_zone():
    # 22:00 UTC on 30 November is 01:00 on 1 December in Amman.
    with time_machine.travel(dt.datetime(2026, 11, 30, 22, 0, tzinfo=UTC), tick=False):
        assert parse_period(None).key == "2026-12"
