"""Remote places ("join the queue from home") in the daily figures of the fixture day: the
share of visits from home, how many places were checked in or lapsed, and how long before
their call the citizens checked in, against hand-computed values; stored by the daily
aggregation and computed as indicators.

 place  state                                        counts as
 P1     checked in 09:40, called 09:52 at counter 2  place, checked in, visit from home,
                                                      12 min before its call
 P2     expired                                      place, lapsed
 P3     still pending past its time                  place, lapsed
 P4     cancelled                                    not counted
"""

import pytest

from appointments.models import RemoteTicket
from queueing import engine
from scorecard.aggregation import aggregate_day
from scorecard.indicators import INDICATORS, appointment_summary
from scorecard.models import CentreDay, CentreMonth
from scorecard.periods import parse_period
from scorecard.selectors import appointment_figures, period_sums
from tests.scorecard.conftest import DAY, at, next_day

pytestmark = pytest.mark.django_db


def place(centre, service, n, status, ticket=None):
    return RemoteTicket.objects.create(
        centre=centre,
        service=service,
        service_day=DAY,
        phone=f"+96279000001{n}",
        reference_digest=f"digest-{n}",
        token=f"token-{n}",
        created_at=at(9),
        expires_at=at(10),
        status=status,
        ticket=ticket,
        checked_in_at=at(9, 40) if ticket else None,
    )


@pytest.fixture
def remote_day(fixture_day, centre, passport, counter2, bob):
    ticket = engine.ticket_issue(
        centre=centre,
        service_codes=[passport.code],
        channel="remote",
        place_held=True,
        queue_since=at(9),
        now=at(9, 40),
    ).ticket
    place(centre, passport, 1, "checked_in", ticket)
    # Counter 2 is closed in the day's final state: bob opens it again to call the ticket.
    engine.counter_open(counter=counter2, staff=bob, now=at(9, 50))
    called = engine.ticket_call_next(counter=counter2, staff=bob, now=at(9, 52))
    assert called == ticket
    place(centre, passport, 2, "expired")
    place(centre, passport, 3, "pending")
    place(centre, passport, 4, "cancelled")
    aggregate_day(DAY, [centre], now=next_day(12))
    return centre


def test_the_daily_row_holds_the_remote_figures(remote_day):
    row = CentreDay.objects.get(centre=remote_day, day=DAY)
    assert (row.visits_remote, row.visits) == (1, 7)
    assert (row.remote_places, row.remote_checked_in, row.remote_expired) == (3, 1, 2)
    assert (row.remote_called, row.remote_lead_sum) == (1, 12 * 60)
    month = CentreMonth.objects.get(centre=remote_day)
    assert (month.remote_places, month.remote_checked_in, month.visits_remote) == (3, 1, 1)
    assert (month.remote_called, month.remote_lead_sum) == (1, 12 * 60)


def test_the_indicators_compute_the_shares(remote_day):
    sums = period_sums(parse_period(DAY.isoformat()), [remote_day.pk])[remote_day.pk]
    assert INDICATORS["visits_remote_share"].compute(sums)[0] == pytest.approx(100 / 7)
    assert INDICATORS["remote_arrival_rate"].compute(sums)[0] == pytest.approx(100 / 3)
    assert appointment_summary(sums)["remote_arrival_rate"] == pytest.approx(100 / 3)
    assert INDICATORS["remote_lapse_rate"].compute(sums) == (pytest.approx(200 / 3), 3)
    assert INDICATORS["remote_check_in_lead"].compute(sums) == (pytest.approx(12), 1)
    assert appointment_summary(sums)["remote_check_in_lead"] == pytest.approx(12)


def test_the_dashboard_figures_read_the_same_day(remote_day):
    figures = appointment_figures(remote_day, parse_period(DAY.isoformat()))
    assert figures["remote_lapse_rate"] == pytest.approx(200 / 3)
    assert figures["remote_check_in_lead"] == pytest.approx(12)


def test_a_place_not_yet_called_has_no_lead(fixture_day, centre, passport):
    ticket = engine.ticket_issue(
        centre=centre,
        service_codes=[passport.code],
        channel="remote",
        place_held=True,
        queue_since=at(9),
        now=at(9, 40),
    ).ticket
    place(centre, passport, 6, "checked_in", ticket)
    aggregate_day(DAY, [centre], now=at(9, 45))
    row = CentreDay.objects.get(centre=centre, day=DAY)
    assert (row.remote_checked_in, row.remote_called, row.remote_lead_sum) == (1, 0, 0)
    sums = period_sums(parse_period(DAY.isoformat()), [centre.pk])[centre.pk]
    assert INDICATORS["remote_check_in_lead"].compute(sums) == (None, 0)


def test_a_place_still_valid_is_not_counted_as_lapsed(fixture_day, centre, passport):
    place(centre, passport, 5, "pending")
    aggregate_day(DAY, [centre], now=at(9, 30))
    row = CentreDay.objects.get(centre=centre, day=DAY)
    assert (row.remote_places, row.remote_checked_in, row.remote_expired) == (1, 0, 0)
