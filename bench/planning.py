"""Staffing planner: forecast + plan of one busy centre-day, and the national sizing table.

In one process, on a fresh SQLite database in a temporary folder:

* plan: a centre offering `--services` services with `--counters` counters and as many
  agents (a third of them universal, the rest certified for four services each), and
  16 past same weekdays of `--per-day` ticket steps between 08:00 and 15:00, inserted in
  bulk; then times `plan_day` (forecast with its back-test, Erlang C per hour, and the
  simulation of the centre's routing, 5 runs per open hour) `--repeat` times;
* national: `--centres` centres with a month of daily aggregates (`CentreDay`, and a
  `ServiceDay` per centre, day and service for the targets), then times `national_sizing`.

    python -m bench planning [--services 20] [--counters 30] [--per-day 1500] [--centres 1011]
"""

import argparse
import datetime as dt
import random
import statistics
import time
import zoneinfo

from bench.common import django_in_process, print_table


def _plan_fixture(args):
    from django.contrib.auth.models import User

    from centre.models import Centre, CentreService, Department, OpeningHours, Service
    from queueing.models import Counter, Ticket, TicketStep
    from staff.models import Certification, Staff

    amman = zoneinfo.ZoneInfo("Asia/Amman")
    centre = Centre.objects.create(code="bench", name_ar="مركز", name_en="Centre", governorate="A")
    OpeningHours.objects.bulk_create(
        OpeningHours(centre=centre, weekday=d, opens=dt.time(8), closes=dt.time(15))
        for d in range(7)
    )
    department = Department.objects.create(code="d", name_ar="قسم", name_en="Department")
    services = [
        Service.objects.create(
            code=f"s{i}",
            department=department,
            name_ar=f"خدمة {i}",
            name_en=f"Service {i}",
            target_wait_minutes=random.choice([10, 15, 20, 30]),
            standard_service_minutes=random.choice([4, 6, 8, 12]),
        )
        for i in range(args.services)
    ]
    CentreService.objects.bulk_create(
        CentreService(centre=centre, service=s, letter=chr(65 + i % 26))
        for i, s in enumerate(services)
    )
    Counter.objects.bulk_create(
        Counter(centre=centre, number=n) for n in range(1, args.counters + 1)
    )
    for n in range(args.counters):
        user = User.objects.create(username=f"agent{n}")
        staff = Staff.objects.create(user=user, centre=centre, is_universal=n % 3 == 0)
        if not staff.is_universal:
            Certification.objects.bulk_create(
                Certification(staff=staff, service=s) for s in random.sample(services, 4)
            )
    day = dt.date(2026, 11, 25)
    weights = [1 / (i + 1) for i in range(len(services))]  # a few services carry most demand
    for week in range(1, 17):
        past = day - dt.timedelta(weeks=week)
        opens = dt.datetime.combine(past, dt.time(8), tzinfo=amman)
        chosen = random.choices(services, weights, k=args.per_day)
        tickets = Ticket.objects.bulk_create(
            Ticket(
                centre=centre,
                service=chosen[k],
                service_day=past,
                letter="A",
                number=k + 1,
                queue_since=opens,
                issued_at=opens + dt.timedelta(seconds=random.uniform(0, 7 * 3600)),
                status=Ticket.Status.DONE,
            )
            for k in range(args.per_day)
        )
        TicketStep.objects.bulk_create(
            TicketStep(ticket=t, position=0, service=t.service) for t in tickets
        )
    return centre, day


def _national_fixture(args):
    from centre.models import Centre, Department, Service
    from queueing.models import Counter
    from scorecard.models import CentreDay, ServiceDay

    department = Department.objects.create(code="n", name_ar="قسم", name_en="Department")
    services = [
        Service.objects.create(
            code=f"n{i}",
            department=department,
            name_ar="خدمة",
            name_en="Service",
            target_wait_minutes=15,
            standard_service_minutes=8,
        )
        for i in range(5)
    ]
    centres = Centre.objects.bulk_create(
        Centre(code=f"c{i}", name_ar=f"مركز {i}", name_en=f"Centre {i}", governorate="A")
        for i in range(args.centres)
    )
    days = [dt.date(2026, 10, 1) + dt.timedelta(days=k) for k in range(31) if k % 7 not in (1, 2)]
    for centre in centres:
        peak = random.randint(5, 120)
        hours = [0] * 8 + [peak // 2, peak, peak, peak // 2, peak // 3] + [0] * 11
        Counter.objects.bulk_create(
            Counter(centre=centre, number=n) for n in range(1, random.randint(6, 40))
        )
        CentreDay.objects.bulk_create(
            CentreDay(
                centre=centre,
                day=d,
                visits=sum(hours),
                arrivals=sum(hours),
                arrivals_by_hour=hours,
                service_n=sum(hours),
                service_sum=sum(hours) * 480.0,
                called=sum(hours),
                within_target=sum(hours) * 3 // 4,
            )
            for d in days
        )
        ServiceDay.objects.bulk_create(
            ServiceDay(centre=centre, day=d, service=s, arrivals=sum(hours) // 5)
            for d in days
            for s in services
        )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench planning")
    parser.add_argument("--services", type=int, default=20)
    parser.add_argument("--counters", type=int, default=30)
    parser.add_argument("--per-day", type=int, default=1500)
    parser.add_argument("--centres", type=int, default=1011)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    django_in_process()

    from planning.sizing import national_sizing
    from planning.staffing import plan_day
    from scorecard.periods import parse_period

    random.seed(1)
    centre, day = _plan_fixture(args)
    timings, cpu = [], []
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        plan = plan_day(centre=centre, day=day)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    _national_fixture(args)
    started, started_cpu = time.perf_counter(), time.process_time()
    table = national_sizing(parse_period("2026-10"))
    national = time.perf_counter() - started
    national_cpu = time.process_time() - started_cpu

    print_table(
        ["measure", "median s", "max s", "CPU s (median)", "target s", "notes"],
        [
            [
                "plan one centre-day",
                f"{statistics.median(timings):.3f}",
                f"{max(timings):.3f}",
                f"{statistics.median(cpu):.3f}",
                "1",
                f"{len(plan.hours)} open hours, {plan.forecast.total:.0f} steps expected, "
                f"peak needs {plan.peak_pooled} counters",
            ],
            [
                "national sizing",
                f"{national:.3f}",
                f"{national:.3f}",
                f"{national_cpu:.3f}",
                "10",
                f"{len(table)} centres, {sum(r.gap > 0 for r in table)} under-sized",
            ],
        ],
    )
