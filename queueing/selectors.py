"""Read-only questions about the queue: positions, wait estimates and live load.

Every wait shown — kiosk, ticket, tracking page, counters' load figures — comes from
`queueing.waits.CentreWaits.estimate`, with the centre's chosen estimator
(`queueing.estimates`; docs/planning.md) and a range from its measured error. The default,
`pool`, is:

    pool      = open counters (with an employee) certified for S
    ahead     = waiting tickets, in any service a pool counter may serve, that would be
                called before this one (higher priority class, or same class and earlier)
    estimate  = Σ mean_service_seconds(service of each ticket ahead) / |pool|

`mean_service_seconds` is the exponentially weighted mean kept by the engine on every
completion, or the registry's standard service time before any completion. With no open
counter for S the estimate is unknown (None).
"""

import dataclasses
import datetime as dt
import functools

from django.utils import timezone

from centre import cached
from centre.models import Centre, Service
from nafitha import generations
from queueing.models import Counter, ServiceTimeStat, Ticket
from queueing.waits import CentreWaits, WaitEstimate
from staff.models import Certification, Staff

WAITING = Ticket.Status.WAITING


@dataclasses.dataclass(frozen=True)
class ServiceLoad:
    service_id: int
    waiting: int
    longest_wait_seconds: int
    estimated_wait_seconds: int | None
    wait_range_minutes: tuple[int, int] | None = None


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
    registry's standard time of each offered service. Kept per process under a generation
    per centre that every change of the means bumps (`ServiceTimeStat.changed`): the process
    that completed a ticket reads them again at once, the others within
    `CACHE_GENERATION_CHECK_SECONDS`; otherwise one query. Shared between threads: read the
    mapping, never change it."""
    key = (cached.generation(), *generations.current(ServiceTimeStat.generation_key(centre.pk)))
    found = _service_times.get(centre.pk)
    if found is not None and found[0] == key:
        return found[1]
    seconds = {
        service_id: offer.service.standard_service_minutes * 60.0
        for service_id, offer in cached.offers(centre.pk).items()
    }
    seconds.update(
        ServiceTimeStat.objects.filter(centre=centre).values_list("service_id", "mean_seconds")
    )
    _service_times[centre.pk] = (key, seconds)
    return seconds


_service_times: dict[int, tuple] = {}


class CentreCapacity:
    """Open counters and what each may serve (kept per process: `waits.centre_capacity`),
    and mean service times (read when asked for)."""

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

    @functools.cached_property
    def mean_seconds(self) -> dict[int, float]:
        return mean_service_seconds(self.centre)


def ticket_position(ticket: Ticket, now: dt.datetime | None = None) -> int | None:
    """How many people are ahead of this ticket in its service's queue at `now` (None unless
    waiting): the order the engine calls them in, a not-yet-due appointment last."""
    if ticket.status != WAITING:
        return None
    return (
        Ticket.objects.waiting()
        .filter(centre_id=ticket.centre_id, service_id=ticket.service_id)
        .ahead_of(ticket, now)
        .count()
    )


def ticket_wait(
    ticket: Ticket, waits: "CentreWaits | None" = None
) -> tuple[int | None, "WaitEstimate | None"]:
    """(position, wait estimate with its range) of a waiting ticket; (None, None) unless
    waiting. The estimate is None when no open counter can serve it."""
    if ticket.status != WAITING:
        return None, None
    waits = waits or CentreWaits(ticket.centre)
    return waits.position(ticket), waits.estimate_ticket(ticket)


def ticket_outlook(
    ticket: Ticket, waits: "CentreWaits | None" = None
) -> tuple[int | None, int | None]:
    """(position, estimated wait in seconds) of a waiting ticket (see `ticket_wait`)."""
    position, estimate = ticket_wait(ticket, waits if isinstance(waits, CentreWaits) else None)
    return position, None if estimate is None else estimate.seconds


def centre_service_loads(
    centre: Centre, now: dt.datetime | None = None, *, waits: "CentreWaits | None" = None
) -> dict[int, ServiceLoad]:
    """Per offered service: people waiting, the longest current wait, and the estimate (and
    range) for a ticket taken now. A few small queries, whatever the number of tickets."""
    now = now or timezone.now()
    waits = waits or CentreWaits(centre, now)
    waiting = Ticket.objects.filter(centre=centre).waiting_loads(now)
    loads = {}
    for service_id in cached.offers(centre.pk):
        n, longest = waiting.get(service_id, (0, 0))
        estimate = waits.estimate(service_id)
        loads[service_id] = ServiceLoad(
            service_id=service_id,
            waiting=n,
            longest_wait_seconds=longest,
            estimated_wait_seconds=None if estimate is None else estimate.seconds,
            wait_range_minutes=None if estimate is None else estimate.minutes_range,
        )
    return loads


def counter_current_ticket(counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.filter(counter=counter, status__in=Ticket.AT_COUNTER_STATUSES)
        .select_related("service", "current_step", "priority")
        .first()
    )


def service_wait_range(
    *,
    centre: Centre,
    service: Service,
    now: dt.datetime | None = None,
    waits: "CentreWaits | None" = None,
) -> tuple[int, int] | None:
    """The wait, in minutes (low, high), for a ticket of `service` taken now; None when no
    open counter certified for the service is staffed. The centre's chosen estimator and
    its measured error (`queueing.waits`); pass `waits` to read the hall once for many."""
    waits = waits or CentreWaits(centre, now)
    estimate = waits.estimate(service.pk)
    return None if estimate is None else estimate.minutes_range
