"""Every figure of the fixture day (see conftest) against its hand-computed value."""

import pytest

from centre.models import Centre
from scorecard import metrics
from tests.scorecard.conftest import DAY, next_day

# Waits (s): passport 600, 600, 1500, 300; licence 60; id-card 60, 720.
CENTRE = {
    "arrivals": 8,
    "called": 7,
    "served": 5,
    "resolved": 4,
    "no_shows": 1,
    "walk_outs": 1,
    "cancelled": 0,
    "transfers": 1,
    "recalls": 1,
    "within_target": 6,
    "within_standard": 3,
    "wait_sum": 3840,
    "walk_n": 6,
    "walk_sum": 420,
    "service_n": 5,
    "service_sum": 2220,
    # sorted waits 60 60 300 600 600 720 1500: p90 at position 6.4 → 720 + 0.4·780
    "wait_p50": 600,
    "wait_p90": 1032,
    "walk_p50": 60,
    "walk_p90": 90,
    "service_p50": 480,
    "service_p90": 576,
    "visits": 6,
    "visits_done": 4,
    "visit_sum": 7680,
    "visit_p50": 2040,
    "visit_p90": 2310,
    # alice 07:55–12:00 + 12:30–16:00 + 23:45–24:00, bob 08:00–16:00
    "open_seconds": 14700 + 12600 + 900 + 28800,
    "serving_seconds": 2220,
    "peak_waiting": 3,
    "coverage_services": 3,
    "coverage_covered": 3,
    "charter_services": 3,
    "charter_met": 2,
    "wait_bin_01": 2,
    "wait_bin_04": 1,
    "wait_bin_06": 3,
    "wait_bin_09": 1,
    "wait_bin_00": 0,
}
SERVICES = {
    "passport-renewal": {
        "arrivals": 4,
        "called": 4,
        "served": 4,
        "resolved": 4,
        "within_target": 3,
        "within_standard": 2,
        "wait_sum": 3000,
        "wait_p50": 600,
        "wait_p90": 1230,
    },
    "licence-renewal": {
        "arrivals": 2,
        "called": 1,
        "served": 0,
        "transfers": 1,
        "walk_outs": 1,
        "within_target": 1,
        "wait_sum": 60,
        "service_n": 0,
    },
    "id-card": {
        "arrivals": 2,
        "called": 2,
        "served": 1,
        "resolved": 0,
        "no_shows": 1,
        "recalls": 1,
        "within_target": 2,
        "wait_p50": 390,
        "wait_p90": 654,
    },
}


@pytest.fixture
def figures(fixture_day, centre):
    return metrics.day_figures(DAY, [Centre.objects.get(pk=centre.pk)], now=next_day(12))[centre.pk]


def test_it_computes_every_centre_figure_of_the_day(figures):
    got = {key: figures.centre[key] for key in CENTRE}
    assert got == pytest.approx(CENTRE)


def test_it_splits_figures_by_service(figures, passport, licence, id_card):
    by_code = {
        passport.pk: "passport-renewal",
        licence.pk: "licence-renewal",
        id_card.pk: "id-card",
    }
    for service_id, row in figures.services.items():
        expected = SERVICES[by_code[service_id]]
        assert {k: row[k] for k in expected} == pytest.approx(expected), by_code[service_id]


def test_it_counts_arrivals_and_served_per_local_hour(figures):
    arrivals, served = figures.centre["arrivals_by_hour"], figures.centre["served_by_hour"]
    assert {h: n for h, n in enumerate(arrivals) if n} == {8: 4, 9: 1, 23: 1}
    # T5 finished at 00:25 on the 25th: it belongs to the 24th, at hour 0.
    assert {h: n for h, n in enumerate(served) if n} == {0: 1, 8: 3, 9: 1}


def test_it_splits_by_channel_and_priority(figures):
    channels = figures.centre["by_channel"]
    assert channels["appointment"] == {
        "arrivals": 1,
        "called": 1,
        "within_target": 1,
        "wait_sum": 300,
    }
    assert channels["kiosk"]["arrivals"] == 7
    assert figures.centre["by_priority"]["none"]["called"] == 7


def test_it_measures_an_appointment_wait_from_the_appointment(figures, passport):
    assert figures.services[passport.pk]["wait_sum"] == pytest.approx(600 + 600 + 1500 + 300)


def test_it_leaves_the_next_day_empty_of_the_late_ticket(fixture_day, centre):
    following = metrics.day_figures(DAY.replace(day=25), [centre], now=next_day(12))[centre.pk]
    assert following.centre["arrivals"] == 0
    assert following.centre["open_seconds"] == pytest.approx(30 * 60)


def test_it_interpolates_percentiles_as_percentile_cont(db):
    """PostgreSQL's own percentile_cont and the Python one used on SQLite give these exact
    values (position p·(n − 1) from 0, interpolated), so the two databases agree."""
    from django.db import connection

    values = [(1, v) for v in range(9, 0, -1)]  # 1..9
    values += [(2, v) for v in (15, 1, 13, 3, 11, 5, 9, 7)]  # 1, 3, ..., 15
    values += [(3, v) for v in range(1, 24, 3)] + [(3, None)]  # 1, 4, ..., 22; NULL ignored
    values += [(4, 42)]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE pct_check (g integer, v double precision)")
        cursor.executemany("INSERT INTO pct_check VALUES (%s, %s)", values)
    found = metrics.percentiles(metrics.Source("pct_check"), ["v"], "g")
    expected = {1: (5.0, 8.2), 2: (8.0, 13.6), 3: (11.5, 19.9), 4: (42.0, 42.0)}
    assert {key: (f["v_p50"], f["v_p90"]) for (key,), f in found.items()} == {
        key: pytest.approx(pair) for key, pair in expected.items()
    }
    for key, (p50, p90) in expected.items():
        ordered = sorted(float(v) for g, v in values if g == key and v is not None)
        assert metrics.percentile_cont(ordered, 0.5) == pytest.approx(p50)
        assert metrics.percentile_cont(ordered, 0.9) == pytest.approx(p90)
    assert metrics.percentile_cont([], 0.5) is None
