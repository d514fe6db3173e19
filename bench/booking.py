"""Booking: slots of a centre-month, and 20 clients booking at once without a double booking.

In one process. Loads the demo centres into the database (a fresh SQLite file in a temporary
folder, or `--database-url`, which must be PostgreSQL for the concurrent part) and plans
`--counters` appointment counters (25 % kept for walk-ins) for every service of amman.

1. Slots: `appointments.selectors.slots_for` for each service over 31 days (the horizon
   raised to 31), `--repeats` times; and all services of the centre one after another
   (what a "which day is free this month" view costs). Target: < 200 ms per service-month.
2. Race (PostgreSQL only): `--rounds` rounds; in each, `--clients` numbers get a code, then
   book at the same moment (a barrier, real threads, one connection each) spread over 4
   slots of `--counters` × 75 % places. Checks afterwards that no place is held twice and
   that no slot holds more bookings than places; prints per-booking latency and outcomes.

    python -m bench booking [--database-url postgres://…] [--clients 20] [--rounds 3]
"""

import argparse
import collections
import datetime as dt
import os
import threading
import time

from bench.common import django_in_process, percentile, print_table


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench booking")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--counters", type=int, default=2)
    args = parser.parse_args(argv)

    django_in_process(
        DATABASE_URL=args.database_url,
        NAFITHA_NOTIFY_IMMEDIATE="off",
        NAFITHA_BOOKING_HORIZON_DAYS="31",
        NAFITHA_SMS_PER_NUMBER_PER_DAY="1000",
    )
    from django.core.management import call_command
    from django.db import connection

    from appointments.models import AppointmentPlan
    from centre.models import Centre, CentreService

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - process exits
    centre = Centre.objects.prefetch_related("opening_hours").get(code="amman")
    services = [
        offer.service
        for offer in CentreService.objects.filter(centre=centre, is_active=True)
        .select_related("service")
        .order_by("service__code")
    ]
    for service in services:
        AppointmentPlan.objects.update_or_create(
            centre=centre,
            service=service,
            defaults={"counters": args.counters, "walk_in_percent": 25, "is_active": True},
        )
    print(f"database: {connection.vendor}; centre amman, {len(services)} services planned\n")
    slots_bench(centre, services, args.repeats)
    if connection.vendor != "postgresql":
        print("\nrace: skipped (needs PostgreSQL: --database-url postgres://…)")
        return
    race_bench(centre, services[0], args.clients, args.rounds)


def slots_bench(centre, services, repeats: int) -> None:
    from appointments.selectors import slots_for

    first = centre.service_day() + dt.timedelta(days=1)
    rows = []
    per_service = []
    for service in services:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            slots = slots_for(centre=centre, service=service, first=first, days=31)
            times.append((time.perf_counter() - start) * 1000)
        per_service.append(percentile(times, 50))
        rows.append(
            [
                service.code,
                len(slots),
                f"{percentile(times, 50):.1f}",
                f"{percentile(times, 99):.1f}",
            ]
        )
    start = time.perf_counter()
    for service in services:
        slots_for(centre=centre, service=service, first=first, days=31)
    whole = (time.perf_counter() - start) * 1000
    rows.append(["all services, once each", "", f"{whole:.1f}", ""])
    print_table(["service (31 days)", "slots", "p50 ms", "p99 ms"], rows)


def race_bench(centre, service, clients: int, rounds: int) -> None:
    from appointments import services as booking
    from appointments.models import Booking, PhoneVerification
    from appointments.selectors import slots_for
    from kiosk.models import Notification

    bench_phones = Booking.objects.filter(phone__startswith="+96279")
    bench_phones.delete()
    PhoneVerification.objects.filter(phone__startswith="+96279").delete()
    first = centre.service_day() + dt.timedelta(days=1)
    free = [s for s in slots_for(centre=centre, service=service, first=first, days=31) if s.free]
    rows, all_latencies = [], []
    for round_no in range(rounds):
        targets = free[round_no * 4 : round_no * 4 + 4]
        phones = [f"+96279{round_no:02d}{n:05d}" for n in range(clients)]
        codes = {}
        for phone in phones:
            booking.code_send(phone=phone)
            text = Notification.objects.filter(phone=phone, kind="code").latest("pk").text
            codes[phone] = "".join(c for c in text.split(":")[1] if c.isdigit())[:6]
        outcomes, latencies, wall = _race_round(centre, service, targets, codes)
        places = sum(t.capacity for t in targets)
        held = Booking.objects.filter(
            centre=centre,
            service=service,
            starts_at__in=[t.starts_at for t in targets],
            status__in=Booking.ACTIVE,
        )
        per_seat = collections.Counter(held.values_list("starts_at", "seat"))
        per_slot = collections.Counter(held.values_list("starts_at", flat=True))
        double = sum(n - 1 for n in per_seat.values() if n > 1)
        over = sum(max(0, per_slot[t.starts_at] - t.capacity) for t in targets)
        all_latencies += latencies
        rows.append(
            [
                round_no + 1,
                clients,
                places,
                outcomes["booked"],
                ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()) if k != "booked"),
                double,
                over,
                f"{percentile(latencies, 50):.0f}",
                f"{percentile(latencies, 99):.0f}",
                f"{wall:.0f}",
            ]
        )
    print()
    print_table(
        [
            "round",
            "clients",
            "places",
            "booked",
            "refused",
            "double",
            "over",
            "p50 ms",
            "p99 ms",
            "wall ms",
        ],
        rows,
    )
    print(
        f"\nall rounds: p50 {percentile(all_latencies, 50):.0f} ms, "
        f"p99 {percentile(all_latencies, 99):.0f} ms"
    )


def _race_round(centre, service, targets, codes: dict) -> tuple:
    """Every number books at once (a barrier), spread over `targets`."""
    from django.db import connections

    from appointments import services as booking
    from appointments.errors import AppointmentError

    barrier = threading.Barrier(len(codes))
    outcomes, latencies = collections.Counter(), []
    lock = threading.Lock()

    def client(index, phone):
        try:
            barrier.wait()
            start = time.perf_counter()
            try:
                booking.booking_create(
                    centre=centre,
                    service=service,
                    starts_at=targets[index % len(targets)].starts_at,
                    phone=phone,
                    code=codes[phone],
                )
                outcome = "booked"
            except AppointmentError as exc:
                outcome = exc.code
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                outcomes[outcome] += 1
                latencies.append(elapsed)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i, p)) for i, p in enumerate(codes)]
    wall = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, latencies, (time.perf_counter() - wall) * 1000
