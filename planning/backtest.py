"""Replay recorded days and score each wait estimator against the waits that happened.

For every queue entry (ticket step) that was called, each estimator is asked at the moment
the citizen joined the queue and again every `every_minutes` while they waited, with the
hall as it was then — rebuilt from the event log, not from today's tables:

    waiting      steps queued and not yet called (or gone) at that moment
    counters     open counters with an employee (`CounterEvent`), each with the services the
                 employee was certified for (certifications as they stand now)
    service time mean of the services completed in the two hours before (timed ones: a
                 step completed without a start has no service time, as in the engine),
                 else the registry's standard time
    last called  the wait of the latest citizen of each service and class called

The day is swept once in time order, so a month of a busy centre replays in seconds.
"""

import dataclasses
import datetime as dt
import heapq
import math
import statistics
from collections import defaultdict, deque

from centre.models import Centre, CentreService
from queueing.estimates import ESTIMATORS, QueueState, Waiting
from queueing.models import Counter, CounterEvent, TicketStep
from queueing.selectors import services_by_staff
from staff.models import Staff

MEAN_WINDOW = dt.timedelta(hours=2)
# Same moment: state changes first, then the questions asked at that moment.
_ARRIVE, _LEAVE, _CALLED, _DONE, _COUNTER, _ASK = range(6)


@dataclasses.dataclass
class Score:
    errors: list[float] = dataclasses.field(default_factory=list)  # seconds, absolute
    unknown: int = 0  # asked, but the estimator had no estimate
    # Signed errors (estimate − actual), by service: the ranges shown to citizens.
    signed: dict[int, list[float]] = dataclasses.field(default_factory=lambda: defaultdict(list))

    @property
    def n(self) -> int:
        return len(self.errors)

    @property
    def mae_minutes(self) -> float | None:
        return statistics.fmean(self.errors) / 60 if self.errors else None

    @property
    def p90_minutes(self) -> float | None:
        if not self.errors:
            return None
        ordered = sorted(self.errors)
        return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))] / 60

    def absorb(self, other: "Score") -> None:
        self.errors.extend(other.errors)
        self.unknown += other.unknown
        for service_id, values in other.signed.items():
            self.signed[service_id].extend(values)


def quantile(values: list[float], q: float) -> float:
    """Nearest-rank quantile (q in 0..1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1))]


def _services_of(centre: Centre, day: dt.date) -> tuple[dict[int, frozenset[int]], frozenset]:
    offered = frozenset(
        CentreService.objects.filter(centre=centre, is_active=True).values_list(
            "service_id", flat=True
        )
    )
    serves = services_by_staff(list(Staff.objects.filter(centre=centre)), offered, day)
    return {pk: frozenset(services) for pk, services in serves.items()}, offered


def replay_day(
    centre: Centre,
    day: dt.date,
    *,
    every_minutes: int = 10,
    scores: dict | None = None,
    estimators: dict | None = None,
) -> dict[tuple[str, str], Score]:
    """Scores per (estimator, moment) for one day; moment is "issue" or "waiting"."""
    estimators = estimators if estimators is not None else ESTIMATORS
    scores = scores if scores is not None else defaultdict(Score)
    start = dt.datetime.combine(day, dt.time(0), tzinfo=centre.tz)
    end = start + dt.timedelta(days=1)
    by_staff, _offered = _services_of(centre, day)
    standard = dict(
        CentreService.objects.filter(centre=centre).values_list(
            "service_id", "service__standard_service_minutes"
        )
    )
    standard = {sid: minutes * 60.0 for sid, minutes in standard.items()}
    targets = dict(
        CentreService.objects.filter(centre=centre).values_list(
            "service_id", "service__target_wait_minutes"
        )
    )
    steps = list(
        TicketStep.objects.filter(
            ticket__centre=centre, ticket__service_day=day, queued_at__isnull=False
        ).values_list(
            "pk",
            "service_id",
            "ticket__priority_rank",
            "queued_at",
            "called_at",
            "started_at",
            "ended_at",
        )
    )
    events: list[tuple] = []

    def add(at, kind, key, payload=None):
        events.append((at, kind, len(events), key, payload))

    every = dt.timedelta(minutes=every_minutes)
    for pk, service_id, rank, queued, called, started, ended in steps:
        waiting = Waiting(service_id=service_id, rank=rank, queued_at=queued)
        add(queued, _ARRIVE, pk, waiting)
        gone = called or ended
        if gone:
            add(gone, _LEAVE, pk)
        if called:
            add(called, _CALLED, pk, (service_id, rank, (called - queued).total_seconds()))
            moment = queued
            while moment < called:
                kind = "issue" if moment == queued else "waiting"
                add(moment, _ASK, pk, (waiting, kind, (called - moment).total_seconds()))
                moment += every
        if started and ended and ended > started:  # completed without a start: not timed
            add(ended, _DONE, pk, (service_id, (ended - started).total_seconds()))
    for counter_id, state, staff_id, at in _counter_events(centre, start, end):
        add(at, _COUNTER, counter_id, (state, staff_id))
    heapq.heapify(events)

    waiting_now: dict[int, Waiting] = {}
    counters: dict[int, frozenset[int]] = {}
    last_called: dict[tuple[int, int], float] = {}
    recent: dict[int, deque] = defaultdict(deque)
    recent_sum: dict[int, float] = defaultdict(float)
    while events:
        at, kind, _seq, key, payload = heapq.heappop(events)
        if kind == _ARRIVE:
            waiting_now[key] = payload
        elif kind == _LEAVE:
            waiting_now.pop(key, None)
        elif kind == _CALLED:
            service_id, rank, waited = payload
            last_called[(service_id, rank)] = waited
        elif kind == _DONE:
            service_id, seconds = payload
            recent[service_id].append((at, seconds))
            recent_sum[service_id] += seconds
        elif kind == _COUNTER:
            state, staff_id = payload
            if state == Counter.State.OPEN and staff_id is not None:
                counters[key] = by_staff.get(staff_id, frozenset())
            else:
                counters.pop(key, None)
        else:
            for service_id, window in recent.items():
                while window and window[0][0] < at - MEAN_WINDOW:
                    recent_sum[service_id] -= window.popleft()[1]
            means = {
                **standard,
                **{sid: recent_sum[sid] / len(w) for sid, w in recent.items() if w},
            }
            state = QueueState(
                at=at,
                waiting=tuple(waiting_now.values()),
                counters=tuple(counters.values()),
                service_seconds=means,
                last_called_wait=dict(last_called),
                targets=targets,
            )
            asked, moment, actual = payload
            for name, estimator in estimators.items():
                predicted = estimator(state, asked.service_id, asked.rank, asked.queued_at)
                score = scores[(name, moment)]
                if predicted is None:
                    score.unknown += 1
                else:
                    score.errors.append(abs(predicted - actual))
                    score.signed[asked.service_id].append(predicted - actual)
    return scores


def _counter_events(centre: Centre, start: dt.datetime, end: dt.datetime):
    """(counter, state, employee, at) of the day, each counter's state at the start of the
    day first (its last change before, if within a day: counters close every night)."""
    before = {}
    for counter_id, state, staff_id, _at in CounterEvent.objects.filter(
        centre=centre, at__gte=start - dt.timedelta(days=1), at__lt=start
    ).values_list("counter_id", "state", "staff_id", "at"):
        before[counter_id] = (counter_id, state, staff_id, start)
    yield from before.values()
    yield from CounterEvent.objects.filter(centre=centre, at__gte=start, at__lt=end).values_list(
        "counter_id", "state", "staff_id", "at"
    )


def backtest(
    centre: Centre,
    first: dt.date,
    last: dt.date,
    *,
    every_minutes: int = 10,
    estimators: dict | None = None,
) -> dict[tuple[str, str], Score]:
    scores: dict[tuple[str, str], Score] = defaultdict(Score)
    day = first
    while day <= last:
        replay_day(centre, day, every_minutes=every_minutes, scores=scores, estimators=estimators)
        day += dt.timedelta(days=1)
    return scores
