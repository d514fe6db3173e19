"""Read-only questions about the queue: positions, wait estimates and live load.

Estimated wait, in seconds, for a ticket of service S:

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

from django.db.models import Count, Min, Q
from django.utils import timezone

from centre import cached
from centre.models import Centre, Counter
from queueing.models import ServiceTimeStat, Ticket
from staff.models import Certification

WAITING = Ticket.Status.WAITING


@dataclasses.dataclass(frozen=True)
class ServiceLoad:
    service_id: int
    waiting: int
    longest_wait_seconds: int
    estimated_wait_seconds: int | None


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
        limited = [c.staff_id for c in counters if not c.staff.is_universal]
        certified: dict[int, set[int]] = {staff_id: set() for staff_id in limited}
        for staff_id, service_id in Certification.objects.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on), staff_id__in=limited
        ).values_list("staff_id", "service_id"):
            certified[staff_id].add(service_id)
        self.counter_services = [
            self.offered if c.staff.is_universal else self.offered & certified[c.staff_id]
            for c in counters
        ]
        self.mean_seconds = {pk: minutes * 60.0 for pk, minutes in standard.items()}
        self.mean_seconds.update(
            ServiceTimeStat.objects.filter(centre=centre).values_list("service_id", "mean_seconds")
        )

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


def _ahead_filter(ticket: Ticket) -> Q:
    """Tickets called before `ticket` under the routing order (priority, front, arrival)."""
    same_rank = Q(priority_rank=ticket.priority_rank)
    earlier = Q(queue_since__lt=ticket.queue_since) | Q(
        queue_since=ticket.queue_since, pk__lt=ticket.pk
    )
    if ticket.at_front:
        same_rank_ahead = same_rank & Q(at_front=True) & earlier
    else:
        same_rank_ahead = same_rank & (Q(at_front=True) | earlier)
    return Q(priority_rank__gt=ticket.priority_rank) | same_rank_ahead


def ticket_position(ticket: Ticket) -> int | None:
    """How many people are ahead of this ticket in its service's queue (None unless waiting)."""
    if ticket.status != WAITING:
        return None
    return (
        Ticket.objects.filter(
            centre_id=ticket.centre_id, status=WAITING, service_id=ticket.service_id
        )
        .filter(_ahead_filter(ticket))
        .exclude(pk=ticket.pk)
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
        Ticket.objects.filter(
            centre_id=ticket.centre_id,
            status=WAITING,
            service_id__in=set().union({ticket.service_id}, *pool),
        )
        .filter(_ahead_filter(ticket))
        .exclude(pk=ticket.pk)
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
    rows = (
        Ticket.objects.filter(centre=centre, status=WAITING)
        .values("service_id")
        .annotate(n=Count("id"), oldest=Min("current_step__queued_at"))
    )
    waiting = {row["service_id"]: row for row in rows}
    counts = {sid: row["n"] for sid, row in waiting.items()}
    loads = {}
    for service_id in capacity.offered:
        row = waiting.get(service_id)
        oldest = row["oldest"] if row else None
        loads[service_id] = ServiceLoad(
            service_id=service_id,
            waiting=row["n"] if row else 0,
            longest_wait_seconds=max(0, int((now - oldest).total_seconds())) if oldest else 0,
            estimated_wait_seconds=capacity.estimate(service_id, counts),
        )
    return loads


def counter_current_ticket(counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.filter(counter=counter, status__in=Ticket.AT_COUNTER_STATUSES)
        .select_related("service", "current_step", "priority")
        .first()
    )
