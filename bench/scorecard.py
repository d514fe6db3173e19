"""Scorecard on a national history (PostgreSQL): daily aggregation, quarter ranking, PDF, dashboard.

Builds its own database (default `nafitha_bench_scorecard`, dropped and recreated) with
1,000 service offices and 11 comprehensive centres:

* two years of daily aggregates (CentreDay, ServiceDay), loaded with COPY — what the national
  queries read; offices serve ~45 visits a day on 5 services, centres ~1,500 on 30 services,
  ~2.5 services per visit, Sunday to Thursday, with an hourly arrival profile;
* the raw event log (tickets, steps, events, counter states) of the last `--raw-days` days for
  every centre, loaded with COPY, plus "today" for the busiest centre up to 11:00 with
  people still waiting.

The data comes from `bench/_scorecard_data.py`; this file builds the database and times
aggregating one day for every centre (target < 5 s), the national scorecard for a quarter
(< 1 s), one centre's PDF report (< 2 s) and the live dashboard snapshot of the busiest
centre (< 50 ms). `--scale 0.1` builds a tenth of the offices for a quick run.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import time

from bench.common import print_table


def _setup(url: str, fresh: bool) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    if fresh:
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(DATABASE_URL=url, REDIS_URL="", DJANGO_SETTINGS_MODULE="nafitha.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench scorecard", description=__doc__)
    parser.add_argument(
        "--database-url", default="postgres://127.0.0.1:5432/nafitha_bench_scorecard"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="share of the 1,000 offices (default 1)"
    )
    parser.add_argument("--centres", type=int, default=11)
    parser.add_argument("--years", type=float, default=2.0)
    parser.add_argument("--raw-days", type=int, default=2, help="days of raw event log (default 2)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--reuse", action="store_true", help="time again on the database a previous run built"
    )
    args = parser.parse_args(argv)
    offices = round(1000 * args.scale)
    rng = random.Random(2026)

    started = time.perf_counter()
    _setup(args.database_url, fresh=not args.reuse)
    from django.db import connection

    from bench import _scorecard_data as data
    from centre.models import Centre
    from queueing.models import CounterEvent, Ticket, TicketEvent
    from scorecard import report
    from scorecard.aggregation import aggregate_day, local_centres, refresh_month
    from scorecard.dashboard import dashboard_snapshot
    from scorecard.models import CentreDay, CentreMonth, ServiceDay
    from scorecard.periods import period_containing
    from scorecard.selectors import centre_card, load_framework, national

    today = dt.date(2026, 11, 24)  # a Tuesday
    cutoff = dt.datetime.combine(today, dt.time(11), tzinfo=data.AMMAN)
    raw_days = list(
        data.working_days(
            today - dt.timedelta(days=args.raw_days + 3), today - dt.timedelta(days=1)
        )
    )
    raw_days = raw_days[-args.raw_days :]
    history = list(
        data.working_days(
            today - dt.timedelta(days=round(365 * args.years)), raw_days[0] - dt.timedelta(days=1)
        )
    )
    if not args.reuse:
        plan = data.build_registry(offices, args.centres, rng)
        data.load_history(plan, history, rng)
        log = data.RawLog(rng)
        for day in raw_days:
            for entry in plan:
                log.day(entry, day)
        log.day(plan[0], today, cutoff)
        log.load()
        data.busy_today(plan, cutoff)
        for day in raw_days[:-1]:
            aggregate_day(day, local_centres(), now=cutoff)
    if not args.reuse or not CentreMonth.objects.exists():
        ids = list(Centre.objects.values_list("pk", flat=True))
        for month in sorted({day.replace(day=1) for day in [*history, *raw_days]}):
            refresh_month(ids, month)
    build_seconds = time.perf_counter() - started
    sizes = {
        "tickets": Ticket.objects.count(),
        "events": TicketEvent.objects.count(),
        "counter states": CounterEvent.objects.count(),
        "centre-days": CentreDay.objects.count(),
        "service-days": ServiceDay.objects.count(),
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_database_size(current_database())), version(), "
            "(SELECT count(*) FROM queueing_ticketstep)"
        )
        db_size, pg_version, sizes["steps"] = cursor.fetchone()

    centres = local_centres()
    target_day = raw_days[-1]
    aggregation = _timed(lambda: aggregate_day(target_day, centres, now=cutoff), 3)
    quarter = period_containing("quarter", history[-1] - dt.timedelta(days=92))
    spec = load_framework()
    ranking = _timed(lambda: national(quarter, spec), args.repeat)
    busiest = Centre.objects.get(code="centre-0000")
    pdf = _timed(lambda: report.centre_report(centre_card(busiest, quarter, spec)), args.repeat)
    snapshot = _timed(
        lambda: dashboard_snapshot(busiest, names=True, now=cutoff), max(args.repeat, 20)
    )
    waiting = dashboard_snapshot(busiest, names=True, now=cutoff)["totals"]["waiting"]

    def row(name, times, target):
        def show(seconds):
            return f"{seconds * 1000:.0f} ms" if target < 1 else f"{seconds:.2f} s"

        median = statistics.median(times)
        return [
            name,
            show(median),
            show(min(times)),
            show(max(times)),
            f"< {show(target)}",
            "ok" if median < target else "over",
        ]

    print(
        f"data: {len(centres)} centres; {len(history)} working days of aggregates "
        f"({sizes['centre-days']:,} centre-days, {sizes['service-days']:,} service-days); raw log of "
        f"{len(raw_days)} days + today: {sizes['tickets']:,} tickets, {sizes['steps']:,} steps, "
        f"{sizes['events']:,} events, {sizes['counter states']:,} counter states; "
        f"database {db_size}; built in {build_seconds:.0f} s"
    )
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {pg_version.split(',')[0]}"
    )
    print(f"busiest centre today at 11:00: {waiting} waiting\n")
    print_table(
        ["what", "median", "best", "worst", "target", ""],
        [
            row(f"aggregate {target_day} for {len(centres)} centres", aggregation, 5),
            row(
                f"national scorecard {quarter.key} ({len(national(quarter, spec))} centres)",
                ranking,
                1,
            ),
            row(f"PDF report {busiest.code} {quarter.key}", pdf, 2),
            row(f"dashboard snapshot {busiest.code}", snapshot, 0.05),
        ],
    )
