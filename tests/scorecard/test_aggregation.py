"""The daily aggregates: idempotent, incremental, and equal to the live computation."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from queueing import engine
from scorecard import metrics
from scorecard.aggregation import aggregate_day, aggregate_pending
from scorecard.models import CentreDay, ServiceDay
from scorecard.periods import parse_period
from scorecard.selectors import period_sums
from tests.scorecard.conftest import DAY, at, next_day


def rows():
    centre_rows = list(CentreDay.objects.order_by("centre", "day").values())
    service_rows = list(ServiceDay.objects.order_by("centre", "day", "service").values())
    for row in centre_rows + service_rows:
        row.pop("id")
    return centre_rows, service_rows


def test_it_gives_identical_rows_when_a_day_is_rerun(fixture_day, centre):
    aggregate_day(DAY, [centre], now=next_day(12))
    first = rows()
    call_command("aggregate_daily", day=[DAY.isoformat()], stdout=io.StringIO())
    assert rows() == first
    assert len(first[0]) == 1 and len(first[1]) == 3


def test_it_stores_what_the_live_computation_gives(fixture_day, centre):
    aggregate_day(DAY, [centre], now=next_day(12))
    live = metrics.day_figures(DAY, [centre], now=next_day(12))[centre.pk]
    stored = CentreDay.objects.filter(centre=centre, day=DAY).values().get()
    assert {k: stored[k] for k in live.centre} == live.centre
    summed = period_sums(parse_period(DAY.isoformat()))[centre.pk]
    assert summed["wait_sum"] == pytest.approx(live.centre["wait_sum"])
    assert summed["within_target"] == live.centre["within_target"]


def test_it_redoes_only_the_days_touched_since_the_last_run(
    fixture_day, centre, run, counter, alice
):
    aggregate_pending(now=next_day(1))
    day_row = CentreDay.objects.get(centre=centre, day=DAY)
    issue = dict(centre=centre, service_codes=["id-card"])
    run(engine.ticket_issue, **issue, now=next_day(10))
    aggregate_pending(now=next_day(11))
    assert CentreDay.objects.get(centre=centre, day=DAY).pk == day_row.pk  # untouched
    assert CentreDay.objects.get(centre=centre, day=DAY + dt.timedelta(days=1)).visits == 1


def test_it_reaggregates_the_day_of_a_late_event(fixture_day, centre, run, counter, alice):
    late = run(engine.ticket_issue, centre=centre, service_codes=["id-card"], now=at(23, 58)).ticket
    aggregate_pending(now=next_day(0, 1))
    before = CentreDay.objects.get(centre=centre, day=DAY)
    assert (before.visits, before.served) == (7, 5)  # the late ticket waits
    run(engine.counter_open, counter=counter, staff=alice, now=next_day(0, 40))
    run(engine.ticket_call_specific, counter=counter, staff=alice, ticket=late, now=next_day(0, 41))
    run(engine.ticket_complete, counter=counter, staff=alice, now=next_day(0, 50))
    aggregate_pending(now=next_day(2))
    row = CentreDay.objects.get(centre=centre, day=DAY)
    assert (row.visits, row.served) == (7, 6)


def test_it_keeps_the_monthly_rollup_equal_to_the_days(fixture_day, centre):
    aggregate_day(DAY, [centre], now=next_day(12))
    by_month = period_sums(parse_period("2026-11"))[centre.pk]
    by_days = period_sums(parse_period("2026-W48"))[centre.pk]
    assert by_month == by_days and by_month["served"] == 5
