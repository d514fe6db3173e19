"""A discrete-event simulation of a centre's hall under the engine's own routing policy.

Erlang C assumes one queue and identical counters. A centre has priority classes, several
services with different charter targets, and counters whose employees are certified for some
services only; the engine chooses among them with `queueing.routing.choose_groups`. The
simulation replays random arrivals against that same function, so a what-if ("two more
universal employees") is answered by the policy the centre really runs.

Arrivals are Poisson and service times exponential, as in Erlang C, so that the two agree
where both apply (one service, no priorities); `tests/planning` holds that check.
SimPy schedules the events; the choice of whom to call is the engine's.

Booked appointments (`Booked`) arrive around their booked time (`Punctuality`: a spread, a
no-show share, the check-in window) and queue as the engine queues them: in the
appointment class, by their booked time, so one checked in early is not due until then
(docs/engine.md, "Appointments"). One who comes after the grace period is a walk-in.
Walk-ins and appointments are counted apart: a walk-in against its service's charter target,
an appointment against its slot, from max(check-in, booked time).
"""

import bisect
import dataclasses
import datetime as dt
import heapq
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


APPOINTMENT_RANK = 1  # the default rank of the `appointment` priority class


@dataclasses.dataclass(frozen=True)
class Booked:
    """One booked appointment: its booked time in seconds from the start of the first
    simulated hour, and its slot's length (the wait it is promised at most)."""

    service_id: int
    at_seconds: float
    window_seconds: float


@dataclasses.dataclass(frozen=True)
class Punctuality:
    """How booked citizens come: arrival = booked time + a normal deviation of
    `spread_seconds`, not before check-in opens (`early_seconds` ahead); a share `no_show`
    never comes; one later than `grace_seconds` takes a walk-in ticket."""

    spread_seconds: float = 300.0
    no_show: float = 0.0
    early_seconds: float = 1800.0
    grace_seconds: float = 600.0
    rank: int = APPOINTMENT_RANK


WALK_IN, APPOINTMENT = 0, 1


@dataclasses.dataclass
class Tally:
    arrived: int = 0
    within_target: int = 0
    total_wait_seconds: float = 0.0
    longest_wait_seconds: float = 0.0

    def add(self, waited: float, *, within: bool) -> None:
        self.arrived += 1
        self.total_wait_seconds += waited
        self.within_target += within
        self.longest_wait_seconds = max(self.longest_wait_seconds, waited)

    def absorb(self, other: "Tally") -> None:
        self.arrived += other.arrived
        self.within_target += other.within_target
        self.total_wait_seconds += other.total_wait_seconds
        self.longest_wait_seconds = max(self.longest_wait_seconds, other.longest_wait_seconds)

    @property
    def service_level(self) -> float | None:
        return self.within_target / self.arrived if self.arrived else None

    @property
    def mean_wait_seconds(self) -> float | None:
        return self.total_wait_seconds / self.arrived if self.arrived else None


@dataclasses.dataclass
class ServiceOutcome(Tally):
    """A service's walk-ins (by priority rank too) and, apart, its appointments."""

    by_rank: dict[int, Tally] = dataclasses.field(default_factory=dict)
    appointments: Tally = dataclasses.field(default_factory=Tally)

    def absorb(self, other: Tally) -> None:
        super().absorb(other)
        for rank, tally in getattr(other, "by_rank", {}).items():
            self.by_rank.setdefault(rank, Tally()).absorb(tally)
        if isinstance(other, ServiceOutcome):
            self.appointments.absorb(other.appointments)


@dataclasses.dataclass
class Outcome:
    by_service: dict[int, ServiceOutcome]

    @property
    def service_level(self) -> float | None:
        """Walk-ins called within their service's charter target."""
        arrived = sum(o.arrived for o in self.by_service.values())
        within = sum(o.within_target for o in self.by_service.values())
        return within / arrived if arrived else None

    @property
    def appointments(self) -> Tally:
        total = Tally()
        for o in self.by_service.values():
            total.absorb(o.appointments)
        return total

    @property
    def appointment_level(self) -> float | None:
        """Appointments called within their slot's length of being due and present."""
        return self.appointments.service_level


def _choose(queues, services: frozenset[int], targets: dict[int, int], now: float):
    """The (service, rank) queue a counter serving `services` calls from at `now` (seconds
    from the epoch), as the engine would choose; None when none of its queues has anyone.
    Each queue holds (queued from, …) tuples, oldest first; a queue whose oldest is still
    to come (an appointment checked in early) is not due, as in the engine."""
    groups = [
        CandidateGroup(
            service_id=service_id,
            priority_rank=rank,
            at_front=False,
            oldest=_EPOCH + dt.timedelta(seconds=queue[0][0]),
            waiting=len(queue),
        )
        for (service_id, rank), queue in queues.items()
        if queue and service_id in services
    ]
    if not groups:
        return None
    best = choose_groups(
        groups, targets=targets, profile=None, now=_EPOCH + dt.timedelta(seconds=now)
    )[0]
    return best.service_id, best.priority_rank


class _Hall:
    """Counters and queues of one simulated stretch of hours, each hour with its own demand."""

    def __init__(self, env, *, periods, counters, rng, booked=(), punctuality=None, seed=0):
        self.env = env
        self.rng = rng
        self.periods = [{d.service_id: d for d in demand} for demand in periods]
        every = {d.service_id: d for demand in periods for d in demand}
        self.service_seconds = {sid: d.service_seconds for sid, d in every.items()}
        self.targets = {sid: d.target_minutes for sid, d in every.items()}
        # Entries (queued from, hour, present since, kind, window), ordered by queued from.
        self.queues: dict[tuple[int, int], deque[tuple]] = defaultdict(deque)
        self.idle: list[tuple[frozenset[int], simpy.Event]] = []
        self.outcomes = [{sid: ServiceOutcome() for sid in every} for _ in periods]
        for service_id in every:
            env.process(self._arrivals(service_id))
        if booked:
            # A stream of its own, so the walk-ins are the same citizens with or without them.
            comers = _comers(booked, punctuality or Punctuality(), random.Random(f"booked{seed}"))
            env.process(self._booked_arrivals(comers, punctuality or Punctuality()))
        for services in counters:
            env.process(self._counter(frozenset(services)))

    def _arrivals(self, service_id: int):
        """Poisson arrivals at each hour's rate; restarting the clock at an hour's end is
        exact because the exponential gap has no memory."""
        for index, demand in enumerate(self.periods):
            start, end = index * 3600.0, (index + 1) * 3600.0
            if self.env.now < start:
                yield self.env.timeout(start - self.env.now)
            d = demand.get(service_id)
            if d is None or d.arrivals_per_hour <= 0:
                continue
            rate = d.arrivals_per_hour / 3600.0
            while True:
                gap = self.rng.expovariate(rate)
                if self.env.now + gap >= end:
                    break
                yield self.env.timeout(gap)
                rank = 1 if self.rng.random() < d.priority_share else 0
                self._join(service_id, rank, (self.env.now, index, self.env.now, WALK_IN, 0.0))

    def _booked_arrivals(self, comers, punctuality: Punctuality):
        for arrives, b in comers:
            if arrives > self.env.now:
                yield self.env.timeout(arrives - self.env.now)
            if arrives - b.at_seconds > punctuality.grace_seconds:
                entry = (self.env.now, self._hour(self.env.now), self.env.now, WALK_IN, 0.0)
                self._join(b.service_id, 0, entry)
            else:
                hour = self._hour(b.at_seconds)
                entry = (b.at_seconds, hour, self.env.now, APPOINTMENT, b.window_seconds)
                self._join(b.service_id, punctuality.rank, entry)

    def _hour(self, seconds: float) -> int:
        return min(max(int(seconds // 3600), 0), len(self.periods) - 1)

    def _join(self, service_id: int, rank: int, entry: tuple) -> None:
        if service_id not in self.service_seconds:
            return  # a service nobody forecast: not simulated
        bisect.insort(self.queues[(service_id, rank)], entry)
        self._wake(service_id)

    def _wake(self, service_id: int) -> None:
        for i, (services, event) in enumerate(self.idle):
            if service_id in services:
                del self.idle[i]
                event.succeed()
                return

    def _pick(self, services: frozenset[int]) -> tuple[int, int, tuple] | None:
        best = _choose(self.queues, services, self.targets, self.env.now)
        if best is None:
            return None
        return best[0], best[1], self.queues[best].popleft()

    def _counter(self, services: frozenset[int]):
        while True:
            picked = self._pick(services)
            if picked is None:
                woken = self.env.event()
                self.idle.append((services, woken))
                yield woken
                continue
            service_id, rank, entry = picked
            self._record(service_id, rank, entry)
            mean = self.service_seconds[service_id]
            yield self.env.timeout(self.rng.expovariate(1.0 / mean))

    def _record(self, service_id: int, rank: int, entry: tuple) -> None:
        queued, period, present, kind, window = entry
        outcome = self.outcomes[period][service_id]
        if kind == APPOINTMENT:
            waited = max(0.0, self.env.now - max(queued, present))
            outcome.appointments.add(waited, within=waited <= window)
            return
        waited = self.env.now - queued
        within = waited <= self.targets[service_id] * 60
        outcome.add(waited, within=within)
        outcome.by_rank.setdefault(rank, Tally()).add(waited, within=within)

    def record_unserved(self) -> None:
        """Citizens still waiting when the clock stops count with the wait they have had."""
        for (service_id, rank), queue in self.queues.items():
            for entry in queue:
                self._record(service_id, rank, entry)


def _comers(booked, punctuality: Punctuality, rng: random.Random) -> list[tuple[float, Booked]]:
    """(arrival, booking) of the booked citizens who come, in arrival order."""
    comers = []
    for b in sorted(booked, key=lambda b: (b.at_seconds, b.service_id)):
        late = rng.gauss(0.0, punctuality.spread_seconds) if punctuality.spread_seconds else 0.0
        if rng.random() < punctuality.no_show:
            continue
        comers.append((b.at_seconds + max(late, -punctuality.early_seconds), b))
    comers.sort(key=lambda pair: pair[0])
    return comers


def simulate_hours(
    *,
    periods: list[list[Demand]],
    counters: list[frozenset[int]],
    seed: int,
    drain_hours: float = 4.0,
    booked: list[Booked] | tuple = (),
    punctuality: Punctuality | None = None,
) -> list[Outcome]:
    """A stretch of consecutive hours, each with its own demand, starting with an empty hall
    as a centre's day does; everyone who arrived is served, for at most `drain_hours` after
    the last hour. One outcome per hour, by the hour citizens arrived in (appointments: the
    hour of their booked time). The same seed gives the same citizens, so two staffing
    options compare on the same day. `booked` appointments come as `punctuality` says."""
    env = simpy.Environment()
    hall = _Hall(
        env,
        periods=periods,
        counters=counters,
        rng=random.Random(seed),
        booked=booked,
        punctuality=punctuality,
        seed=seed,
    )
    env.run(until=(len(periods) + drain_hours) * 3600.0)
    hall.record_unserved()
    return [Outcome(by_service=outcomes) for outcomes in hall.outcomes]


def simulate(
    *,
    demand: list[Demand],
    counters: list[frozenset[int]],
    hours: int,
    seed: int,
    warmup_hours: int = 1,
) -> Outcome:
    """The steady state of one demand: `hours` counted after `warmup_hours` that fill the
    hall and are not counted (for comparing with Erlang C)."""
    outcomes = simulate_hours(
        periods=[demand] * (warmup_hours + hours), counters=counters, seed=seed
    )
    return merged(outcomes[warmup_hours:])


def merged(outcomes: list[Outcome]) -> Outcome:
    """Several hours' (or runs') outcomes as one."""
    total: dict[int, ServiceOutcome] = defaultdict(ServiceOutcome)
    for outcome in outcomes:
        for service_id, o in outcome.by_service.items():
            total[service_id].absorb(o)
    return Outcome(by_service=dict(total))


QUEUE_SEEDS = 3
DEFAULT_TARGET_MINUTES = 15


def queue_wait(*, state, service_id: int, rank: int, queued_at: dt.datetime, seeds=QUEUE_SEEDS):
    """The wait estimator `simulation` (queueing.estimates): seconds until a citizen of
    `service_id` and class `rank` who joined at `queued_at` is called, in a short simulation
    of the hall in `state` (a `QueueState`). Nobody new arrives; every open counter is free
    now and calls whom the engine's routing picks; service times are exponential with the
    state's means. A checked-in appointment queues from its booked time, so until the
    simulated clock reaches it, it is not due and not played ahead of the walk-ins (the
    routing's rule, applied by `choose_groups` at each call). The mean over `seeds` runs (the same seeds every time, so equal halls give
    equal answers); None if no counter serves the service."""
    if not any(service_id in services for services in state.counters):
        return None
    start = state.at.timestamp() - _EPOCH.timestamp()
    queues: dict[tuple[int, int], list] = defaultdict(list)
    placed = False
    for w in state.waiting:
        me = not placed and (w.service_id, w.rank, w.queued_at) == (service_id, rank, queued_at)
        placed = placed or me
        queues[(w.service_id, w.rank)].append(
            (w.queued_at.timestamp() - _EPOCH.timestamp(), not me, me)
        )
    if not placed:
        queues[(service_id, rank)].append((queued_at.timestamp() - _EPOCH.timestamp(), 0, True))
    ordered = {key: sorted(queue) for key, queue in queues.items()}
    targets = {sid: state.targets.get(sid, DEFAULT_TARGET_MINUTES) for sid, _rank in ordered}
    total = 0.0
    for seed in range(1, seeds + 1):
        rng = random.Random(seed)
        live = {key: deque(queue) for key, queue in ordered.items()}
        free = [(start, i) for i in range(len(state.counters))]
        waited = None
        while free and waited is None:
            now, i = heapq.heappop(free)
            picked = _choose(live, state.counters[i], targets, now)
            if picked is None:
                continue  # nobody it may serve; nobody new comes
            _joined, _order, me = live[picked].popleft()
            if me:
                waited = now - start
            else:
                mean = state.mean(picked[0])
                heapq.heappush(free, (now + rng.expovariate(1.0 / mean), i))
        total += waited or 0.0
    return total / seeds


def simulation_estimator(state, service_id: int, rank: int, queued_at: dt.datetime):
    """`queue_wait` as a `queueing.estimates.Estimator`."""
    return queue_wait(state=state, service_id=service_id, rank=rank, queued_at=queued_at)
