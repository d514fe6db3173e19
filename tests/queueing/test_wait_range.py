"""Each service's wait is a range: the centre's chosen estimator widened by its measured
error (or the default spread), or plainly no estimate when no certified counter is open."""

import datetime as dt

import pytest

from queueing import engine, selectors
from queueing.models import Counter, EstimatorError, ServiceTimeStat, WaitEstimateSetting
from queueing.selectors import service_wait_range
from queueing.waits import CentreWaits, chosen_estimator, forget_choice, widen

pytestmark = pytest.mark.django_db


def issue(service, n):
    for _ in range(n):
        engine.ticket_issue(centre=service.offers.get().centre, service_codes=[service.code])


def measured(centre, estimator, mae, low, high, *, service=None, samples=100, age_days=0):
    """A stored back-test error, as `manage.py calibrate_estimates` writes it."""
    forget_choice(centre.pk)
    return EstimatorError.objects.create(
        centre=centre,
        service=service,
        estimator=estimator,
        computed_on=centre.service_day() - dt.timedelta(days=age_days),
        samples=samples,
        mae_seconds=mae,
        low_seconds=low,
        high_seconds=high,
    )


def test_no_open_certified_counter_means_no_estimate(centre, passport, licence, counter, carol):
    assert service_wait_range(centre=centre, service=passport) is None
    engine.counter_open(counter=counter, staff=carol)  # certified for licences only
    assert service_wait_range(centre=centre, service=passport) is None
    assert service_wait_range(centre=centre, service=licence) == (0, 5)


def test_the_default_spread_is_three_quarters_to_five_quarters_and_five_minutes():
    assert widen(24 * 60, None) == (15, 35)  # 18 → 15, 35 → 35
    assert widen(0, None) == (0, 5)
    assert widen(60 * 60, None) == (45, 80)


def test_a_measured_error_makes_the_range():
    # The estimator said 10 minutes too little at worst (p10 = −600 s), 2 too much at best.
    assert widen(30 * 60, (-600.0, 120.0)) == (25, 40)
    assert widen(0, (-600.0, 120.0)) == (0, 10)


def test_each_service_counts_the_work_ahead(centre, passport, licence, open_counter):
    issue(passport, 3)  # 3 ahead, 8 minutes each, one counter: 24 minutes
    assert service_wait_range(centre=centre, service=passport) == (15, 35)
    # The same universal counter serves licences: the passports come first.
    assert service_wait_range(centre=centre, service=licence) == (15, 35)


def test_more_counters_shorten_the_wait(centre, passport, open_counter, bob):
    issue(passport, 3)
    engine.counter_open(counter=Counter.objects.create(centre=centre, number=2), staff=bob)
    assert service_wait_range(centre=centre, service=passport) == (5, 20)  # 12 minutes


def test_it_uses_the_measured_service_time(centre, passport, open_counter):
    ServiceTimeStat.objects.create(centre=centre, service=passport, mean_seconds=20 * 60)
    issue(passport, 1)
    assert service_wait_range(centre=centre, service=passport) == (15, 30)


def test_the_centre_setting_picks_the_estimator(centre, passport, open_counter):
    issue(passport, 3)
    assert chosen_estimator(centre) == "pool"  # auto, with no back-test yet
    WaitEstimateSetting.objects.create(centre=centre, estimator="zms")
    assert chosen_estimator(centre) == "zms"
    assert CentreWaits(centre).estimate(passport.pk).seconds == round(3 * 480 * 0.8)


def test_auto_takes_the_lowest_recent_error(centre, passport, open_counter):
    measured(centre, "pool", 300, -60, 60)
    measured(centre, "last_called", 200, -60, 60)
    measured(centre, "zms", 100, -60, 60, samples=10)  # too few to count
    measured(centre, "simulation", 50, -60, 60, age_days=8)  # stale
    assert chosen_estimator(centre) == "last_called"


def test_the_service_range_comes_from_its_own_error_else_the_centre(
    centre, passport, licence, open_counter
):
    issue(passport, 3)  # pool: 24 minutes for a new passport ticket
    measured(centre, "pool", 300, -600, 0)
    assert service_wait_range(centre=centre, service=passport) == (20, 35)
    measured(centre, "pool", 300, -1200, -300, service=passport)
    assert service_wait_range(centre=centre, service=passport) == (25, 45)
    measured(centre, "pool", 300, 0, 0, service=licence, samples=5)  # too few: the centre's
    assert service_wait_range(centre=centre, service=licence) == (20, 35)


def test_kiosk_ticket_and_tracking_agree(client, centre, passport, open_counter):
    issue(passport, 2)
    WaitEstimateSetting.objects.create(centre=centre, estimator="simulation")
    ticket = engine.ticket_issue(centre=centre, service_codes=[passport.code]).ticket
    position, estimate = selectors.ticket_wait(ticket)
    assert position == 2 and estimate.estimator == "simulation"
    assert selectors.ticket_outlook(ticket) == (2, estimate.seconds)
    from displays.state import ticket_tracking

    tracked = ticket_tracking(ticket, "en")
    assert tracked["estimated_wait_seconds"] == estimate.seconds
    assert tracked["wait_range_minutes"] == list(estimate.minutes_range)


def test_the_kiosk_api_gives_each_service_its_range(client, centre, passport, licence, carol):
    engine.counter_open(counter=Counter.objects.create(centre=centre, number=1), staff=carol)
    issue(licence, 2)
    body = {s["code"]: s for s in client.get("/api/v1/centres/amman/services/").json()}
    assert body["licence-renewal"]["wait_range_minutes"] == [5, 20]
    assert body["passport-renewal"]["wait_range_minutes"] is None
