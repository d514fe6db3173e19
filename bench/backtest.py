"""Wait-estimator back-test: one centre-month replayed, with each estimator's error.

In one process, on a fresh SQLite database in a temporary folder: the planning bench's centre
(`--services` services, `--counters` counters and agents, a third universal), then `--days`
recorded days of `--per-day` citizens (fewer on Friday and Saturday) made by the demo's
generator (`demo/history.py`: a plain hall, one in ten of a priority class, exponential
service times at the registry's standard time), inserted in bulk. Then times `planning.backtest.backtest` over the
month (`--every` minutes between re-asks) and prints each estimator's MAE and P90.

    python -m bench backtest [--services 8] [--counters 10] [--per-day 400] [--days 30]
"""

import argparse
import datetime as dt
import random
import time

from bench.common import django_in_process, print_table


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench backtest")
    parser.add_argument("--services", type=int, default=8)
    parser.add_argument("--counters", type=int, default=10)
    parser.add_argument("--per-day", type=int, default=400)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--every", type=int, default=10)
    args = parser.parse_args(argv)

    django_in_process()

    from bench.planning import _plan_fixture
    from planning.backtest import backtest

    random.seed(1)
    centre, _day = _plan_fixture(argparse.Namespace(**{**vars(args), "per_day": 0}))
    first = dt.date.today() - dt.timedelta(days=args.days + 1)
    from demo.history import record_days
    from queueing.models import Counter
    from staff.models import Staff

    seated = list(
        zip(
            Counter.objects.filter(centre=centre).order_by("number"),
            Staff.objects.filter(centre=centre).order_by("pk"),
            strict=False,
        )
    )
    days = [first + dt.timedelta(days=k) for k in range(args.days)]
    record_days(centre=centre, days=days, per_day=args.per_day, seated=seated, rng=random.Random(1))
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
