"""The wait citizens are shown — on the kiosk, the printed ticket, the tracking page and the
kiosk's service list — from one function (`CentreWaits.estimate`), so they never disagree.

* **Which estimator**: the centre's `WaitEstimateSetting` (`zms`, `pool`, `last_called`,
  `simulation`, or `auto`, the default). `auto` takes the estimator with the lowest mean
  absolute error in the latest back-test of the centre (`manage.py calibrate_estimates`,
  nightly; rows older than `STALE_DAYS` are ignored), else `pool`. Nothing is replayed on a
  request: it reads the stored errors.
* **The range**: the back-test's signed errors (estimate − actual) of that estimator, 10th
  and 90th percentile, per service where it has `MIN_SAMPLES`, else for the whole centre,
  turn an estimate E into the wait [E − p90, E − p10]. Without enough history the
  default spread is [0.75 E, 1.25 E + 5 min]. Both ends are widened to 5-minute steps so
  the range does not look more precise than it is.
* **No estimate** when no open, staffed counter is certified for the service.
* **The capacity** (open staffed counters and what each may serve) is kept per process
  (`centre_capacity`): it changes when a counter opens, pauses or closes or an employee's
  certifications change, not at every call. A save or delete of a counter (of one centre),
  an employee or a certification (all centres) bumps a generation in the shared cache, now
  and again on commit, so every process rebuilds its copy (`nafitha.generations`: this one at
  once, the others within `CACHE_GENERATION_CHECK_SECONDS`); the copy also expires after
  `CAPACITY_SECONDS`. A copy never shows a stale "no estimate": when it gives
  none, the capacity is read again before answering. Mean service times are read live (they
  change at every completion).
"""

import dataclasses
import datetime as dt
import functools
import math
import time

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from centre import cached
from centre.models import Centre
from nafitha import generations
from queueing.estimates import ESTIMATORS, QueueState, Waiting
from queueing.models import (
    Counter,
    Estimator,
    EstimatorError,
    Ticket,
    TicketStep,
    WaitEstimateSetting,
    call_key,
)
from staff.models import Certification, Staff

STEP_MINUTES = 5
MIN_SAMPLES = 50
STALE_DAYS = 7
CACHE_SECONDS = 300
CAPACITY_SECONDS = 30
DEFAULT_LOW, DEFAULT_HIGH, DEFAULT_HIGH_EXTRA = 0.75, 1.25, 5 * 60
LAST_CALLED_WINDOW = dt.timedelta(hours=2)
FALLBACK = Estimator.POOL
# A ticket transferred to the front of its queue is called before any that joined normally.
_FRONT = dt.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class WaitEstimate:
    seconds: int
    low_minutes: int
    high_minutes: int
    estimator: str

    @property
    def minutes_range(self) -> tuple[int, int]:
        return self.low_minutes, self.high_minutes


def widen(seconds: float, spread: tuple[float, float] | None) -> tuple[int, int]:
    """(low, high) minutes for an estimate of `seconds`, from the signed-error quantiles
    `spread` = (p10, p90) in seconds, or the default spread when None."""
    if spread is None:
        low, high = DEFAULT_LOW * seconds, DEFAULT_HIGH * seconds + DEFAULT_HIGH_EXTRA
    else:
        p10, p90 = spread
        low, high = seconds - p90, seconds - p10
    step = STEP_MINUTES
    low_minutes = max(0, math.floor(max(0.0, low) / 60 / step) * step)
    high_minutes = max(low_minutes + step, math.ceil(max(0.0, high) / 60 / step) * step)
    return low_minutes, high_minutes


def _cache_key(centre_id: int, day: dt.date) -> str:
    return f"waits:{centre_id}:{day.isoformat()}"


def forget_choice(centre_id: int) -> None:
    """After a setting or the stored errors change (the keys around today: a centre's service
    day may differ from the server's date)."""
    today = timezone.localdate()
    cache.delete_many([_cache_key(centre_id, today + dt.timedelta(days=k)) for k in (-1, 0, 1)])


def choice(centre: Centre, today: dt.date) -> tuple[str, dict[int | None, tuple[float, float]]]:
    """(estimator, its signed-error quantiles (p10, p90) by service, None for the whole
    centre): two queries, then kept in the cache for `CACHE_SECONDS`."""
    key = _cache_key(centre.pk, today)
    found = cache.get(key)
    if found is not None:
        return found
    setting = (
        WaitEstimateSetting.objects.filter(centre=centre)
        .values_list("estimator", flat=True)
        .first()
    )
    rows = list(
        EstimatorError.objects.filter(
            centre=centre,
            computed_on__gte=today - dt.timedelta(days=STALE_DAYS),
            samples__gte=MIN_SAMPLES,
            estimator__in=list(ESTIMATORS),
        ).values_list("estimator", "service_id", "mae_seconds", "low_seconds", "high_seconds")
    )
    if setting and setting != Estimator.AUTO:
        name = setting
    else:
        overall = sorted((mae, e) for e, sid, mae, _low, _high in rows if sid is None)
        name = overall[0][1] if overall else FALLBACK
    spreads = {sid: (low, high) for e, sid, _mae, low, high in rows if e == name}
    found = (str(name), spreads)
    cache.set(key, found, CACHE_SECONDS)
    return found


def chosen_estimator(centre: Centre, today: dt.date | None = None) -> str:
    """The estimator that gives this centre's waits (see the module's docstring)."""
    return choice(centre, today or centre.service_day())[0]


class CentreWaits:
    """A centre's hall read once (lazily), then asked for any number of waits."""

    def __init__(
        self, centre: Centre, now: dt.datetime | None = None, *, waiting_rows: list | None = None
    ):
        """`waiting_rows`: the waiting tickets already read (as `waiting_rows`), e.g. by the
        engine while issuing, so the hall is not read again."""
        self.centre = centre
        self.now = now or timezone.now()
        self.day = centre.service_day(self.now)
        self.estimator, self.spreads = choice(centre, self.day)
        if waiting_rows is not None:
            self.__dict__["waiting_rows"] = waiting_rows

    @functools.cached_property
    def waiting_rows(self) -> list[tuple]:
        """(pk, service, class, in queue since, at front) of every waiting ticket."""
        return list(
            Ticket.objects.filter(centre=self.centre)
            .waiting()
            .order_by()
            .values_list("pk", "service_id", "priority_rank", "queue_since", "at_front")
        )

    @functools.cached_property
    def state(self) -> QueueState:
        return self._state(centre_capacity(self.centre, self.day))

    def _state(self, capacity) -> QueueState:
        return live_state(
            self.centre,
            self.now,
            last_called=self.estimator == Estimator.LAST_CALLED,
            waiting_rows=self.waiting_rows,
            capacity=capacity,
        )

    def position(self, ticket: Ticket) -> int:
        """People ahead of `ticket` in its own service's queue, in call order now."""
        now = self.now
        mine = call_key(
            ticket.priority_rank, ticket.at_front, ticket.queue_since, ticket.pk, now=now
        )
        return sum(
            1
            for pk, sid, rank, since, front in self.waiting_rows
            if sid == ticket.service_id and call_key(rank, front, since, pk, now=now) < mine
        )

    def estimate(
        self, service_id: int, *, rank: int = 0, queued_at: dt.datetime | None = None
    ) -> WaitEstimate | None:
        """The wait of a citizen of `service_id` and class `rank` who joined at `queued_at`
        (a ticket taken now when None); None when no open counter can serve the service."""
        seconds = ESTIMATORS[self.estimator](self.state, service_id, rank, queued_at or self.now)
        if seconds is None and not self.__dict__.get("_capacity_read"):
            # The kept capacity says no counter can serve it: read the counters again rather
            # than show a "no estimate" that a counter opened since would contradict.
            from queueing.selectors import CentreCapacity

            self._capacity_read = True
            self.__dict__["state"] = self._state(CentreCapacity(self.centre, self.day))
            seconds = ESTIMATORS[self.estimator](
                self.state, service_id, rank, queued_at or self.now
            )
        if seconds is None:
            return None
        spread = self.spreads.get(service_id, self.spreads.get(None))
        low, high = widen(seconds, spread)
        return WaitEstimate(
            seconds=round(seconds), low_minutes=low, high_minutes=high, estimator=self.estimator
        )

    def estimate_ticket(self, ticket: Ticket) -> WaitEstimate | None:
        if ticket.status != Ticket.Status.WAITING:
            return None
        return self.estimate(
            ticket.service_id,
            rank=ticket.priority_rank,
            queued_at=joined_at(ticket.queue_since, ticket.at_front),
        )


def joined_at(queue_since: dt.datetime, at_front: bool) -> dt.datetime:
    return queue_since - _FRONT if at_front else queue_since


def live_state(
    centre: Centre,
    now: dt.datetime,
    *,
    last_called: bool = True,
    waiting_rows: list[tuple] | None = None,
    capacity=None,
) -> QueueState:
    """The hall now, as the estimators see it: a few small queries (the recent calls only
    when `last_called`, the one estimator that reads them). `capacity`: a
    `selectors.CentreCapacity` already at hand (read here when None); its mean service
    times are always read here."""
    from queueing.selectors import CentreCapacity, mean_service_seconds

    if capacity is None:
        capacity = CentreCapacity(centre, centre.service_day(now))
    if waiting_rows is None:
        waiting_rows = list(
            Ticket.objects.filter(centre=centre)
            .waiting()
            .order_by()
            .values_list("pk", "service_id", "priority_rank", "queue_since", "at_front")
        )
    waiting = tuple(
        Waiting(service_id=sid, rank=rank, queued_at=joined_at(since, front))
        for _pk, sid, rank, since, front in waiting_rows
    )
    last_waits: dict[tuple[int, int], float] = {}
    calls = (
        TicketStep.objects.filter(
            ticket__centre=centre,
            called_at__gte=now - LAST_CALLED_WINDOW,
            called_at__lte=now,
            queued_at__isnull=False,
        )
        .order_by("called_at")
        .values_list("service_id", "ticket__priority_rank", "queued_at", "called_at")
    )
    for sid, rank, queued, called in calls if last_called else ():
        last_waits[(sid, rank)] = (called - queued).total_seconds()
    return QueueState(
        at=now,
        waiting=waiting,
        counters=tuple(frozenset(s) for s in capacity.counter_services),
        service_seconds=mean_service_seconds(centre),
        last_called_wait=last_waits,
        targets={
            sid: offer.service.target_wait_minutes
            for sid, offer in cached.offers(centre.pk).items()
        },
    )


_capacities: dict[int, tuple] = {}
_ALL_CENTRES = "capacity-generation"


def _capacity_key(centre_id: int) -> str:
    return f"capacity-generation:{centre_id}"


def centre_capacity(centre: Centre, day: dt.date):
    """The centre's capacity on `day` (a `selectors.CentreCapacity`), kept per process until
    a counter of the centre, an employee or a certification changes (see the module's
    docstring) or `CAPACITY_SECONDS` pass. Shared between threads: read it, never change it."""
    from queueing.selectors import CentreCapacity

    key = (cached.generation(), day, *generations.current(_capacity_key(centre.pk), _ALL_CENTRES))
    found = _capacities.get(centre.pk)
    if found is not None and found[0] == key and found[1] > time.monotonic():
        return found[2]
    capacity = CentreCapacity(centre, day)
    _capacities[centre.pk] = (key, time.monotonic() + CAPACITY_SECONDS, capacity)
    return capacity


def forget_capacity(centre_id: int | None) -> None:
    """Every process rebuilds the capacity of this centre (every centre when None): now, and
    again once the transaction commits, so no process keeps what it read before the commit."""
    generations.changed(_ALL_CENTRES if centre_id is None else _capacity_key(centre_id))


@receiver([post_save, post_delete], sender=Counter)
def _counter_changed(sender, instance, **kwargs):
    forget_capacity(instance.centre_id)


@receiver([post_save, post_delete], sender=Staff)
@receiver([post_save, post_delete], sender=Certification)
def _staffing_changed(sender, instance, **kwargs):
    forget_capacity(None)


@receiver([post_save, post_delete], sender=WaitEstimateSetting)
def _setting_changed(sender, instance, **kwargs):
    forget_choice(instance.centre_id)
