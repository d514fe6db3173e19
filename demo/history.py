"""Recorded days for the demo: eight weeks of a centre's past, so the planner forecasts from
history and the wait estimators can be back-tested (`manage.py calibrate_estimates`).

Each day is played by a plain hall: arrivals between 08:00 and 15:00 with a morning peak,
each free counter calling the longest-waiting citizen it may serve (priority first),
exponential service times at the registry's standard time. Rows are inserted in bulk
(tickets, their steps, the counters' opening and closing), so eight weeks take a second or two.

`level` and `hours` (optional) vary a day: its arrivals are scaled by `level(day)` (a Ramadan
month, month-end peaks, day-to-day noise) and spread over the hours by `hours(day)` (weights
for 08:00 … 14:00, `HOUR_WEIGHTS` by default; a Ramadan day starts later and ends earlier).
"""

import datetime as dt
import heapq
import random
from collections.abc import Callable

from centre.models import Centre, CentreService
from queueing.models import Counter, CounterEvent, Ticket, TicketStep
from queueing.selectors import services_by_staff
from staff.models import Staff

OPENS, CLOSES = 8, 15
HOUR_WEIGHTS = [10, 18, 20, 17, 14, 12, 9]  # 08:00 … 14:00
WEEKDAY_SHARE = {4: 0.25, 5: 0.4}  # Friday and Saturday are quiet
PRIORITY_SHARE = 0.1


def record_days(
    *,
    centre: Centre,
    days: list[dt.date],
    per_day: int,
    seated: list[tuple[Counter, Staff]],
    rng: random.Random,
    level: Callable[[dt.date], float] | None = None,
    hours: Callable[[dt.date], list[float]] | None = None,
) -> int:
    """Insert `days` of recorded activity; returns the number of tickets."""
    rows = CentreService.objects.filter(centre=centre, is_active=True).select_related("service")
    offers = {o.service_id: o.service for o in rows}
    letters = {o.service_id: o.letter for o in rows}
    service_ids = sorted(offers)
    weights = [1 / (i + 1) for i in range(len(service_ids))]  # a few services carry most demand
    staff = [s for _c, s in seated]
    total = 0
    for day in days:
        serves = services_by_staff(staff, set(offers), day)
        n = round(per_day * WEEKDAY_SHARE.get(day.weekday(), 1.0) * (level(day) if level else 1.0))
        if not n or not seated:
            continue
        opens = dt.datetime.combine(day, dt.time(OPENS), tzinfo=centre.tz)
        arrivals = sorted(
            (h - OPENS) * 3600 + rng.uniform(0, 3600)
            for h in rng.choices(range(OPENS, CLOSES), hours(day) if hours else HOUR_WEIGHTS, k=n)
        )
        chosen = rng.choices(service_ids, weights, k=n)
        ranks = [1 if rng.random() < PRIORITY_SHARE else 0 for _ in range(n)]
        called: list[float | None] = [None] * n
        ended: list[float | None] = [None] * n
        free = [(0.0, i) for i in range(len(seated))]
        waiting: list[int] = []
        arrived = 0
        while free:
            now, i = heapq.heappop(free)
            while arrived < n and arrivals[arrived] <= now:
                waiting.append(arrived)
                arrived += 1
            mine = serves[staff[i].pk]
            candidates = [k for k in waiting if chosen[k] in mine]
            if not candidates:
                later = next((arrivals[k] for k in range(arrived, n) if chosen[k] in mine), None)
                if later is not None:
                    heapq.heappush(free, (later, i))
                continue
            k = min(candidates, key=lambda k: (-ranks[k], arrivals[k]))
            waiting.remove(k)
            called[k] = now
            ended[k] = now + rng.expovariate(1 / (offers[chosen[k]].standard_service_minutes * 60))
            heapq.heappush(free, (ended[k], i))

        def at(seconds: float, opens=opens) -> dt.datetime:
            return opens + dt.timedelta(seconds=seconds)

        served = [k for k in range(n) if called[k] is not None]
        tickets = Ticket.objects.bulk_create(
            Ticket(
                centre=centre,
                service_id=chosen[k],
                service_day=day,
                letter=letters[chosen[k]],
                number=number,
                priority_rank=ranks[k],
                queue_since=at(arrivals[k]),
                issued_at=at(arrivals[k]),
                called_at=at(called[k]),
                status=Ticket.Status.DONE,
            )
            for number, k in enumerate(served, start=1)
        )
        TicketStep.objects.bulk_create(
            TicketStep(
                ticket=ticket,
                position=0,
                service_id=chosen[k],
                status=TicketStep.Status.DONE,
                queued_at=at(arrivals[k]),
                called_at=at(called[k]),
                started_at=at(called[k]),
                ended_at=at(ended[k]),
            )
            for ticket, k in zip(tickets, served, strict=True)
        )
        last = max(ended[k] for k in served) if served else 0.0
        CounterEvent.objects.bulk_create(
            [
                CounterEvent(centre=centre, counter=c, state=Counter.State.OPEN, staff=s, at=opens)
                for c, s in seated
            ]
            + [
                CounterEvent(
                    centre=centre,
                    counter=c,
                    state=Counter.State.CLOSED,
                    staff=None,
                    at=at(last + 60),
                )
                for c, _s in seated
            ]
        )
        total += len(tickets)
    return total
