"""Scoring: clamped indicators, redistributed missing dimensions, star bands, caps and ties."""

import datetime as dt

import pytest

from scorecard.errors import ScorecardError
from scorecard.models import WAIT_BINS, Dimension, Framework
from scorecard.scoring import competition_ranks, indicator_score, score_sums
from scorecard.selectors import load_framework

pytestmark = pytest.mark.django_db


def timeliness(level: float, called: int = 100) -> dict:
    """Sums where only Timeliness (B) has data: `level` % called within target, short waits."""
    within = round(called * level / 100)
    return {
        "called": called,
        "within_target": within,
        "arrivals": called,
        "walk_outs": 0,
        "service_n": called,
        "within_standard": called,
        WAIT_BINS[3]: called,
    }


def dims(result) -> dict:
    return {d["code"]: d for d in result["dimensions"]}


def test_it_clamps_indicator_scores_and_reads_inverted_floors():
    assert indicator_score(70, 50, 90) == 50
    assert indicator_score(120, 50, 90) == 100
    assert indicator_score(30, 60, 15) == pytest.approx(100 * 30 / 45)  # waits: lower is better
    assert indicator_score(90, 60, 15) == 0


def test_it_redistributes_the_weight_of_dimensions_without_data():
    result = score_sums(load_framework(), timeliness(100))
    by_code = dims(result)
    assert by_code["A"]["score"] is None and by_code["A"]["effective_weight"] == 0
    assert by_code["B"]["effective_weight"] == 100
    assert result["score"] == by_code["B"]["score"] == 100


def test_it_scores_nothing_when_no_dimension_has_data():
    result = score_sums(load_framework(), {})
    assert (result["score"], result["stars"]) == (None, None)


@pytest.mark.parametrize(
    ("score", "stars"), [(95, 7), (94.9, 6), (90, 6), (85, 5), (75, 4), (65, 3), (64.9, 2)]
)
def test_it_gives_stars_by_band(score, stars):
    framework = Framework.objects.get(is_default=True)
    framework.caps.all().delete()
    spec = load_framework()
    # Service level x scores 100·(x − 50)/40: pick x for the wanted composite.
    level = 50 + 40 * score / 100
    result = score_sums(spec, {"called": 100000, "within_target": round(1000 * level)})
    assert result["score"] == pytest.approx(score, abs=0.01)
    assert result["stars"] == stars


def test_it_caps_stars_when_the_service_level_is_under_80_or_surveys_are_few():
    result = score_sums(load_framework(), timeliness(79.9, called=1000))
    assert result["score"] > 65
    assert result["stars"] <= 4
    caps = {(c["kind"], c["metric"]) for c in result["capped_by"]}
    assert caps == {("value_below", "service_level"), ("sample_below", "csat")}  # no survey answers


def test_it_refuses_six_or_seven_stars_when_a_dimension_is_under_80():
    Framework.objects.get(is_default=True).caps.exclude(kind="dimension_below").delete()
    # B scores 100 (weight 25), E scores 70 (registry 85 % complete, weight 10): 91.4.
    sums = {**timeliness(100), "registry_services": 20, "registry_complete": 17}
    result = score_sums(load_framework(), sums)
    assert dims(result)["E"]["score"] == pytest.approx(70)
    assert result["score"] == pytest.approx((100 * 25 + 70 * 10) / 35)
    assert result["stars"] == 5 and [c["kind"] for c in result["capped_by"]] == ["dimension_below"]


def test_it_flags_small_samples():
    result = score_sums(load_framework(), timeliness(100, called=29))
    flagged = {
        i["metric"] for d in result["dimensions"] for i in d["indicators"] if i["small_sample"]
    }
    assert "service_level" in flagged and result["small_sample"]
    enough = score_sums(load_framework(), timeliness(100, called=30))
    assert not dims(enough)["B"]["indicators"][0]["small_sample"]


def test_it_ranks_ties_equally_and_skips_the_next_rank():
    ranks = competition_ranks({1: 90.04, 2: 90.01, 3: 95.0, 4: 80.0, 5: None})
    assert ranks == {3: 1, 1: 2, 2: 2, 4: 4}


def test_it_refuses_a_framework_whose_weights_do_not_sum_to_100():
    Dimension.objects.filter(framework__is_default=True, code="A").update(weight=30)
    with pytest.raises(ScorecardError) as refused:
        load_framework()
    assert refused.value.code == "framework_invalid"
    assert "95" in refused.value.detail


def test_it_refuses_an_unknown_framework():
    with pytest.raises(ScorecardError) as refused:
        load_framework("no-such-framework")
    assert refused.value.status == 404


def test_it_reads_whole_months_from_the_monthly_rollup_and_the_rest_from_days():
    from scorecard.periods import parse_period, split_months

    assert split_months(parse_period("2026-Q4")) == (
        [dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)],
        [],
    )
    assert split_months(parse_period("2026-W49")) == (
        [],
        [
            (dt.date(2026, 11, 30), dt.date(2026, 11, 30)),
            (dt.date(2026, 12, 1), dt.date(2026, 12, 6)),
        ],
    )
