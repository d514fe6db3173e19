"""Ramadan and month-end in the forecast: known answers on bulk-made history."""

import datetime as dt
import zoneinfo

import pytest

from planning.forecast import MONTH_END, ORDINARY, RAMADAN, day_kind, forecast_day, ramadan_days
from queueing.models import Ticket, TicketStep

AMMAN = zoneinfo.ZoneInfo("Asia/Amman")
pytestmark = pytest.mark.django_db


def recorded(centre, service, day, hour, count):
    at = dt.datetime.combine(day, dt.time(hour), tzinfo=AMMAN)
    tickets = Ticket.objects.bulk_create(
        Ticket(
            centre=centre,
            service=service,
            service_day=day,
            letter="A",
            number=k + 1,
            queue_since=at,
            issued_at=at + dt.timedelta(minutes=k % 60),
            status=Ticket.Status.DONE,
        )
        for k in range(count)
    )
    TicketStep.objects.bulk_create(
        TicketStep(ticket=t, position=0, service=service) for t in tickets
    )


def test_the_calendar_knows_ramadan_and_the_end_of_the_month():
    ramadan = ramadan_days(2026)
    assert dt.date(2026, 2, 18) in ramadan and dt.date(2026, 3, 19) in ramadan
    assert dt.date(2026, 3, 20) not in ramadan  # Eid al-Fitr
    assert day_kind(dt.date(2026, 3, 1)) == RAMADAN
    assert day_kind(dt.date(2026, 11, 24)) == MONTH_END  # the last 7 days of November
    assert day_kind(dt.date(2026, 11, 23)) == ORDINARY


def test_a_month_end_day_is_forecast_at_the_month_end_level(centre, passport):
    day = dt.date(2026, 11, 25)  # a month-end Wednesday
    for past in (dt.date(2026, 11, 18), dt.date(2026, 11, 11), dt.date(2026, 11, 4)):
        recorded(centre, passport, past, 9, 10)
    for past in (dt.date(2026, 10, 21), dt.date(2026, 10, 14), dt.date(2026, 10, 7)):
        recorded(centre, passport, past, 9, 10)
    for past in (26, 27, 28, 29):
        recorded(centre, passport, dt.date(2026, 10, past), 9, 20)
    recorded(centre, passport, dt.date(2026, 9, 30), 9, 20)
    forecast = forecast_day(centre=centre, day=day)
    assert (forecast.kind, forecast.factor) == (MONTH_END, pytest.approx(2.0))
    # Without the factor: (6 × 10 + 2 × 20) / 8 = 12.5.
    assert forecast.total == pytest.approx(20.0)
    assert forecast.mean_absolute_error == pytest.approx(0.0)
    assert forecast.baseline_error > 1


def test_a_ramadan_day_takes_the_ramadan_level_and_hours(centre, passport):
    day = dt.date(2026, 3, 4)  # a Wednesday in Ramadan
    ordinary = [dt.date(2026, 2, 11), dt.date(2026, 2, 4)]
    ordinary += [dt.date(2026, 1, d) for d in (21, 14, 7)]
    for past in ordinary:
        recorded(centre, passport, past, 9, 10)  # ordinary days: at 9
    for d in (18, 19, 22, 23, 24, 25):
        recorded(centre, passport, dt.date(2026, 2, d), 10, 5)  # Ramadan: half, from 10
    forecast = forecast_day(centre=centre, day=day)
    assert (forecast.kind, forecast.factor) == (RAMADAN, pytest.approx(0.5))
    assert forecast.total == pytest.approx(5.0)
    assert forecast.for_hour(9) == {}
    assert forecast.for_hour(10) == {passport.pk: pytest.approx(5.0)}


def test_too_few_days_of_a_kind_change_nothing(centre, passport):
    day = dt.date(2026, 11, 25)
    recorded(centre, passport, dt.date(2026, 11, 18), 9, 10)
    recorded(centre, passport, dt.date(2026, 10, 28), 9, 20)
    forecast = forecast_day(centre=centre, day=day)
    assert forecast.factor == 1.0
    assert forecast.total == pytest.approx(15.0)


def test_an_ordinary_day_after_ramadan_gets_the_ordinary_hours(centre, passport):
    day = dt.date(2026, 4, 15)  # an ordinary Wednesday, four weeks after Eid al-Fitr
    for d in (1, 6, 7, 8, 9):
        recorded(centre, passport, dt.date(2026, 4, d), 9, 10)  # ordinary days: at 9
    ramadan = [dt.date(2026, 3, d) for d in (18, 11, 4)] + [dt.date(2026, 2, d) for d in (25, 18)]
    for past in ramadan:  # Wednesdays of Ramadan among the 8 weeks: half, from 10
        recorded(centre, passport, past, 10, 5)
    forecast = forecast_day(centre=centre, day=day)
    assert (forecast.kind, forecast.factor, forecast.days_used) == (ORDINARY, 1.0, 7)
    # Each of the 7 open Wednesdays raised to the ordinary level: 10 a day. A per-hour mean
    # would put 20/7 at 9 and Ramadan's 50/7 at 10; the day takes the ordinary days' hours.
    assert forecast.total == pytest.approx(10.0)
    assert forecast.for_hour(9) == {passport.pk: pytest.approx(10.0)}
    assert forecast.for_hour(10) == {}
