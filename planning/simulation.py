"""A discrete-event simulation of a centre's hall under the engine's own routing policy.

Erlang C assumes one queue and identical counters. A centre has priority classes, several
services with different charter targets, and counters whose employees are certified for some
services only; the engine chooses among them with `queueing.routing.choose_groups`. The
simulation replays random arrivals against that same function, so a what-if ("two more
universal employees") is answered by the policy the centre really runs.

Arrivals are Poisson and service times exponential, as in Erlang C, so that the two agree
where both apply (one service, no priorities); `tests/planning` holds that check.
SimPy schedules the events; the choice of whom to call is the engine's.
"""

import dataclasses
import datetime as dt
import random
from collections import defaultdict, deque

import simpy

from queueing.routing import CandidateGroup, choose_groups

_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclasses.dataclass(frozen=True)
class Demand:
    """One service's traffic in the simulated period."""

    service_id: int
    arrivals_per_hour: float
    service_seconds: float
    target_minutes: int
    priority_share: float = 0.0


@dataclasses.dataclass
class Tally:
    arrived: int = 0
    within_target: int = 0
    total_wait_seconds: float = 0.0

    def add(self, waited: float, *, within: bool) -> None:
        self.arrived += 1
        self.total_wait_seconds += waited
        self.within_target += within

    @property
    def service_level(self) -> float | None:
        return self.within_target / self.arrived if self.arrived else None

    @property
    def mean_wait_seconds(self) -> float | None:
        return self.total_wait_seconds / self.arrived if self.arrived else None


@dataclasses.dataclass
class ServiceOutcome(Tally):
    by_rank: dict[int, Tally] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Outcome:
    by_service: dict[int, ServiceOutcome]

    @property
    def service_level(self) -> float | None:
        arrived = sum(o.arrived for o in self.by_service.values())
        within = sum(o.within_target for o in self.by_service.values())
        return within / arrived if arrived else None


class _Hall:
    def __init__(self, env, *, demand, counters, rng, warmup, stop):
        self.env = env
        self.rng = rng
        self.warmup = warmup
        self.stop = stop
        self.demand = {d.service_id: d for d in demand}
        self.targets = {d.service_id: d.target_minutes for d in demand}
        self.queues: dict[tuple[int, int], deque[float]] = defaultdict(deque)
        self.idle: list[tuple[frozenset[int], simpy.Event]] = []
        self.outcomes = {d.service_id: ServiceOutcome() for d in demand}
        for d in demand:
            if d.arrivals_per_hour > 0:
                env.process(self._arrivals(d))
        for services in counters:
            env.process(self._counter(frozenset(services)))

    def _arrivals(self, demand: Demand):
        rate = demand.arrivals_per_hour / 3600.0
        while True:
            yield self.env.timeout(self.rng.expovariate(rate))
            if self.env.now >= self.stop:
                return
            rank = 1 if self.rng.random() < demand.priority_share else 0
            self.queues[(demand.service_id, rank)].append(self.env.now)
            self._wake(demand.service_id)

    def _wake(self, service_id: int) -> None:
        for i, (services, event) in enumerate(self.idle):
            if service_id in services:
                del self.idle[i]
                event.succeed()
                return

    def _pick(self, services: frozenset[int]) -> tuple[int, int, float] | None:
        now = _EPOCH + dt.timedelta(seconds=self.env.now)
        groups = [
            CandidateGroup(
                service_id=service_id,
                priority_rank=rank,
                at_front=False,
                oldest=_EPOCH + dt.timedelta(seconds=queue[0]),
                waiting=len(queue),
            )
            for (service_id, rank), queue in self.queues.items()
            if queue and service_id in services
        ]
        if not groups:
            return None
        best = choose_groups(groups, targets=self.targets, profile=None, now=now)[0]
        queue = self.queues[(best.service_id, best.priority_rank)]
        return best.service_id, best.priority_rank, queue.popleft()

    def _counter(self, services: frozenset[int]):
        while True:
            picked = self._pick(services)
            if picked is None:
                woken = self.env.event()
                self.idle.append((services, woken))
                yield woken
                continue
            service_id, rank, arrived = picked
            self._record(service_id, rank, arrived, self.env.now - arrived)
            demand = self.demand[service_id]
            yield self.env.timeout(self.rng.expovariate(1.0 / demand.service_seconds))

    def _record(self, service_id: int, rank: int, arrived: float, waited: float) -> None:
        if arrived < self.warmup:
            return
        within = waited <= self.targets[service_id] * 60
        outcome = self.outcomes[service_id]
        outcome.add(waited, within=within)
        outcome.by_rank.setdefault(rank, Tally()).add(waited, within=within)

    def record_unserved(self) -> None:
        """Citizens still waiting when the clock stops count with the wait they have had."""
        for (service_id, rank), queue in self.queues.items():
            for arrived in queue:
                self._record(service_id, rank, arrived, self.env.now - arrived)


def simulate(
    *,
    demand: list[Demand],
    counters: list[frozenset[int]],
    hours: float,
    seed: int,
    warmup_hours: float = 0.5,
    drain_hours: float = 4.0,
) -> Outcome:
    """Run `hours` of arrivals (after a warm-up that is not counted) and serve everyone who
    arrived, for at most `drain_hours` more. The same seed gives the same outcome, so two
    staffing options compare on the same citizens."""
    env = simpy.Environment()
    warmup = warmup_hours * 3600.0
    stop = warmup + hours * 3600.0
    hall = _Hall(
        env, demand=demand, counters=counters, rng=random.Random(seed), warmup=warmup, stop=stop
    )
    env.run(until=stop + drain_hours * 3600.0)
    hall.record_unserved()
    return Outcome(by_service=hall.outcomes)
