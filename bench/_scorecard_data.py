"""The national history `bench scorecard` times: registry, two years of daily aggregates and
a raw event log, generated with a fixed seed and loaded with COPY (PostgreSQL).

Imported by `bench/scorecard.py` once Django is set up on the bench database. Statuses, event
kinds, outcomes, counter states and the wait histogram's bins are the product's own (model
choices and `scorecard.models`), so a renamed value breaks this file instead of quietly
generating rows no query counts.
"""

import datetime as dt
import random
import zoneinfo

from django.contrib.auth.models import User
from django.db import connection

from centre.models import Centre, CentreService, Department, Service
from queueing.models import Counter, Ticket, TicketEvent, TicketStep
from scorecard.models import WAIT_BIN_EDGES_MIN, WAIT_BINS
from staff.models import Staff

AMMAN = zoneinfo.ZoneInfo("Asia/Amman")
HOURLY = {8: 10, 9: 16, 10: 18, 11: 16, 12: 12, 13: 11, 14: 10, 15: 7}  # share of arrivals by hour
SERVICES_PER_VISIT = ((1, 0.2), (2, 0.3), (3, 0.3), (4, 0.2))  # mean 2.5


def _copy(table: str, columns: list[str], rows) -> int:

    connection.ensure_connection()
    count = 0
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _reset_sequences(*tables: str) -> None:

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"
            )


# --- Registry, centres, people --------------------------------------------------------------


def build_registry(offices: int, centres: int, rng: random.Random):

    departments = Department.objects.bulk_create(
        Department(code=f"dept-{i:02d}", name_ar=f"الدائرة {i}", name_en=f"Department {i}")
        for i in range(10)
    )
    services = Service.objects.bulk_create(
        Service(
            code=f"svc-{i:02d}",
            department=departments[i % 10],
            name_ar=f"الخدمة {i}",
            name_en=f"Service {i}",
            target_wait_minutes=rng.choice((10, 15, 20, 30)),
            standard_service_minutes=rng.choice((5, 8, 10, 15)),
            required_documents=[{"ar": "الهوية", "en": "ID"}] if i % 7 else [],
            procedure_steps=[{"ar": "تقديم", "en": "Apply"}],
            description_ar="وصف",
        )
        for i in range(40)
    )
    sites = [("centre", i, Centre.SizeClass.COMPREHENSIVE, 1500, 30, 20) for i in range(centres)]
    sites += [("office", i, Centre.SizeClass.OFFICE, 45, 5, 3) for i in range(offices)]
    rows = Centre.objects.bulk_create(
        Centre(
            code=f"{kind}-{i:04d}",
            name_ar=f"مركز {kind} {i}",
            name_en=f"{kind.title()} {i}",
            governorate=rng.choice(("Amman", "Irbid", "Zarqa", "Aqaba", "Karak")),
            size_class=size,
        )
        for kind, i, size, _, _, _ in sites
    )
    plan = []
    offers, counters, users = [], [], []
    for centre, (_kind, _i, _size, volume, n_services, n_counters) in zip(rows, sites, strict=True):
        offered = rng.sample(services, n_services)
        offers += [CentreService(centre=centre, service=s, letter="A") for s in offered]
        counters += [Counter(centre=centre, number=n + 1) for n in range(n_counters)]
        users += [User(username=f"{centre.code}-{n + 1}", password="!") for n in range(n_counters)]
        # A centre's own quality: mean wait (min), share of problems.
        plan.append(
            {
                "centre": centre,
                "volume": volume,
                "services": offered,
                "n_counters": n_counters,
                "mean_wait": rng.uniform(4, 25),
                "walk_out": rng.uniform(0.01, 0.06),
            }
        )
    CentreService.objects.bulk_create(offers, batch_size=5000)
    counters = Counter.objects.bulk_create(counters, batch_size=5000)
    users = User.objects.bulk_create(users, batch_size=5000)
    staff = Staff.objects.bulk_create(
        [
            Staff(user=u, centre=c.centre, is_universal=rng.random() > 0.2)
            for u, c in zip(users, counters, strict=True)
        ],
        batch_size=5000,
    )
    by_centre: dict[int, list] = {}
    for counter, person in zip(counters, staff, strict=True):
        by_centre.setdefault(counter.centre_id, []).append((counter.pk, person.pk))
    for entry in plan:
        entry["desks"] = by_centre[entry["centre"].pk]
    return plan


# --- Two years of daily aggregates ------------------------------------------------------------


def working_days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        if day.weekday() not in (4, 5):  # Friday and Saturday off
            yield day
        day += dt.timedelta(days=1)


def _wait_bins(called: int, mean_minutes: float, rng: random.Random) -> list[int]:
    """Exponential waits binned like the histogram columns."""
    bins = [0] * (len(WAIT_BIN_EDGES_MIN) + 1)
    low = 0.0
    for index, edge in enumerate(WAIT_BIN_EDGES_MIN):
        bins[index] = round(
            called
            * (pow(2.718281828, -low / mean_minutes) - pow(2.718281828, -edge / mean_minutes))
        )
        low = edge
    bins[-1] = max(0, called - sum(bins[:-1]))
    return bins


def history_rows(plan, days: list[dt.date], rng: random.Random):
    """(CentreDay row, [ServiceDay rows]) per centre and working day, with plausible figures."""
    for day in days:  # day by day, as a real instance inserts them
        for entry in plan:
            n_services, mean_wait = len(entry["services"]), entry["mean_wait"]
            visits = max(1, round(entry["volume"] * rng.uniform(0.7, 1.3)))
            per_service = []
            for service in entry["services"]:
                arrivals = max(1, round(visits * 2.5 / n_services * rng.uniform(0.6, 1.4)))
                walk_outs = round(arrivals * entry["walk_out"])
                called = arrivals - walk_outs
                served = round(called * 0.97)
                bins = _wait_bins(called, mean_wait * rng.uniform(0.8, 1.2), rng)
                within = sum(
                    b
                    for b, edge in zip(bins, WAIT_BIN_EDGES_MIN, strict=False)
                    if edge <= service.target_wait_minutes
                )
                per_service.append(
                    (
                        service,
                        {
                            "arrivals": arrivals,
                            "called": called,
                            "served": served,
                            "resolved": round(served * 0.9),
                            "no_shows": called - served,
                            "walk_outs": walk_outs,
                            "cancelled": 0,
                            "transfers": round(arrivals * 0.01),
                            "recalls": round(called * 0.05),
                            "within_target": within,
                            "within_standard": round(served * rng.uniform(0.6, 0.95)),
                            "wait_sum": called * mean_wait * 60.0,
                            "walk_n": served,
                            "walk_sum": served * 45.0,
                            "service_n": served,
                            "service_sum": served * service.standard_service_minutes * 60.0,
                            **dict(zip(WAIT_BINS, bins, strict=True)),
                        },
                    )
                )
            totals = {k: sum(f[k] for _, f in per_service) for k in per_service[0][1]}
            counters = entry["n_counters"]
            centre = {
                **totals,
                "visits": visits,
                "visits_done": round(visits * 0.95),
                "visit_sum": visits * 0.95 * (mean_wait + 12) * 60 * 2.5,
                "open_seconds": counters * 7 * 3600.0,
                "serving_seconds": totals["service_sum"],
                "peak_waiting": round(visits / 12),
                "coverage_services": n_services,
                "coverage_covered": n_services - rng.randint(0, 1),
                "registry_services": n_services,
                "registry_complete": n_services - rng.randint(0, 1),
                "charter_services": n_services,
                "charter_met": rng.randint(n_services // 2, n_services),
                "csat_n": round(visits * 0.15),
                "csat_positive": round(visits * 0.15 * rng.uniform(0.6, 0.95)),
                "nps_n": round(visits * 0.1),
                "nps_promoters": round(visits * 0.05),
                "nps_detractors": round(visits * 0.02),
                "complaints": rng.randint(0, 2),
                "complaints_due": rng.randint(0, 2),
                "complaints_due_met": 0,
                "mystery_n": 1 if rng.random() < 0.02 else 0,
                "mystery_sum": 0.0,
                "volunteer_n": 0,
                "volunteer_sum": 0.0,
                "self_n": 0,
                "self_sum": 0.0,
                "arrivals_by_hour": "["
                + ",".join(str(round(visits * HOURLY.get(h, 0) / 100)) for h in range(24))
                + "]",
                "served_by_hour": "["
                + ",".join(str(round(visits * HOURLY.get(h - 1, 0) / 100)) for h in range(24))
                + "]",
                "by_channel": "{}",
                "by_priority": "{}",
                "origin": "",
            }
            centre["mystery_sum"] = centre["mystery_n"] * rng.uniform(50, 95)
            centre["complaints_due_met"] = min(centre["complaints_due"], rng.randint(0, 2))
            yield entry["centre"].pk, day, centre, per_service


def load_history(plan, days, rng) -> tuple[int, int]:
    """Stream ServiceDay rows into COPY while keeping the (fewer) CentreDay rows for a second COPY."""

    connection.ensure_connection()
    centre_rows, centre_columns, n_service = [], None, 0
    with connection.connection.cursor() as cursor:
        rows = history_rows(plan, days, rng)
        centre_id, day, centre, per_service = next(rows)
        centre_columns = list(centre)
        columns = ["centre_id", "day", "service_id", *per_service[0][1]]
        with cursor.copy(f"COPY scorecard_serviceday ({', '.join(columns)}) FROM STDIN") as copy:
            while True:
                centre_rows.append((centre_id, day, *centre.values()))
                for service, figures in per_service:
                    copy.write_row((centre_id, day, service.pk, *figures.values()))
                    n_service += 1
                try:
                    centre_id, day, centre, per_service = next(rows)
                except StopIteration:
                    break
    n_centre = _copy("scorecard_centreday", ["centre_id", "day", *centre_columns], centre_rows)
    return n_centre, n_service


# --- The raw log ------------------------------------------------------------------------------


class RawLog:
    """Tickets, steps, events and counter states with explicit ids, for COPY."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.tickets, self.steps, self.events, self.changes = [], [], [], []
        self.ids = {"ticket": 0, "step": 0, "event": 0, "change": 0}

    def next_id(self, kind: str) -> int:
        self.ids[kind] += 1
        return self.ids[kind]

    def counters(self, entry, day: dt.date, cutoff: dt.datetime | None) -> None:
        def at(h, m):
            return dt.datetime.combine(day, dt.time(h, m), tzinfo=AMMAN)

        for counter_id, staff_id in entry["desks"]:
            plan = [
                (Counter.State.OPEN, at(7, 50), ""),
                (Counter.State.PAUSED, at(12, 0), Counter.PauseReason.BREAK),
                (Counter.State.OPEN, at(12, 30), ""),
                (Counter.State.CLOSED, at(15, 30), ""),
            ]
            for state, when, reason in plan:
                if cutoff is None or when <= cutoff:
                    self.changes.append(
                        (
                            self.next_id("change"),
                            entry["centre"].pk,
                            counter_id,
                            staff_id if state != Counter.State.CLOSED else None,
                            staff_id,
                            state,
                            reason,
                            when,
                        )
                    )

    def day(self, entry, day: dt.date, cutoff: dt.datetime | None = None) -> None:
        rng = self.rng
        visits = max(1, round(entry["volume"] * rng.uniform(0.8, 1.2)))
        hours = rng.choices(list(HOURLY), weights=list(HOURLY.values()), k=visits)
        arrivals = sorted(
            dt.datetime.combine(day, dt.time(h), tzinfo=AMMAN)
            + dt.timedelta(seconds=rng.randrange(3600))
            for h in hours
        )
        self.counters(entry, day, cutoff)
        for number, issued in enumerate(arrivals, start=1):
            if cutoff and issued > cutoff:
                break
            self.visit(entry, day, number, issued, cutoff)

    def visit(self, entry, day, number, issued, cutoff) -> None:
        rng, centre_id = self.rng, entry["centre"].pk
        ticket_id = self.next_id("ticket")
        count = rng.choices(
            [n for n, _ in SERVICES_PER_VISIT], weights=[w for _, w in SERVICES_PER_VISIT]
        )[0]
        services = rng.sample(entry["services"], min(count, len(entry["services"])))
        events = [(TicketEvent.Kind.ISSUED, issued, None, None, None, None)]
        steps, clock, status, current = [], issued, Ticket.Status.DONE, None
        for position, service in enumerate(services):
            step_id = self.next_id("step")
            counter_id, staff_id = rng.choice(entry["desks"])
            queued = clock
            called = queued + dt.timedelta(minutes=rng.expovariate(1 / entry["mean_wait"]))
            started = called + dt.timedelta(seconds=rng.uniform(20, 120))
            ended = started + dt.timedelta(
                minutes=service.standard_service_minutes * rng.uniform(0.6, 1.4)
            )
            if cutoff and (called > cutoff or ended > cutoff):
                steps.append(
                    [
                        step_id,
                        position,
                        service.pk,
                        TicketStep.Status.WAITING,
                        "",
                        queued,
                        None,
                        None,
                        None,
                        None,
                        None,
                    ]
                )
                events.append((TicketEvent.Kind.QUEUED, queued, step_id, service.pk, None, None))
                steps += [
                    [
                        self.next_id("step"),
                        p,
                        s.pk,
                        TicketStep.Status.PENDING,
                        "",
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                    ]
                    for p, s in enumerate(services[position + 1 :], start=position + 1)
                ]
                status, current = Ticket.Status.WAITING, (step_id, service.pk, queued)
                break
            fate = rng.random()
            events += [(TicketEvent.Kind.QUEUED, queued, step_id, service.pk, None, None)]
            if fate < entry["walk_out"]:
                events.append(
                    (TicketEvent.Kind.WALKED_OUT, called, step_id, service.pk, None, None)
                )
                steps.append(
                    [
                        step_id,
                        position,
                        service.pk,
                        TicketStep.Status.WALKED_OUT,
                        "",
                        queued,
                        None,
                        None,
                        called,
                        None,
                        None,
                    ]
                )
                status, clock = Ticket.Status.WALKED_OUT, called
                break
            events.append(
                (TicketEvent.Kind.CALLED, called, step_id, service.pk, counter_id, staff_id)
            )
            if fate < entry["walk_out"] + 0.02:
                recall = called + dt.timedelta(minutes=1)
                events += [
                    (TicketEvent.Kind.RECALLED, recall, step_id, service.pk, counter_id, staff_id),
                    (
                        TicketEvent.Kind.NO_SHOW,
                        recall + dt.timedelta(minutes=2),
                        step_id,
                        service.pk,
                        counter_id,
                        staff_id,
                    ),
                ]
                steps.append(
                    [
                        step_id,
                        position,
                        service.pk,
                        TicketStep.Status.NO_SHOW,
                        "",
                        queued,
                        called,
                        None,
                        recall,
                        counter_id,
                        staff_id,
                    ]
                )
                status, clock = Ticket.Status.NO_SHOW, recall
                break
            outcome = rng.choices(
                (TicketEvent.Kind.COMPLETED, "missing_documents", "referred"), weights=(92, 5, 3)
            )[0]
            events += [
                (TicketEvent.Kind.STARTED, started, step_id, service.pk, counter_id, staff_id),
                (TicketEvent.Kind.COMPLETED, ended, step_id, service.pk, counter_id, staff_id),
            ]
            steps.append(
                [
                    step_id,
                    position,
                    service.pk,
                    TicketStep.Status.DONE,
                    outcome,
                    queued,
                    called,
                    started,
                    ended,
                    counter_id,
                    staff_id,
                ]
            )
            clock = ended
        else:
            events.append((TicketEvent.Kind.DONE, clock, steps[-1][0], steps[-1][2], None, None))
        first = steps[0]
        current = current or (steps[-1][0], steps[-1][2], issued)
        self.tickets.append(
            (
                ticket_id,
                centre_id,
                day,
                "A",
                number,
                0,
                "ar",
                "kiosk",
                status,
                current[1],
                current[0],
                current[2],
                False,
                0,
                0,
                issued,
                first[6],
                None if status == Ticket.Status.WAITING else clock,
                f"bench{ticket_id}",
                "",
                "",
            )
        )
        self.steps += [(s[0], ticket_id, *s[1:]) for s in steps]
        self.events += [
            (
                self.next_id("event"),
                ticket_id,
                step,
                centre_id,
                kind,
                at,
                service,
                counter,
                staff,
                "{}",
            )
            for kind, at, step, service, counter, staff in events
        ]

    def load(self) -> dict[str, int]:

        with connection.cursor() as cursor:
            cursor.execute(
                "SET session_replication_role = replica"
            )  # FKs are consistent by construction
        sizes = {
            "tickets": _copy(
                "queueing_ticket",
                [
                    "id",
                    "centre_id",
                    "service_day",
                    "letter",
                    "number",
                    "priority_rank",
                    "language",
                    "channel",
                    "status",
                    "service_id",
                    "current_step_id",
                    "queue_since",
                    "at_front",
                    "call_count",
                    "recall_count",
                    "issued_at",
                    "called_at",
                    "ended_at",
                    "token",
                    "phone",
                    "request_fingerprint",
                ],
                self.tickets,
            ),
            "steps": _copy(
                "queueing_ticketstep",
                [
                    "id",
                    "ticket_id",
                    "position",
                    "service_id",
                    "status",
                    "outcome",
                    "queued_at",
                    "called_at",
                    "started_at",
                    "ended_at",
                    "counter_id",
                    "staff_id",
                ],
                self.steps,
            ),
            "events": _copy(
                "queueing_ticketevent",
                [
                    "id",
                    "ticket_id",
                    "step_id",
                    "centre_id",
                    "kind",
                    "at",
                    "service_id",
                    "counter_id",
                    "staff_id",
                    "data",
                ],
                self.events,
            ),
            "counter states": _copy(
                "queueing_counterevent",
                ["id", "centre_id", "counter_id", "staff_id", "actor_id", "state", "reason", "at"],
                self.changes,
            ),
        }
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("ANALYZE")
        _reset_sequences(
            "queueing_ticket",
            "queueing_ticketstep",
            "queueing_ticketevent",
            "queueing_counterevent",
        )
        return sizes


def busy_today(plan, cutoff: dt.datetime) -> None:
    """Open counters of the busiest centre as they stand at `cutoff`."""
    busy = plan[0]
    for counter_id, staff_id in busy["desks"]:
        Counter.objects.filter(pk=counter_id).update(
            state=Counter.State.OPEN, staff_id=staff_id, state_changed_at=cutoff
        )
