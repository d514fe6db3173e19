"""A recorded day with a known answer: six citizens at 09:00, one counter, ten minutes each."""

import datetime as dt
import zoneinfo

import pytest
from django.core.management import call_command

from centre.models import CentreService
from planning.backtest import backtest, replay_day
from queueing import engine
from tests.conftest import make_service

AMMAN = zoneinfo.ZoneInfo("Asia/Amman")
DAY = dt.date(2026, 11, 25)


def at(hour, minute, second=0):
    return dt.datetime.combine(DAY, dt.time(hour, minute, second), tzinfo=AMMAN)


@pytest.fixture
def recorded_day(centre, civil, counter, alice):
    service = make_service("ten-minutes", civil, standard=10, target=30)
    CentreService.objects.create(centre=centre, service=service, letter="T")
    engine.ticket_issue(centre=centre, service_codes=[service.code], now=at(8, 50))  # no counter
    engine.counter_open(counter=counter, staff=alice, now=at(8, 55))
    for k in range(6):
        engine.ticket_issue(centre=centre, service_codes=[service.code], now=at(9, 0, k))
    moment = at(8, 59)
    engine.ticket_call_next(counter=counter, staff=alice, now=moment)  # the 08:50 citizen
    engine.ticket_complete(counter=counter, staff=alice, now=moment)
    moment = at(9, 0, 10)
    for _ in range(6):
        engine.ticket_call_next(counter=counter, staff=alice, now=moment)
        engine.ticket_start(counter=counter, staff=alice, now=moment)
        moment += dt.timedelta(minutes=10)
        engine.ticket_complete(counter=counter, staff=alice, now=moment)
    return centre


def test_the_pool_rule_knows_the_answer_and_the_zms_rule_is_a_fifth_short(recorded_day):
    scores = replay_day(recorded_day, DAY, every_minutes=10)
    pool, zms = scores[("pool", "issue")], scores[("zms", "issue")]
    assert pool.n == zms.n == 6
    # Waits were 10 s, 10 min, …, 50 min; the pool rule says 0, 10, …, 50 min.
    assert pool.mae_minutes == pytest.approx(7.5 / 60, abs=0.01)
    # The ZMS rule takes 80 % of that: off by 0, 2, …, 10 minutes (and the same seconds).
    assert zms.mae_minutes == pytest.approx(5.0 + 7.5 / 60, abs=0.01)
    # The last citizen called before 09:00 had waited 9 minutes: a burst catches that rule out.
    waits = [600 * k + 10 - k for k in range(6)]
    expected = sum(abs(540 - w) for w in waits) / 6 / 60
    assert scores[("last_called", "issue")].mae_minutes == pytest.approx(expected)


def test_nobody_gets_an_estimate_before_a_counter_opens(recorded_day):
    scores = replay_day(recorded_day, DAY)
    assert scores[("pool", "issue")].unknown == 1  # the 08:50 citizen
    assert scores[("pool", "waiting")].n > 0


def test_an_empty_period_scores_nothing(centre):
    assert backtest(centre, DAY, DAY + dt.timedelta(days=2)) == {}


def test_the_command_prints_each_estimator(recorded_day, capsys):
    call_command("backtest_estimates", centre="amman", first=DAY, last=DAY)
    out = capsys.readouterr().out
    assert "zms" in out and "pool" in out and "last_called" in out
