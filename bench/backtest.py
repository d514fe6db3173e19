"""Wait-estimator back-test: one centre-month replayed, with each estimator's error.

In one process, on a fresh SQLite database in a temporary folder: the planning bench's centre
(`--services` services, `--counters` counters and agents, a third universal), then `--days`
recorded days of `--per-day` citizens between 08:00 and 15:00, played out by a plain hall
(each counter, when free, calls the longest-waiting citizen it may serve; one in ten of a
priority class; exponential service times at the registry's standard time) and inserted in
bulk with the counters' opening events. Then times `planning.backtest.backtest` over the
month (`--every` minutes between re-asks) and prints each estimator's MAE and P90.

    python -m bench backtest [--services 8] [--counters 10] [--per-day 400] [--days 30]
"""

import argparse
import datetime as dt
import heapq
import os
import random
import tempfile
import time
import zoneinfo

from bench.common import print_table

AMMAN = zoneinfo.ZoneInfo("Asia/Amman")


def _recorded_days(centre, first: dt.date, days: int, per_day: int):
    from centre.models import CentreService, Counter
    from queueing.models import CounterEvent, Ticket, TicketStep
    from queueing.selectors import services_by_staff
    from staff.models import Staff

    offers = {
        o.service_id: o.service
        for o in CentreService.objects.filter(centre=centre).select_related("service")
    }
    staff = list(Staff.objects.filter(centre=centre).order_by("pk"))
    counters = list(Counter.objects.filter(centre=centre).order_by("number"))
    serves = services_by_staff(staff, set(offers), first)
    weights = [1 / (i + 1) for i in range(len(offers))]
    service_ids = list(offers)
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        opens = dt.datetime.combine(day, dt.time(8), tzinfo=AMMAN)
        arrivals = sorted(random.uniform(0, 7 * 3600) for _ in range(per_day))
        chosen = random.choices(service_ids, weights, k=per_day)
        ranks = [1 if random.random() < 0.1 else 0 for _ in range(per_day)]
        called = [None] * per_day
        ended = [None] * per_day
        free = [(0.0, i) for i in range(len(counters))]
        waiting: list[int] = []
        nxt = 0
        while free:
            now, i = heapq.heappop(free)
            while nxt < per_day and arrivals[nxt] <= now:
                waiting.append(nxt)
                nxt += 1
            mine = [k for k in waiting if chosen[k] in serves[staff[i].pk]]
            if not mine:
                later = [
                    arrivals[k] for k in range(nxt, per_day) if chosen[k] in serves[staff[i].pk]
                ]
                if later:
                    heapq.heappush(free, (later[0], i))
                continue
            k = min(mine, key=lambda k: (-ranks[k], arrivals[k]))
            waiting.remove(k)
            called[k] = now
            ended[k] = now + random.expovariate(
                1 / (offers[chosen[k]].standard_service_minutes * 60)
            )
            heapq.heappush(free, (ended[k], i))

        def at(seconds, opens=opens):
            return opens + dt.timedelta(seconds=seconds)

        tickets = Ticket.objects.bulk_create(
            Ticket(
                centre=centre,
                service_id=chosen[k],
                service_day=day,
                letter="A",
                number=k + 1,
                priority_rank=ranks[k],
                queue_since=at(arrivals[k]),
                issued_at=at(arrivals[k]),
                called_at=at(called[k]),
                status=Ticket.Status.DONE,
            )
            for k in range(per_day)
        )
        TicketStep.objects.bulk_create(
            TicketStep(
                ticket=t,
                position=0,
                service_id=chosen[k],
                status=TicketStep.Status.DONE,
                queued_at=at(arrivals[k]),
                called_at=at(called[k]),
                started_at=at(called[k]),
                ended_at=at(ended[k]),
            )
            for k, t in enumerate(tickets)
        )
        CounterEvent.objects.bulk_create(
            [
                CounterEvent(centre=centre, counter=c, state=Counter.State.OPEN, staff=s, at=opens)
                for c, s in zip(counters, staff, strict=False)
            ]
            + [
                CounterEvent(
                    centre=centre,
                    counter=c,
                    state=Counter.State.CLOSED,
                    staff=None,
                    at=at(max(e for e in ended if e) + 60),
                )
                for c in counters
            ]
        )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench backtest")
    parser.add_argument("--services", type=int, default=8)
    parser.add_argument("--counters", type=int, default=10)
    parser.add_argument("--per-day", type=int, default=400)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--every", type=int, default=10)
    args = parser.parse_args(argv)

    os.environ.update(
        NAFITHA_DATA_DIR=tempfile.mkdtemp(prefix="nafitha-bench-"), DATABASE_URL="", REDIS_URL=""
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nafitha.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.planning import _plan_fixture
    from planning.backtest import backtest

    call_command("migrate", verbosity=0)
    random.seed(1)
    centre, _day = _plan_fixture(argparse.Namespace(**{**vars(args), "per_day": 0}))
    first = dt.date.today() - dt.timedelta(days=args.days + 1)
    _recorded_days(centre, first, args.days, args.per_day)
    last = first + dt.timedelta(days=args.days - 1)
    started, started_cpu = time.perf_counter(), time.process_time()
    scores = backtest(centre, first, last, every_minutes=args.every)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    print(
        f"one centre-month: {args.days} days × {args.per_day} citizens, {args.counters} "
        f"counters, {args.services} services: {elapsed:.1f} s ({cpu:.1f} s CPU; target 30 s)"
    )
    rows = []
    for moment in ("issue", "waiting"):
        for name in ("zms", "pool", "last_called", "simulation"):
            s = scores.get((name, moment))
            if s is None or not s.n:
                continue
            rows.append(
                [name, moment, s.n, f"{s.mae_minutes:.1f}", f"{s.p90_minutes:.1f}", s.unknown]
            )
    print_table(["estimator", "moment", "n", "MAE min", "P90 min", "no estimate"], rows)
