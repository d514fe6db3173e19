"""Appointment figures of the fixture day (see conftest; T6 is the booked visit: appointment
09:30, checked in 09:00, called 09:35) with the day's bookings below, against hand-computed
values; stored by the daily aggregation, computed as indicators and shown on the dashboard.

 booking  time   state                                      counts as
 B1       09:30  checked in (T6)                            booked visit, came
 B2       10:00  released as no-show                        no-show
 B3       11:00  still booked at aggregation (past grace)   no-show
 B4       11:00  cancelled                                  not counted
 B5       12:00  came late (walk-in ticket)                 came
"""

import pytest

from scorecard.indicators import INDICATORS
from scorecard.models import CentreDay
from scorecard.periods import parse_period
from scorecard.selectors import appointment_figures, period_sums
from tests.appointments.conftest import make_booking
from tests.scorecard.conftest import DAY, at, next_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked_day(fixture_day, centre, passport):
    t6 = fixture_day["t6"]
    make_booking(centre, passport, at(9, 30), status="checked_in", ticket=t6)
    make_booking(centre, passport, at(10), phone="+962790000001", status="no_show")
    make_booking(centre, passport, at(11), phone="+962790000002")
    make_booking(centre, passport, at(11), phone="+962790000003", status="cancelled")
    make_booking(centre, passport, at(12), phone="+962790000004", status="late")
    from scorecard.aggregation import aggregate_day

    aggregate_day(DAY, [centre], now=next_day(12))
    return centre


def test_the_daily_row_holds_the_appointment_figures(booked_day):
    row = CentreDay.objects.get(centre=booked_day, day=DAY)
    assert (row.bookings, row.booking_no_shows) == (4, 2)
    assert (row.appointment_called, row.appointment_punctual) == (1, 1)
    assert row.appointment_wait_sum == pytest.approx(300)  # 09:35 − max(09:00, 09:30)
    # Walk-in steps called: waits 600, 600, 60, 60, 720, 1500.
    assert (row.walk_in_called, row.walk_in_wait_sum) == (6, pytest.approx(3540))
    assert (row.visits_booked, row.visits) == (1, 6)


def test_the_indicators_compute_rates_and_waits(booked_day):
    sums = period_sums(parse_period(DAY.isoformat()), [booked_day.pk])[booked_day.pk]
    values = {key: INDICATORS[key].compute(sums) for key in INDICATORS}
    assert values["appointment_no_show_rate"] == (50.0, 4)
    assert values["appointment_punctuality"] == (100.0, 1)
    assert values["visits_booked_share"][0] == pytest.approx(100 / 6)
    assert values["booked_wait"] == (5.0, 1)
    assert values["walk_in_wait"][0] == pytest.approx(3540 / 6 / 60)


def test_punctuality_follows_the_configured_minutes(settings, fixture_day, centre, passport):
    settings.NAFITHA_BOOKING = {**settings.NAFITHA_BOOKING, "punctual_minutes": 4}
    from scorecard.aggregation import aggregate_day

    aggregate_day(DAY, [centre], now=next_day(12))
    row = CentreDay.objects.get(centre=centre, day=DAY)
    assert (row.appointment_called, row.appointment_punctual) == (1, 0)


def test_a_framework_can_weight_them(booked_day):
    from scorecard.scoring import DimensionSpec, FrameworkSpec, IndicatorSpec, score_sums

    spec = FrameworkSpec(
        code="appointments",
        name_ar="المواعيد",
        name_en="Appointments",
        min_sample=1,
        dimensions=(
            DimensionSpec(
                "D",
                "المواعيد",
                "Appointments",
                100,
                (
                    IndicatorSpec("appointment_no_show_rate", 70, 20, 1),  # 50 % → 40
                    IndicatorSpec("appointment_punctuality", 50, 90, 1),  # 100 % → 100
                ),
            ),
        ),
        bands=((0, 1),),
        caps=(),
    )
    sums = period_sums(parse_period(DAY.isoformat()), [booked_day.pk])[booked_day.pk]
    result = score_sums(spec, sums)
    rows = {r["metric"]: r["score"] for r in result["dimensions"][0]["indicators"]}
    assert rows == {"appointment_no_show_rate": 40.0, "appointment_punctuality": 100.0}
    assert result["score"] == pytest.approx(70.0)


def test_the_dashboard_shows_them(booked_day, people, login, time_machine):
    time_machine.move_to(next_day(12), tick=False)
    figures = appointment_figures(booked_day, parse_period(None, DAY))
    assert figures["appointment_no_show_rate"] == 50.0 and figures["bookings"] == 4
    html = login(people["manager"]).get(f"/dashboard/{booked_day.code}/").content.decode()
    assert 'data-testid="appointment-figures"' in html
    assert "٥٠٫٠ %" in html or "50.0 %" in html
