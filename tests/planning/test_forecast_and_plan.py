"""Forecast from recorded days and the hour-by-hour plan built on it."""

import datetime as dt
import zoneinfo

import pytest

from planning import staffing
from planning.forecast import forecast_day
from queueing import engine
from tests.conftest import make_staff

AMMAN = zoneinfo.ZoneInfo("Asia/Amman")
DAY = dt.date(2026, 11, 25)  # a Wednesday


def issue(centre, service, day, hour, count):
    for minute in range(count):
        at = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=AMMAN)
        engine.ticket_issue(centre=centre, service_codes=[service.code], now=at)


@pytest.fixture
def history(centre, passport, licence):
    """Four past Wednesdays: two alike, one closed (no ticket), one busier."""
    weeks = [DAY - dt.timedelta(weeks=k) for k in (1, 2, 3, 4)]
    for past in weeks[:2]:
        issue(centre, passport, past, 9, 3)
        issue(centre, licence, past, 10, 1)
    issue(centre, passport, weeks[3], 9, 6)
    issue(centre, passport, DAY - dt.timedelta(days=1), 9, 20)  # a Tuesday: not the same day


def test_the_forecast_is_the_mean_of_the_open_same_weekdays_in_local_hours(
    history, centre, passport, licence
):
    forecast = forecast_day(centre=centre, day=DAY)
    assert forecast.days_used == 3
    assert forecast.for_hour(9) == {passport.pk: pytest.approx(4.0)}
    assert forecast.for_hour(10) == {licence.pk: pytest.approx(2 / 3)}
    assert forecast.for_hour(6) == {}
    assert forecast.total == pytest.approx(4 + 2 / 3)


def test_the_forecast_reports_its_own_error_on_past_days(history, centre):
    forecast = forecast_day(centre=centre, day=DAY)
    # Week 1 forecast from weeks 2 and 4: 4.5 at 9 (3 came), 0.5 at 10 (1 came) → errors 1.5, 0.5;
    # week 2 from week 4: 6 at 9 (3 came), 0 at 10 (1 came) → 3, 1; week 4 has no history.
    assert forecast.mean_absolute_error == pytest.approx((1.5 + 0.5 + 3 + 1) / 4)


def test_a_centre_without_history_forecasts_nothing(centre, passport):
    forecast = forecast_day(centre=centre, day=DAY)
    assert forecast.total == 0
    assert forecast.days_used == 0
    assert forecast.mean_absolute_error is None


def test_the_plan_asks_for_counters_where_citizens_come(history, centre, passport, licence):
    make_staff("alice", centre)
    plan = staffing.plan_day(centre=centre, day=DAY, staffing=staffing.Staffing(()))
    by_hour = {h.hour: h for h in plan.hours}
    assert len(plan.hours) == 24  # the test centre is open all day
    assert by_hour[9].arrivals == pytest.approx(4.0)
    assert by_hour[9].pooled == 1
    assert by_hour[9].dedicated == 1
    assert by_hour[3].pooled == 0
    assert by_hour[3].simulated_level is None
    assert by_hour[9].simulated_level == 0.0  # nobody at a counter


def test_a_specialist_cannot_serve_the_passport_queue_and_training_fixes_it(
    history, centre, passport, licence, carol
):
    offered = frozenset({passport.pk, licence.pk})
    today = staffing.current_staffing(centre, DAY, counters=1)
    assert today.counters == (frozenset({licence.pk}),)
    narrow = staffing.plan_day(centre=centre, day=DAY, staffing=today)
    trained = staffing.plan_day(
        centre=centre,
        day=DAY,
        staffing=staffing.with_extra_universal(today, extra=1, offered=offered),
    )
    nine = {h.hour: h for h in narrow.hours}[9]
    assert nine.simulated_level == 0.0
    assert {h.hour: h for h in trained.hours}[9].simulated_level > 0.9
    assert trained.day_level > narrow.day_level


def test_current_staffing_ignores_expired_certifications_and_other_roles(
    centre, passport, licence, counter, counter2
):
    expired = make_staff("dina", centre, universal=False, certified=[passport, licence])
    expired.certifications.filter(service=licence).update(valid_until=DAY - dt.timedelta(days=1))
    make_staff("sam", centre, role="supervisor")
    make_staff("alice", centre)
    assert staffing.current_staffing(centre, DAY).counters == (
        frozenset({passport.pk, licence.pk}),
        frozenset({passport.pk}),
    )


def _book(centre, service, starts_at, seat=0, status="booked"):
    import hashlib

    from appointments.models import Booking

    return Booking.objects.create(
        centre=centre,
        service=service,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=service.standard_service_minutes),
        seat=seat,
        phone="+962790000000",
        status=status,
        reference_digest=hashlib.sha256(f"{starts_at}{seat}".encode()).hexdigest(),
    )


def test_the_day_s_bookings_come_on_top_of_the_walk_ins_and_are_reported_apart(
    history, centre, passport, licence
):
    one = staffing.Staffing(counters=(frozenset({passport.pk, licence.pk}),))
    alone = staffing.plan_day(centre=centre, day=DAY, staffing=one)
    assert alone.appointments.booked == ()
    assert alone.appointment_level is None
    for k in range(6):
        _book(centre, passport, dt.datetime.combine(DAY, dt.time(9, 10 * k), tzinfo=AMMAN))
    _book(centre, passport, dt.datetime.combine(DAY, dt.time(9, 5), tzinfo=AMMAN), 1, "cancelled")
    plan = staffing.plan_day(centre=centre, day=DAY, staffing=one)
    assert plan.appointments.source == "bookings"
    assert [b.service_id for b in plan.appointments.booked] == [passport.pk] * 6
    assert plan.appointment_level is not None
    assert plan.day_level < alone.day_level  # the walk-ins pay for the appointments
    assert {h.hour: h.appointments for h in plan.hours if h.appointments} == {
        9: pytest.approx(6 * (1 - plan.appointments.punctuality.no_show), abs=1.5)
    }


def test_a_day_beyond_the_booking_horizon_has_every_slot_of_the_plans_full(
    centre, passport, settings
):
    from appointments.models import AppointmentPlan

    AppointmentPlan.objects.create(centre=centre, service=passport, counters=2, walk_in_percent=50)
    far = dt.date.today() + dt.timedelta(days=settings.NAFITHA_BOOKING["horizon_days"] + 30)
    while far.weekday() in settings.NAFITHA_BOOKING["closed_weekdays"]:
        far += dt.timedelta(days=1)
    hours = staffing.open_hours(centre, far)
    day = staffing.day_appointments(centre, far, hours)
    assert day.source == "plan"
    # Open all day, one place (half of two counters) in every slot of the service's length.
    slot = passport.standard_service_minutes * 60
    assert len(day.booked) == (24 * 3600 - 60) // slot
    assert [b.at_seconds for b in day.booked[:3]] == [0, slot, 2 * slot]
    assert {b.window_seconds for b in day.booked} == {slot}
    assert day.punctuality.no_show == pytest.approx(0.10)  # no history: the configured share
