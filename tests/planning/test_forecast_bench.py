"""The forecast bench's comparison runs on a tiny recorded history (so it cannot rot)."""

import argparse
import datetime as dt
import math
import random

import pytest

pytest.importorskip("statsmodels")

from bench.forecast import METHODS, calendar_history, compare
from bench.planning import _plan_fixture
from planning.forecast import RAMADAN, day_kind


@pytest.mark.django_db
def test_every_method_forecasts_every_open_day_and_closed_days_are_not_scored():
    random.seed(1)
    centre, _day = _plan_fixture(argparse.Namespace(services=4, counters=2, per_day=0))
    first, last = dt.date(2026, 2, 1), dt.date(2026, 3, 24)
    closed = calendar_history(
        centre=centre, first=first, last=last, per_day=30, noise=0.1, rng=random.Random(1)
    )
    days = [last - dt.timedelta(days=k) for k in reversed(range(8))]
    assert any(day_kind(d) == RAMADAN for d in days) and any(d in closed for d in days)

    scores = compare(centre=centre, first=first, days=days)

    open_days = [d for d in days if d not in closed]
    assert set(scores) == set(METHODS)
    for name, score in scores.items():
        assert score.days == len(open_days), name
        assert score.failed == 0, name
        assert score.errors and math.isfinite(score.mae) and score.mae >= 0, name
    # Every method is scored on the same hours.
    assert len({len(score.errors) for score in scores.values()}) == 1
