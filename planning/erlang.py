"""Erlang C: the closed-form answer for a pool of identical counters fed by random arrivals.

Used as the planner's fast answer (how many counters an hour needs) and as the yardstick the
simulation is checked against. It assumes one first-come-first-served queue, Poisson arrivals,
exponential service and patient citizens; priorities, bundles and partial certification are
left to `planning.simulation`.

    A      offered load in erlangs = arrivals per second × mean service seconds
    C(N,A) probability that a citizen waits at all, with N counters
    P(W ≤ t) = 1 − C(N,A) · exp(−(N − A) · t / S)
"""

import math


def offered_load(*, arrivals_per_hour: float, service_seconds: float) -> float:
    return arrivals_per_hour * service_seconds / 3600.0


def probability_of_waiting(*, counters: int, load: float) -> float:
    """Erlang C, from Erlang B's stable recurrence (no factorials, no overflow)."""
    if load <= 0:
        return 0.0
    if counters <= load:
        return 1.0
    blocking = 1.0
    for k in range(1, counters + 1):
        blocking = load * blocking / (k + load * blocking)
    return counters * blocking / (counters - load * (1 - blocking))


def service_level(*, counters: int, load: float, service_seconds: float, target_seconds: float):
    """Share of citizens called within `target_seconds` of arriving."""
    if load <= 0:
        return 1.0
    if counters <= load:
        return 0.0
    waits = probability_of_waiting(counters=counters, load=load)
    return 1.0 - waits * math.exp(-(counters - load) * target_seconds / service_seconds)


def mean_wait_seconds(*, counters: int, load: float, service_seconds: float) -> float:
    if load <= 0:
        return 0.0
    if counters <= load:
        return math.inf
    waits = probability_of_waiting(counters=counters, load=load)
    return waits * service_seconds / (counters - load)


def counters_needed(
    *, load: float, service_seconds: float, target_seconds: float, target_level: float
) -> int:
    """The fewest counters that call `target_level` of citizens within `target_seconds`.

    Starts from the square-root staffing rule (A + √A, rounded down) less a margin, so the
    walk up is a few steps whatever the load."""
    if load <= 0:
        return 0
    counters = max(1, math.floor(load + math.sqrt(load)) - 2, math.floor(load) + 1)
    while (
        service_level(
            counters=counters,
            load=load,
            service_seconds=service_seconds,
            target_seconds=target_seconds,
        )
        < target_level
    ):
        counters += 1
    while (
        counters > 1
        and service_level(
            counters=counters - 1,
            load=load,
            service_seconds=service_seconds,
            target_seconds=target_seconds,
        )
        >= target_level
    ):
        counters -= 1
    return counters
