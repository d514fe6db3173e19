"""Read-only questions about the queue: positions, wait estimates and live load.

Estimated wait, in seconds, for a ticket of service S:

    pool      = open counters (with an employee) certified for S
    ahead     = waiting tickets, in any service a pool counter may serve, that would be
                called before this one (higher priority class, or same class and earlier)
    estimate  = Σ mean_service_seconds(service of each ticket ahead) / |pool|

`mean_service_seconds` is the exponentially weighted mean kept by the engine on every
completion, or the registry's standard service time before any completion. With no open
counter for S the estimate is unknown (None).

The kiosk shows each service's own range instead (`service_wait_range`).
"""

import dataclasses
import datetime as dt
import math

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from centre import cached
from centre.models import Centre, Service
from queueing.models import Counter, ServiceTimeStat, Ticket
from staff.models import Certification, Staff

WAITING = Ticket.Status.WAITING


@dataclasses.dataclass(frozen=True)
class ServiceLoad:
    service_id: int
    waiting: int
    longest_wait_seconds: int
    estimated_wait_seconds: int | None


def services_by_staff(staff: list[Staff], offered: set[int], on: dt.date) -> dict[int, set[int]]:
    """Services each employee may serve on `on`, by staff id: every offered one for a
    universal employee, else the offered ones they are certified for. One query (none when
    every employee is universal)."""
    limited = [s.pk for s in staff if not s.is_universal]
    certified: dict[int, set[int]] = {staff_id: set() for staff_id in limited}
    if limited:
        for staff_id, service_id in (
            Certification.objects.valid_on(on)
            .filter(staff_id__in=limited)
            .values_list("staff_id", "service_id")
        ):
            certified[staff_id].add(service_id)
    return {s.pk: set(offered) if s.is_universal else offered & certified[s.pk] for s in staff}


def counter_services(
    counters: list[Counter], offered: set[int], on: dt.date
) -> dict[int, set[int]]:
    """Services each staffed counter's employee may serve on `on`, by counter id (see
    `services_by_staff`); `counters` come with their staff."""
    staffed = [c for c in counters if c.staff_id]
    by_staff = services_by_staff([c.staff for c in staffed], offered, on)
    return {c.pk: by_staff[c.staff_id] for c in staffed}


def mean_service_seconds(centre: Centre) -> dict[int, float]:
    """Mean service time per service: the engine's running mean where there is one, else the
    registry's standard time of each offered service. One query."""
    seconds = {
        service_id: offer.service.standard_service_minutes * 60.0
        for service_id, offer in cached.offers(centre.pk).items()
    }
    seconds.update(
        ServiceTimeStat.objects.filter(centre=centre).values_list("service_id", "mean_seconds")
    )
    return seconds


class CentreCapacity:
    """Open counters, what each may serve, and mean service times: loaded once per request."""

    def __init__(self, centre: Centre, on: dt.date | None = None):
        self.centre = centre
        on = on or centre.service_day()
        standard = {
            service_id: offer.service.standard_service_minutes
            for service_id, offer in cached.offers(centre.pk).items()
        }
        self.offered = set(standard)
        counters = list(
            Counter.objects.filter(
                centre=centre, state=Counter.State.OPEN, staff__isnull=False
            ).select_related("staff")
        )
        self.counter_services = list(counter_services(counters, self.offered, on).values())
        self.mean_seconds = mean_service_seconds(centre)

    def pool(self, service_id: int) -> list[set[int]]:
        """The service sets of the open counters that can serve `service_id`."""
        return [services for services in self.counter_services if service_id in services]

    def estimate(self, service_id: int, ahead_by_service: dict[int, int]) -> int | None:
        pool = self.pool(service_id)
        if not pool:
            return None
        reachable = set().union(*pool)
        work = sum(
            count * self.mean_seconds.get(sid, 600.0)
            for sid, count in ahead_by_service.items()
            if sid in reachable
        )
        return round(work / len(pool))


def ticket_position(ticket: Ticket) -> int | None:
    """How many people are ahead of this ticket in its service's queue (None unless waiting)."""
    if ticket.status != WAITING:
        return None
    return (
        Ticket.objects.waiting()
        .filter(centre_id=ticket.centre_id, service_id=ticket.service_id)
        .ahead_of(ticket)
        .count()
    )


def ticket_outlook(
    ticket: Ticket, capacity: CentreCapacity | None = None
) -> tuple[int | None, int | None]:
    """(position, estimated wait in seconds) of a waiting ticket, from one grouped query of
    the tickets ahead of it in every queue its possible counters serve; (None, None) unless
    waiting. The estimate is None when no open counter can serve it."""
    if ticket.status != WAITING:
        return None, None
    capacity = capacity or CentreCapacity(ticket.centre)
    pool = capacity.pool(ticket.service_id)
    ahead = dict(
        Ticket.objects.waiting()
        .filter(centre_id=ticket.centre_id, service_id__in=set().union({ticket.service_id}, *pool))
        .ahead_of(ticket)
        .order_by()
        .values_list("service_id")
        .annotate(n=Count("id"))
    )
    estimate = capacity.estimate(ticket.service_id, ahead) if pool else None
    return ahead.get(ticket.service_id, 0), estimate


def centre_service_loads(centre: Centre, now: dt.datetime | None = None) -> dict[int, ServiceLoad]:
    """Per offered service: people waiting, the longest current wait, and the estimate for a
    ticket taken now. Three small queries, whatever the number of waiting tickets."""
    now = now or timezone.now()
    capacity = CentreCapacity(centre, centre.service_day(now))
    waiting = Ticket.objects.filter(centre=centre).waiting_loads(now)
    counts = {sid: n for sid, (n, _longest) in waiting.items()}
    loads = {}
    for service_id in capacity.offered:
        n, longest = waiting.get(service_id, (0, 0))
        loads[service_id] = ServiceLoad(
            service_id=service_id,
            waiting=n,
            longest_wait_seconds=longest,
            estimated_wait_seconds=capacity.estimate(service_id, counts),
        )
    return loads


def counter_current_ticket(counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.filter(counter=counter, status__in=Ticket.AT_COUNTER_STATUSES)
        .select_related("service", "current_step", "priority")
        .first()
    )


WAIT_RANGE_STEP_MINUTES = 5


def service_wait_range(
    *, centre: Centre, service: Service, now: dt.datetime | None = None
) -> tuple[int, int] | None:
    """The wait, in minutes (low, high), for a ticket of `service` taken now; None when no
    open counter certified for the service is staffed.

    Only this service's own queue is counted, served by its certified open counters: the
    people waiting go in rounds of one ticket per counter, so the new ticket starts after
    `waiting // counters` rounds, plus up to one more while the current tickets finish.
    Each round takes the service's mean service time (the engine's running mean, else the
    registry's standard time). Minutes are widened to steps of 5 so the range does not
    look more precise than it is. Time spent on other services at the same counters is not
    counted; a better estimator may replace this function without changing its answer's shape.
    """
    on = centre.service_day(now)
    certified = Certification.objects.filter(staff=OuterRef("staff"), service=service).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )
    counters = (
        Counter.objects.filter(centre=centre, state=Counter.State.OPEN, staff__isnull=False)
        .filter(Q(staff__is_universal=True) | Exists(certified))
        .count()
    )
    if not counters:
        return None
    waiting = Ticket.objects.filter(centre=centre, service=service, status=WAITING).count()
    mean = (
        ServiceTimeStat.objects.filter(centre=centre, service=service)
        .values_list("mean_seconds", flat=True)
        .first()
    ) or service.standard_service_minutes * 60.0
    rounds = waiting // counters
    step = WAIT_RANGE_STEP_MINUTES
    low = math.floor(rounds * mean / 60 / step) * step
    high = max(step, math.ceil((rounds + 1) * mean / 60 / step) * step)
    return low, high
