"""Booked appointments in the planner's simulation: they come around their booked time,
queue by it in the appointment class, and are counted apart from walk-ins."""

from planning.simulation import Booked, Demand, Punctuality, merged, simulate_hours

HOURS = 6
WALK_INS = [Demand(service_id=1, arrivals_per_hour=8, service_seconds=300, target_minutes=10)]


def _slots(every_seconds: float, *, window: float, per_slot: int = 1) -> list[Booked]:
    starts = [k * every_seconds for k in range(int(HOURS * 3600 // every_seconds))]
    return [Booked(service_id=1, at_seconds=t, window_seconds=window) for t in starts] * per_slot


def _day(counters: int, booked=(), punctuality=None, seeds=range(1, 6)):
    return merged(
        [
            out
            for seed in seeds
            for out in simulate_hours(
                periods=[WALK_INS] * HOURS,
                counters=[frozenset({1})] * counters,
                seed=seed,
                booked=booked,
                punctuality=punctuality,
            )
        ]
    )


def test_adding_appointments_lowers_the_walk_in_service_level():
    alone = _day(1)
    booked = _day(1, _slots(900, window=900), Punctuality(spread_seconds=300, no_show=0.1))
    assert alone.appointments.arrived == 0
    # The appointments are counted apart from the walk-ins.
    assert booked.service_level is not None and alone.service_level is not None
    assert booked.service_level < alone.service_level - 0.1
    assert 0 < booked.appointments.arrived < HOURS * 4 * 5  # some did not come


def test_a_punctual_appointment_waits_no_more_than_its_slot_when_capacity_allows():
    # Three counters, one appointment every 20 minutes, and a walk-in rush the counters
    # cannot keep up with: the walk-ins wait long, the appointments do not.
    rush = [Demand(service_id=1, arrivals_per_hour=40, service_seconds=300, target_minutes=10)]
    punctual = Punctuality(spread_seconds=0, no_show=0)
    outcomes = [
        out
        for seed in range(1, 6)
        for out in simulate_hours(
            periods=[rush] * HOURS,
            counters=[frozenset({1})] * 3,
            seed=seed,
            booked=_slots(1200, window=1200),
            punctuality=punctual,
        )
    ]
    day = merged(outcomes)
    assert day.appointments.arrived == HOURS * 3 * 5
    assert day.appointments.longest_wait_seconds <= 1200
    assert day.appointment_level == 1.0
    assert day.by_service[1].longest_wait_seconds > 3600  # the walk-ins did wait
