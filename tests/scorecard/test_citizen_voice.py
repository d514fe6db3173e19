"""Feedback, complaints and evaluations reach the day's figures and the scorecard dimensions."""

import pytest

from feedback.models import CitizenRequest, Evaluation, EvaluationTemplate, ServiceFeedback
from scorecard.aggregation import aggregate_day
from scorecard.periods import parse_period
from scorecard.selectors import load_framework, national
from tests.scorecard.conftest import DAY, at, next_day


@pytest.fixture
def voices(fixture_day, centre, passport):
    for ticket, satisfaction, recommend in (("t1", 5, 10), ("t2", 4, 7), ("t6", 2, 3)):
        ServiceFeedback.objects.create(
            ticket=fixture_day[ticket],
            centre=centre,
            service=passport,
            satisfaction=satisfaction,
            recommend=recommend,
            channel="tablet",
            submitted_at=at(10),
        )
    CitizenRequest.objects.create(
        reference="C-1",
        kind="complaint",
        body="…",
        centre=centre,
        received_at=at(9),
        due_at=at(17),
        answered_at=at(16),
    )
    CitizenRequest.objects.create(
        reference="C-2",
        kind="complaint",
        body="…",
        centre=centre,
        received_at=at(11),
        due_at=next_day(17),
    )
    CitizenRequest.objects.create(
        reference="S-1",
        kind="suggestion",
        body="…",
        centre=centre,
        received_at=at(11),
        due_at=at(18),
    )
    template = EvaluationTemplate.objects.create(name_ar="قائمة", name_en="Checklist")
    Evaluation.objects.create(
        template=template, centre=centre, kind="mystery_shopper", score=80, visited_on=DAY
    )
    aggregate_day(DAY, [centre], now=next_day(12))


def test_it_counts_csat_nps_complaints_and_evaluations(voices, centre):
    (row,) = national(parse_period("2026-11-24"), load_framework())
    sums = {i["metric"]: (i["value"], i["n"]) for d in row["dimensions"] for i in d["indicators"]}
    assert sums["csat"] == (pytest.approx(100 * 2 / 3), 3)
    assert sums["nps"] == (pytest.approx(0), 3)  # one promoter, one detractor
    assert sums["complaints_on_time"] == (100, 1)
    assert sums["complaints_per_10k"] == (pytest.approx(2 / 6 * 10000), 6)
    assert sums["mystery_shopper"] == (80, 1)
    assert sums["volunteer_visitor"] == (None, 0)
    dims = {d["code"]: d for d in row["dimensions"]}
    assert dims["C"]["score"] == pytest.approx(80) and dims["C"]["effective_weight"] == 20
