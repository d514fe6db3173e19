"""How many counters, and which certifications, a centre needs hour by hour.

For each open hour of a day the planner takes the forecast arrivals per service and gives:
* `pooled`: the counters Erlang C asks for if every employee is universal (one queue), and
  `dedicated`: what it asks for if each service had counters of its own — the gap between
  the two is what the universal employee is worth that hour;
* `simulated_level`: the share called within the charter target by the simulation of the
  engine's routing policy with the staff the centre has (or a what-if of it).

The simulation is the check on the closed form: Erlang C ignores priorities, bundles and
partial certification, which is exactly what decides a real centre's day.
"""

import dataclasses
import datetime as dt
from collections import defaultdict

from centre import cached
from centre.models import Centre
from planning import erlang
from planning.forecast import Forecast, forecast_day
from planning.simulation import Demand, Outcome, merged, simulate_hours
from queueing.selectors import mean_service_seconds, services_by_staff
from staff.models import Staff

TARGET_LEVEL = 0.8
REPLICATIONS = 5


@dataclasses.dataclass(frozen=True)
class Staffing:
    """Who would sit at the counters: one set of service ids per counter."""

    counters: tuple[frozenset[int], ...]

    @property
    def size(self) -> int:
        return len(self.counters)


@dataclasses.dataclass(frozen=True)
class HourPlan:
    hour: int
    arrivals: float
    load: float
    pooled: int
    dedicated: int
    simulated_level: float | None


@dataclasses.dataclass(frozen=True)
class DayPlan:
    centre: Centre
    day: dt.date
    forecast: Forecast
    staffing: Staffing
    target_level: float
    hours: list[HourPlan]

    @property
    def peak_pooled(self) -> int:
        return max((h.pooled for h in self.hours), default=0)

    @property
    def day_level(self) -> float | None:
        weighted = [(h.simulated_level, h.arrivals) for h in self.hours if h.arrivals]
        total = sum(arrivals for _level, arrivals in weighted)
        if not total:
            return None
        return sum(level * arrivals for level, arrivals in weighted) / total


@dataclasses.dataclass(frozen=True)
class ServiceFacts:
    service_seconds: dict[int, float]
    target_minutes: dict[int, int]


def service_facts(centre: Centre) -> ServiceFacts:
    """Mean service time (the engine's running mean, else the registry's standard time) and
    charter target of every service the centre offers."""
    offers = cached.offers(centre.pk)
    seconds = mean_service_seconds(centre)
    return ServiceFacts(
        service_seconds={sid: seconds[sid] for sid in offers},
        target_minutes={sid: offer.service.target_wait_minutes for sid, offer in offers.items()},
    )


def seated_agents(
    centre: Centre, day: dt.date, *, counters: int | None = None
) -> list[tuple[Staff, frozenset[int]]]:
    """The centre's agents with the services they may serve on `day`, broadest first, one per
    counter, at most `counters` of them (default: as many counters as the centre has)."""
    offered = frozenset(service_facts(centre).service_seconds)
    agents = list(Staff.objects.filter(centre=centre, role=Staff.Role.AGENT, user__is_active=True))
    serves = services_by_staff(agents, offered, day)
    seated = [(a, frozenset(serves[a.pk])) for a in agents]
    seated.sort(key=lambda pair: (-len(pair[1]), pair[0].pk))
    limit = centre.counters.count() if counters is None else counters
    return seated[:limit]


def current_staffing(centre: Centre, day: dt.date, *, counters: int | None = None) -> Staffing:
    return Staffing(
        counters=tuple(services for _a, services in seated_agents(centre, day, counters=counters))
    )


def with_extra_universal(staffing: Staffing, *, extra: int, offered: frozenset[int]) -> Staffing:
    """The same counters with the `extra` narrowest employees trained to serve everything."""
    ordered = sorted(staffing.counters, key=len)
    return Staffing(counters=tuple([offered] * min(extra, len(ordered)) + ordered[extra:]))


def _demand(arrivals: dict[int, float], facts: ServiceFacts) -> list[Demand]:
    return [
        Demand(
            service_id=service_id,
            arrivals_per_hour=n,
            service_seconds=facts.service_seconds.get(service_id, 600.0),
            target_minutes=facts.target_minutes.get(service_id, 15),
        )
        for service_id, n in arrivals.items()
        if n > 0 and service_id in facts.service_seconds
    ]


def simulated_hours(
    periods: list[list[Demand]], staffing: Staffing, *, replications: int = REPLICATIONS
) -> list[Outcome]:
    """Outcome of each of consecutive `periods` (hours), pooled over `replications` simulated
    days. Seeds 1…n for every option, so options are compared on the same citizens and
    differ only by their staffing."""
    if not staffing.counters:
        staffing = Staffing(counters=(frozenset(),))  # nobody serves: everyone waits
    runs = [
        simulate_hours(periods=periods, counters=list(staffing.counters), seed=seed)
        for seed in range(1, replications + 1)
    ]
    return [merged([run[i] for run in runs]) for i in range(len(periods))]


def plan_hour(hour: int, demand: list[Demand], level: float | None, target: float) -> HourPlan:
    total = sum(d.arrivals_per_hour for d in demand)
    load = sum(
        erlang.offered_load(
            arrivals_per_hour=d.arrivals_per_hour, service_seconds=d.service_seconds
        )
        for d in demand
    )
    dedicated = sum(
        erlang.counters_needed(
            load=erlang.offered_load(
                arrivals_per_hour=d.arrivals_per_hour, service_seconds=d.service_seconds
            ),
            service_seconds=d.service_seconds,
            target_seconds=d.target_minutes * 60,
            target_level=target,
        )
        for d in demand
    )
    pooled = 0
    if demand:
        mean_seconds = sum(d.arrivals_per_hour * d.service_seconds for d in demand) / total
        pooled = erlang.counters_needed(
            load=load,
            service_seconds=mean_seconds,
            target_seconds=min(d.target_minutes for d in demand) * 60,
            target_level=target,
        )
    return HourPlan(
        hour=hour,
        arrivals=total,
        load=load,
        pooled=pooled,
        dedicated=dedicated,
        simulated_level=level,
    )


def plan_day(
    *,
    centre: Centre,
    day: dt.date,
    staffing: Staffing | None = None,
    target_level: float = TARGET_LEVEL,
) -> DayPlan:
    forecast = forecast_day(centre=centre, day=day)
    facts = service_facts(centre)
    staffing = staffing if staffing is not None else current_staffing(centre, day)
    hours = open_hours(centre, day)
    periods = [_demand(forecast.for_hour(hour), facts) for hour in hours]
    outcomes = simulated_hours(periods, staffing)
    plans = [
        plan_hour(hour, demand, outcome.service_level, target_level)
        for hour, demand, outcome in zip(hours, periods, outcomes, strict=True)
    ]
    return DayPlan(
        centre=centre,
        day=day,
        forecast=forecast,
        staffing=staffing,
        target_level=target_level,
        hours=plans,
    )


def open_hours(centre: Centre, day: dt.date) -> list[int]:
    """The clock hours during which the centre takes tickets on `day`."""
    hours: set[int] = set()
    for h in centre.opening_hours.filter(weekday=day.weekday()):
        end = h.closes.hour + (1 if h.closes.minute else 0)
        hours.update(range(h.opens.hour, end))
    return sorted(hours)


@dataclasses.dataclass(frozen=True)
class Training:
    """One certification to give: who, for which service, and what it buys at the peak."""

    staff: Staff
    service_id: int
    level: float
    gain: float


def busiest_window(hours: list[int], forecast: Forecast, width: int) -> list[int]:
    """The `width` consecutive open hours with the most expected arrivals."""
    if len(hours) <= width:
        return hours
    totals = [sum(forecast.for_hour(h).values()) for h in hours]
    start = max(range(len(hours) - width + 1), key=lambda i: sum(totals[i : i + width]))
    return hours[start : start + width]


def training_options(
    *, centre: Centre, day: dt.date, limit: int = 5, peak_hours: int = 3, candidates: int = 12
) -> list[Training]:
    """The certifications that would raise the simulated service level of the day's busiest
    hours most, one training each: the universal-employee goal as a ranked list.

    Each option is simulated on the same citizens as today's staffing (same seeds), so the
    gain is the certification's, not the dice's. Candidates are the narrowest seated
    employees crossed with the services in demand, most loaded per certified counter first."""
    forecast = forecast_day(centre=centre, day=day)
    facts = service_facts(centre)
    seated = seated_agents(centre, day)
    window = busiest_window(open_hours(centre, day), forecast, peak_hours)
    periods = [_demand(forecast.for_hour(h), facts) for h in window]
    if not any(periods) or not seated:
        return []

    def level(counters: tuple[frozenset[int], ...]) -> float:
        hours = simulated_hours(periods, Staffing(counters=counters), replications=2)
        return merged(hours).service_level or 0.0

    load: dict[int, float] = defaultdict(float)
    for demand in periods:
        for d in demand:
            load[d.service_id] += d.arrivals_per_hour * d.service_seconds
    cover = {sid: sum(sid in services for _a, services in seated) for sid in load}
    pairs = [
        (index, service_id)
        for index, (_agent, services) in enumerate(seated)
        for service_id in load
        if service_id not in services
    ]
    pairs.sort(key=lambda p: (-load[p[1]] / (1 + cover[p[1]]), len(seated[p[0]][1])))
    today = tuple(services for _a, services in seated)
    base = level(today)
    options = []
    for index, service_id in pairs[:candidates]:
        trained = list(today)
        trained[index] = trained[index] | {service_id}
        with_it = level(tuple(trained))
        if with_it > base:
            options.append(
                Training(
                    staff=seated[index][0],
                    service_id=service_id,
                    level=with_it,
                    gain=with_it - base,
                )
            )
    options.sort(key=lambda t: -t.gain)
    return options[:limit]
