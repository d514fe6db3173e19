import math

import pytest

from planning import erlang


def direct_erlang_c(counters: int, load: float) -> float:
    """The textbook formula with factorials, as an independent check of the recurrence."""
    top = load**counters / math.factorial(counters) * counters / (counters - load)
    return top / (sum(load**k / math.factorial(k) for k in range(counters)) + top)


@pytest.mark.parametrize(
    ("counters", "load", "expected"),
    [(3, 2.0, 4 / 9), (2, 1.0, 1 / 3), (1, 0.5, 0.5)],
)
def test_probability_of_waiting_matches_hand_computed_values(counters, load, expected):
    assert erlang.probability_of_waiting(counters=counters, load=load) == pytest.approx(expected)


@pytest.mark.parametrize("counters", [2, 5, 12, 30])
@pytest.mark.parametrize("utilisation", [0.3, 0.7, 0.95])
def test_probability_of_waiting_matches_the_factorial_formula(counters, utilisation):
    load = counters * utilisation
    assert erlang.probability_of_waiting(counters=counters, load=load) == pytest.approx(
        direct_erlang_c(counters, load), rel=1e-9
    )


def test_service_level_and_mean_wait_for_three_counters_at_two_erlangs():
    facts = {"counters": 3, "load": 2.0, "service_seconds": 300.0}
    assert erlang.service_level(**facts, target_seconds=0) == pytest.approx(5 / 9)
    assert erlang.service_level(**facts, target_seconds=300) == pytest.approx(
        1 - 4 / 9 * math.exp(-1)
    )
    assert erlang.mean_wait_seconds(**facts) == pytest.approx(4 / 9 * 300)


def test_an_overloaded_pool_calls_nobody_in_time():
    assert erlang.service_level(counters=2, load=2.0, service_seconds=60, target_seconds=600) == 0
    assert erlang.mean_wait_seconds(counters=2, load=2.5, service_seconds=60) == math.inf
    assert erlang.probability_of_waiting(counters=1, load=0) == 0


@pytest.mark.parametrize("load", [0.2, 1.0, 4.5, 17.0, 60.0])
@pytest.mark.parametrize("target_level", [0.8, 0.95])
def test_counters_needed_is_the_fewest_that_meet_the_target(load, target_level):
    facts = {"load": load, "service_seconds": 600.0, "target_seconds": 900.0}
    needed = erlang.counters_needed(**facts, target_level=target_level)
    assert erlang.service_level(counters=needed, **facts) >= target_level
    assert needed == 1 or erlang.service_level(counters=needed - 1, **facts) < target_level


def test_no_demand_needs_no_counter():
    assert (
        erlang.counters_needed(load=0, service_seconds=600, target_seconds=900, target_level=0.8)
        == 0
    )
