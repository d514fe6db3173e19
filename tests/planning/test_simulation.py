"""The simulation agrees with Erlang C where both apply, and follows the engine's routing."""

import statistics

import pytest

from planning import erlang
from planning.simulation import Demand, simulate

ONE_SERVICE = [Demand(service_id=1, arrivals_per_hour=24, service_seconds=300, target_minutes=5)]


def test_one_service_without_priorities_agrees_with_erlang_c():
    """Four independent runs of 600 hours: the waits are strongly correlated in time, so one
    run's mean wait is only good to about 8 %; the mean of four to about 4 %."""
    runs = [
        simulate(
            demand=ONE_SERVICE, counters=[frozenset({1})] * 3, hours=600, seed=seed
        ).by_service[1]
        for seed in range(4)
    ]
    facts = {"counters": 3, "load": 2.0, "service_seconds": 300.0}
    assert all(run.arrived > 12_000 for run in runs)
    assert statistics.fmean(run.service_level for run in runs) == pytest.approx(
        erlang.service_level(**facts, target_seconds=300), abs=0.02
    )
    assert statistics.fmean(run.mean_wait_seconds for run in runs) == pytest.approx(
        erlang.mean_wait_seconds(**facts), rel=0.1
    )


def test_the_same_seed_gives_the_same_citizens():
    first = simulate(demand=ONE_SERVICE, counters=[frozenset({1})] * 2, hours=3, seed=3)
    again = simulate(demand=ONE_SERVICE, counters=[frozenset({1})] * 2, hours=3, seed=3)
    assert first == again


def test_a_service_no_counter_is_certified_for_is_never_called():
    demand = [*ONE_SERVICE, Demand(2, arrivals_per_hour=6, service_seconds=300, target_minutes=5)]
    outcome = simulate(demand=demand, counters=[frozenset({1})] * 3, hours=2, seed=1)
    assert outcome.by_service[2].arrived > 0
    assert outcome.by_service[2].within_target == 0
    assert outcome.by_service[1].service_level > 0.7


def test_universal_counters_serve_a_mixed_hall_better_than_split_ones():
    demand = [
        Demand(1, arrivals_per_hour=30, service_seconds=300, target_minutes=10),
        Demand(2, arrivals_per_hour=6, service_seconds=300, target_minutes=10),
    ]
    split = [frozenset({1})] * 3 + [frozenset({2})]
    universal = [frozenset({1, 2})] * 4
    levels = [
        simulate(demand=demand, counters=counters, hours=200, seed=11).service_level
        for counters in (split, universal)
    ]
    assert levels[1] > levels[0] + 0.05


def test_priority_citizens_wait_less_than_the_others():
    demand = [
        Demand(1, arrivals_per_hour=22, service_seconds=300, target_minutes=5, priority_share=0.3)
    ]
    outcome = simulate(demand=demand, counters=[frozenset({1})] * 2, hours=300, seed=5)
    waits = outcome.by_service[1].by_rank
    assert waits[1].mean_wait_seconds < waits[0].mean_wait_seconds / 2
