"""How many counters, and which certifications, a centre needs hour by hour.

For each open hour of a day the planner takes the forecast arrivals per service and gives:
* `pooled`: the counters Erlang C asks for if every employee is universal (one queue), and
  `dedicated`: what it asks for if each service had counters of its own — the gap between
  the two is what the universal employee is worth that hour;
* `simulated_level`: the share called within the charter target by the simulation of the
  engine's routing policy with the staff the centre has (or a what-if of it).

The simulation is the check on the closed form: Erlang C ignores priorities, bundles and
partial certification, which is exactly what decides a real centre's day. The day's
booked appointments come on top of the forecast walk-ins (`day_appointments`), and the
plan gives the walk-in and the appointment service levels apart.
"""

import dataclasses
import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from appointments.calendar import public_holidays
from appointments.models import AppointmentPlan, Booking
from appointments.selectors import day_slots
from centre import cached
from centre.models import Centre
from planning import erlang
from planning.forecast import Forecast, forecast_day
from planning.simulation import (
    APPOINTMENT_RANK,
    Booked,
    Demand,
    Outcome,
    Punctuality,
    merged,
    simulate_hours,
)
from queueing.models import PriorityClass
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
    appointments: float = 0.0
    appointment_level: float | None = None


@dataclasses.dataclass(frozen=True)
class DayPlan:
    centre: Centre
    day: dt.date
    forecast: Forecast
    staffing: Staffing
    target_level: float
    hours: list[HourPlan]
    appointments: "DayAppointments | None" = None

    @property
    def peak_pooled(self) -> int:
        return max((h.pooled for h in self.hours), default=0)

    @property
    def day_level(self) -> float | None:
        """Walk-ins called within their charter target, over the day."""
        weighted = [(h.simulated_level, h.arrivals) for h in self.hours if h.arrivals]
        total = sum(arrivals for _level, arrivals in weighted)
        if not total:
            return None
        return sum(level * arrivals for level, arrivals in weighted) / total

    @property
    def appointment_level(self) -> float | None:
        """Appointments called within their slot of being due and present, over the day."""
        return self.appointments.level if self.appointments else None


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


@dataclasses.dataclass(frozen=True)
class DayAppointments:
    """The day's booked appointments as the simulation plays them, and how they fared."""

    booked: tuple[Booked, ...]
    punctuality: Punctuality
    source: str  # "bookings" (the Booking table) or "plan" (every slot the plans offer)
    level: float | None = None


def punctuality(centre: Centre, day: dt.date, *, now: dt.datetime | None = None) -> Punctuality:
    """How the centre's booked citizens come: the configured spread, the check-in window, the
    appointment class's rank, and the no-show share of the centre's bookings of the last
    `history_days` before `day` whose grace period has passed (one grouped query), or the
    configured share when there are fewer than `min_bookings` of them."""
    conf = settings.NAFITHA_PLANNING_APPOINTMENTS
    booking = settings.NAFITHA_BOOKING
    now = now or timezone.now()
    grace = dt.timedelta(minutes=booking["grace_minutes"])
    start, _end = centre.day_window(day - dt.timedelta(days=conf["history_days"]))
    end = min(centre.day_window(day)[0], now - grace)
    counts = dict(
        Booking.objects.filter(centre=centre, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Booking.Status.CANCELLED)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    total = sum(counts.values())
    missed = counts.get(Booking.Status.NO_SHOW, 0) + counts.get(Booking.Status.BOOKED, 0)
    no_show = missed / total if total >= conf["min_bookings"] else conf["no_show_percent"] / 100
    rank = (
        PriorityClass.objects.filter(code="appointment", is_active=True)
        .values_list("rank", flat=True)
        .first()
    )
    return Punctuality(
        spread_seconds=conf["spread_minutes"] * 60,
        no_show=no_show,
        early_seconds=booking["early_minutes"] * 60,
        grace_seconds=booking["grace_minutes"] * 60,
        rank=APPOINTMENT_RANK if rank is None else rank,
    )


def day_appointments(
    centre: Centre, day: dt.date, hours: list[int], *, now: dt.datetime | None = None
) -> DayAppointments:
    """The appointments of `day` placed on the simulated hours (`hours`, open clock hours
    played one after another). A day bookings are taken for (up to the booking horizon)
    uses the Booking table, cancelled ones left out; a day further ahead, which nobody can
    book yet, has every slot the centre's active plans offer (their share of the planned
    counters) full: the most the plans can bring."""
    now = now or timezone.now()
    horizon = centre.service_day(now) + dt.timedelta(days=settings.NAFITHA_BOOKING["horizon_days"])
    index = {hour: i for i, hour in enumerate(hours)}
    starts: list[tuple[int, dt.datetime, dt.datetime]] = []
    if day <= horizon:
        start, end = centre.day_window(day)
        rows = (
            Booking.objects.filter(centre=centre, starts_at__gte=start, starts_at__lt=end)
            .exclude(status=Booking.Status.CANCELLED)
            .values_list("service_id", "starts_at", "ends_at")
        )
        starts = list(rows)
        source = "bookings"
    else:
        holidays = public_holidays(day, day)
        plans = AppointmentPlan.objects.filter(
            centre=centre, is_active=True, service__is_active=True
        ).select_related("service")
        for plan in plans:
            slots = day_slots(
                centre=centre, service=plan.service, plan=plan, day=day, holidays=holidays
            )
            starts += [
                (plan.service_id, s.starts_at, s.ends_at) for s in slots for _ in range(s.capacity)
            ]
        source = "plan"
    booked = []
    for service_id, starts_at, ends_at in starts:
        local = starts_at.astimezone(centre.tz)
        if local.hour not in index:
            continue
        offset = index[local.hour] * 3600 + local.minute * 60 + local.second
        window = max(60.0, (ends_at - starts_at).total_seconds())
        booked.append(Booked(service_id=service_id, at_seconds=offset, window_seconds=window))
    return DayAppointments(
        booked=tuple(booked), punctuality=punctuality(centre, day, now=now), source=source
    )


def simulated_hours(
    periods: list[list[Demand]],
    staffing: Staffing,
    *,
    replications: int = REPLICATIONS,
    appointments: DayAppointments | None = None,
) -> list[Outcome]:
    """Outcome of each of consecutive `periods` (hours), pooled over `replications` simulated
    days. Seeds 1…n for every option, so options are compared on the same citizens and
    differ only by their staffing."""
    if not staffing.counters:
        staffing = Staffing(counters=(frozenset(),))  # nobody serves: everyone waits
    booked = appointments.booked if appointments else ()
    runs = [
        simulate_hours(
            periods=periods,
            counters=list(staffing.counters),
            seed=seed,
            booked=booked,
            punctuality=appointments.punctuality if appointments else None,
        )
        for seed in range(1, replications + 1)
    ]
    return [merged([run[i] for run in runs]) for i in range(len(periods))]


def plan_hour(
    hour: int, demand: list[Demand], level: float | None, target: float, outcome=None
) -> HourPlan:
    demand = [d for d in demand if d.arrivals_per_hour > 0]
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
        appointments=outcome.appointments.arrived / REPLICATIONS if outcome else 0.0,
        appointment_level=outcome.appointment_level if outcome else None,
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
    appointments = day_appointments(centre, day, hours)
    periods = [_demand(forecast.for_hour(hour), facts) for hour in hours]
    periods = _with_booked_services(periods, appointments, facts)
    outcomes = simulated_hours(periods, staffing, appointments=appointments)
    plans = [
        plan_hour(hour, demand, outcome.service_level, target_level, outcome)
        for hour, demand, outcome in zip(hours, periods, outcomes, strict=True)
    ]
    if periods:
        appointments = dataclasses.replace(appointments, level=merged(outcomes).appointment_level)
    return DayPlan(
        centre=centre,
        day=day,
        forecast=forecast,
        staffing=staffing,
        target_level=target_level,
        hours=plans,
        appointments=appointments,
    )


def _with_booked_services(
    periods: list[list[Demand]], appointments: DayAppointments, facts: ServiceFacts
) -> list[list[Demand]]:
    """The first hour also names (with no walk-ins) every booked service nobody is forecast
    to walk in for, so the simulation knows its service time."""
    if not periods:
        return periods
    named = {d.service_id for demand in periods for d in demand}
    missing = {b.service_id for b in appointments.booked} - named
    extra = [
        Demand(
            service_id=sid,
            arrivals_per_hour=0.0,
            service_seconds=facts.service_seconds[sid],
            target_minutes=facts.target_minutes.get(sid, 15),
        )
        for sid in sorted(missing)
        if sid in facts.service_seconds
    ]
    return [periods[0] + extra, *periods[1:]]


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
