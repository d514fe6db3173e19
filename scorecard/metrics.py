"""Every figure of the queue, defined once and computed with SQL aggregates (docs/metrics.md).

A day's figures are read from the event log of the tickets issued that local day
(`Ticket.service_day`), so an event that arrives late (a visit finished after midnight)
re-opens its ticket's day. Per service step:

    wait    = first "called" − max(first "queued" of the step, appointment time)
    walk    = "started" − the "called" that preceded it
    service = "completed" − "started"

Per visit: visit = last "completed" − issue (visits that ended done).

The step timeline (one row per step, from one grouped pass over the events) is the source
of every sum, count, histogram and percentile. The daily aggregation stores it once in a
temporary table for all centres; the live dashboard uses it inline for one centre.
Percentiles are linear-interpolated (`percentile_cont`): PostgreSQL computes them itself;
elsewhere `percentile_cont` below computes the same definition in Python over the sorted
values (a test checks both agree). Event kinds, statuses and outcomes are written into the
SQL from the models' choices, so a renamed value cannot silently zero a figure.
"""

import dataclasses
import datetime as dt
import math
import zoneinfo
from collections import defaultdict
from itertools import groupby

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractHour

from centre.models import Centre, CentreService, Service
from feedback import selectors as voice
from feedback.models import CitizenRequest, Evaluation, EvaluationKind, ServiceFeedback
from nafitha import days
from queueing.models import Counter, CounterEvent, PriorityClass, Ticket, TicketEvent, TicketStep
from scorecard.models import WAIT_BIN_EDGES_MIN, WAIT_BINS, Figures
from staff.models import Certification, Staff

Kind = TicketEvent.Kind

# A service meets its charter on a day when this share of its calls came within target.
CHARTER_SHARE = 0.8
PERCENTILES = ((50, 100), (90, 100))  # p50 and p90 as fractions num/den
STEPS = "scorecard_steps_tmp"


@dataclasses.dataclass
class DayFigures:
    """All figures of one centre's local day, ready to store as CentreDay/ServiceDay rows."""

    centre: dict = dataclasses.field(default_factory=dict)
    services: dict[int, dict] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Source:
    """Where the step rows are read from: a temporary table, or an inline subquery."""

    sql: str
    params: tuple = ()


def _lit(value: str) -> str:
    """A choice value as an SQL string literal (values are code constants, never input)."""
    return "'" + str(value).replace("'", "''") + "'"


def _seconds(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({later} - {earlier}))::float8"
    # julianday() is a float of days: round to the millisecond so 60 s stays 60 s.
    return f"ROUND((julianday({later}) - julianday({earlier})) * 86400.0, 3)"


def _param(value):
    """Datetimes as the backend stores them (SQLite keeps naive UTC text)."""
    return (
        connection.ops.adapt_datetimefield_value(value) if isinstance(value, dt.datetime) else value
    )


def _fetch(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, [_param(p) for p in params])
        return cursor.fetchall()


def _execute(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, [_param(p) for p in params])


def _in(ids) -> str:
    return ",".join(str(int(i)) for i in ids) or "NULL"


def _steps_sql(day: dt.date, centre_ids: list[int], start: dt.datetime) -> tuple[str, tuple]:
    """One row per service step of the day's tickets, with its durations in seconds.

    `e.at >= start` is exact (no event precedes its ticket's issue) and lets the planner
    read recent days through the (centre, at) index.
    """
    ev, step, ticket = TicketEvent._meta.db_table, TicketStep._meta.db_table, Ticket._meta.db_table
    service, priority = Service._meta.db_table, PriorityClass._meta.db_table
    ids = _in(centre_ids)
    wait_from = (
        "CASE WHEN ev.appointment_at > ev.queued_at THEN ev.appointment_at ELSE ev.queued_at END"
    )
    left = (
        f"e.kind = {_lit(Kind.WALKED_OUT)} "
        f"OR (e.kind = {_lit(Kind.CANCELLED)} AND e.counter_id IS NULL)"
    )
    sql = f"""
        WITH ev AS (
            SELECT e.step_id, t.id AS ticket_id, t.centre_id, t.issued_at, t.appointment_at,
                t.status AS ticket_status, t.channel, t.priority_id,
                MIN(CASE WHEN e.kind = {_lit(Kind.QUEUED)} THEN e.at END) AS queued_at,
                MIN(CASE WHEN e.kind = {_lit(Kind.CALLED)} THEN e.at END) AS first_called,
                MAX(CASE WHEN e.kind = {_lit(Kind.CALLED)} THEN e.at END) AS last_called,
                MAX(CASE WHEN e.kind = {_lit(Kind.STARTED)} THEN e.at END) AS started_at,
                MAX(CASE WHEN e.kind = {_lit(Kind.COMPLETED)} THEN e.at END) AS completed_at,
                MIN(CASE WHEN {left} THEN e.at END) AS left_at,
                SUM(CASE WHEN e.kind = {_lit(Kind.RECALLED)} THEN 1 ELSE 0 END) AS recalls,
                SUM(CASE WHEN e.kind = {_lit(Kind.TRANSFERRED)} THEN 1 ELSE 0 END) AS transfers,
                SUM(CASE WHEN e.kind = {_lit(Kind.NO_SHOW)} THEN 1 ELSE 0 END) AS no_shows,
                SUM(CASE WHEN e.kind = {_lit(Kind.WALKED_OUT)} THEN 1 ELSE 0 END) AS walk_outs,
                SUM(CASE WHEN e.kind = {_lit(Kind.CANCELLED)} THEN 1 ELSE 0 END) AS cancelled
            FROM {ev} e JOIN {ticket} t ON t.id = e.ticket_id
            WHERE t.service_day = %s AND t.centre_id IN ({ids}) AND e.centre_id IN ({ids})
              AND e.at >= %s AND e.step_id IS NOT NULL
            GROUP BY e.step_id, t.id, t.centre_id, t.issued_at, t.appointment_at, t.status,
                t.channel, t.priority_id
        )
        SELECT ev.centre_id, s.service_id, ev.ticket_id, ev.issued_at, ev.ticket_status,
            ev.channel, COALESCE(p.code, 'none') AS priority, s.outcome, ev.queued_at,
            ev.first_called, ev.left_at, ev.completed_at, ev.recalls, ev.transfers, ev.no_shows,
            ev.walk_outs, ev.cancelled,
            sv.target_wait_minutes * 60 AS target_s, sv.standard_service_minutes * 60 AS standard_s,
            {_seconds("ev.first_called", wait_from)} AS wait_s,
            {_seconds("ev.first_called", "ev.appointment_at")} AS booked_delay_s,
            CASE WHEN ev.started_at >= ev.last_called
                 THEN {_seconds("ev.started_at", "ev.last_called")} END AS walk_s,
            CASE WHEN ev.completed_at IS NOT NULL
                 THEN {_seconds("ev.completed_at", "ev.started_at")} END AS service_s
        FROM ev
        JOIN {step} s ON s.id = ev.step_id
        JOIN {service} sv ON sv.id = s.service_id
        LEFT JOIN {priority} p ON p.id = ev.priority_id
    """
    return sql, (day, start)


def _steps_source(day, centre_ids, start, *, temporary: bool) -> Source:
    sql, params = _steps_sql(day, centre_ids, start)
    if not temporary:
        return Source(f"({sql}) st", params)
    _execute(f"DROP TABLE IF EXISTS {STEPS}")
    _execute(f"CREATE TEMPORARY TABLE {STEPS} AS {sql}", params)
    return Source(STEPS)


def _bin_sql() -> list[str]:
    edges = [0, *(m * 60 for m in WAIT_BIN_EDGES_MIN), None]
    parts = []
    for name, low, high in zip(WAIT_BINS, edges[:-1], edges[1:], strict=True):
        cond = f"wait_s >= {low}" + (f" AND wait_s < {high}" if high is not None else "")
        parts.append(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {name}")
    return parts


def _step_sums(source: Source, group: str) -> list[dict]:
    """Additive figures of the steps grouped by `group` columns."""
    columns = [
        "SUM(CASE WHEN queued_at IS NOT NULL THEN 1 ELSE 0 END) AS arrivals",
        "COUNT(wait_s) AS called",
        "SUM(CASE WHEN completed_at IS NOT NULL THEN 1 ELSE 0 END) AS served",
        "SUM(CASE WHEN completed_at IS NOT NULL"
        f" AND outcome = {_lit(TicketStep.Outcome.COMPLETED)} THEN 1 ELSE 0 END) AS resolved",
        "SUM(no_shows) AS no_shows",
        "SUM(walk_outs) AS walk_outs",
        "SUM(cancelled) AS cancelled",
        "SUM(transfers) AS transfers",
        "SUM(recalls) AS recalls",
        "SUM(CASE WHEN wait_s <= target_s THEN 1 ELSE 0 END) AS within_target",
        "SUM(CASE WHEN service_s <= standard_s THEN 1 ELSE 0 END) AS within_standard",
        "COALESCE(SUM(wait_s), 0) AS wait_sum",
        "COUNT(walk_s) AS walk_n",
        "COALESCE(SUM(walk_s), 0) AS walk_sum",
        "COUNT(service_s) AS service_n",
        "COALESCE(SUM(service_s), 0) AS service_sum",
        *_bin_sql(),
    ]
    sql = f"SELECT {group}, {', '.join(columns)} FROM {source.sql} GROUP BY {group}"
    keys = group.split(", ")
    names = [c.rsplit(" AS ", 1)[1] for c in columns]
    return [dict(zip(keys + names, row, strict=True)) for row in _fetch(sql, source.params)]


def percentile_cont(ordered: list[float], fraction: float) -> float | None:
    """PostgreSQL's percentile_cont over ascending values: the value at position
    fraction·(n − 1) (from 0), interpolated linearly between its two neighbours."""
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def percentiles(source: Source, values: list[str], group: str) -> dict[tuple, dict[str, float]]:
    """p50 and p90 (linear interpolation, as percentile_cont) of each `values` column per
    `group`, keyed "wait_p50", "wait_p90", ... for a column "wait_s"."""
    keys = len(group.split(", "))
    found: dict[tuple, dict[str, float]] = defaultdict(dict)

    def names(value):
        return [f"{value.removesuffix('_s')}_p{num}" for num, _ in PERCENTILES]

    if connection.vendor == "postgresql":
        cols = [
            f"percentile_cont({num / den}) WITHIN GROUP (ORDER BY {value})"
            for value in values
            for num, den in PERCENTILES
        ]
        sql = f"SELECT {group}, {', '.join(cols)} FROM {source.sql} GROUP BY {group}"
        labels = [n for value in values for n in names(value)]
        for row in _fetch(sql, source.params):
            found[tuple(row[:keys])].update(
                (k, float(v)) for k, v in zip(labels, row[keys:], strict=True) if v is not None
            )
        return found
    for value in values:
        rows = _fetch(
            f"SELECT {group}, {value} FROM {source.sql} WHERE {value} IS NOT NULL "
            f"ORDER BY {group}, {value}",
            source.params,
        )
        for key, members in groupby(rows, key=lambda row: tuple(row[:keys])):
            ordered = [float(row[keys]) for row in members]
            found[key].update(
                (name, percentile_cont(ordered, num / den))
                for name, (num, den) in zip(names(value), PERCENTILES, strict=True)
            )
    return found


def _splits(source: Source, column: str) -> dict[int, dict[str, dict]]:
    rows = _fetch(
        f"""SELECT centre_id, {column}, SUM(CASE WHEN queued_at IS NOT NULL THEN 1 ELSE 0 END),
            COUNT(wait_s), SUM(CASE WHEN wait_s <= target_s THEN 1 ELSE 0 END),
            COALESCE(SUM(wait_s), 0)
            FROM {source.sql} GROUP BY centre_id, {column}""",
        source.params,
    )
    found: dict[int, dict[str, dict]] = defaultdict(dict)
    for centre_id, key, arrivals, called, within, wait_sum in rows:
        found[centre_id][key] = {
            "arrivals": int(arrivals),
            "called": int(called),
            "within_target": int(within or 0),
            "wait_sum": float(wait_sum),
        }
    return found


def _visits(source: Source, day: dt.date, centre_ids: list[int]) -> dict[int, dict]:
    """Visits issued, and the length of those that ended done (last completion − issue)."""
    per_ticket = Source(
        f"""(SELECT centre_id, {_seconds("MAX(completed_at)", "issued_at")} AS visit_s
            FROM {source.sql} WHERE ticket_status = {_lit(Ticket.Status.DONE)}
            GROUP BY ticket_id, centre_id, issued_at) v""",
        source.params,
    )
    found: dict[int, dict] = defaultdict(dict)
    for centre_id, n, total in _fetch(
        f"SELECT centre_id, COUNT(*), SUM(visit_s) FROM {per_ticket.sql} GROUP BY centre_id",
        per_ticket.params,
    ):
        found[centre_id].update(visits_done=n, visit_sum=float(total or 0))
    for (centre_id,), values in percentiles(per_ticket, ["visit_s"], "centre_id").items():
        found[centre_id].update(values)
    issued = Ticket.objects.filter(service_day=day, centre_id__in=centre_ids)
    for row in issued.values("centre_id").annotate(n=Count("id")):
        found[row["centre_id"]]["visits"] = row["n"]
    return found


def _remote_places(source: Source, day: dt.date, centre_ids: list[int], now) -> dict[int, dict]:
    """Remote places of the day: tickets on the remote channel, and places taken (not
    cancelled), checked in and lapsed (a pending place past its time counts as lapsed, as the
    tracking page shows it); of the tickets called, how long before their (first) call the
    citizen checked in (the ticket is issued at the check-in)."""
    from appointments.models import RemoteTicket

    found: dict[int, dict] = defaultdict(dict)
    remote = _lit(Ticket.Channel.REMOTE)
    for centre_id, called, lead in _fetch(
        f"""SELECT centre_id, COUNT(*), COALESCE(SUM(lead_s), 0) FROM (
            SELECT centre_id, ticket_id, {_seconds("MIN(first_called)", "issued_at")} AS lead_s
            FROM {source.sql} WHERE channel = {remote} AND first_called IS NOT NULL
            GROUP BY centre_id, ticket_id, issued_at) r GROUP BY centre_id""",
        source.params,
    ):
        found[centre_id].update(remote_called=int(called), remote_lead_sum=float(lead or 0))
    tickets = Ticket.objects.filter(service_day=day, centre_id__in=centre_ids)
    for row in (
        tickets.filter(channel=Ticket.Channel.REMOTE).values("centre_id").annotate(n=Count("id"))
    ):
        found[row["centre_id"]]["visits_remote"] = row["n"]
    status = RemoteTicket.Status
    lapsed = Q(status=status.EXPIRED) | Q(status=status.PENDING, expires_at__lte=now)
    for row in (
        RemoteTicket.objects.filter(service_day=day, centre_id__in=centre_ids)
        .exclude(status=status.CANCELLED)
        .values("centre_id")
        .annotate(
            n=Count("id"),
            checked_in=Count("id", filter=Q(status=status.CHECKED_IN)),
            expired=Count("id", filter=lapsed),
        )
    ):
        found[row["centre_id"]].update(
            remote_places=row["n"],
            remote_checked_in=row["checked_in"],
            remote_expired=row["expired"],
        )
    return found


def _appointments(source: Source, day: dt.date, centre_ids: list[int], now) -> dict[int, dict]:
    """Booked visits of the day: bookings not cancelled and those nobody checked in (released,
    or still booked past the grace period); first calls of appointment tickets, those within
    `punctual_minutes` of the booked time; waits of booked and walk-in steps (each from
    max(check-in, booked time), as every wait); visits that came from a booking."""
    from appointments.models import Booking
    from appointments.selectors import no_shows

    appointment = _lit(Ticket.Channel.APPOINTMENT)
    punctual = settings.NAFITHA_BOOKING["punctual_minutes"] * 60
    found: dict[int, dict] = defaultdict(dict)
    for row in _fetch(
        f"""SELECT centre_id,
            SUM(CASE WHEN channel = {appointment} AND wait_s IS NOT NULL THEN 1 ELSE 0 END),
            SUM(CASE WHEN channel = {appointment} AND booked_delay_s <= {punctual}
                THEN 1 ELSE 0 END),
            COALESCE(SUM(CASE WHEN channel = {appointment} THEN wait_s END), 0),
            SUM(CASE WHEN channel <> {appointment} AND wait_s IS NOT NULL THEN 1 ELSE 0 END),
            COALESCE(SUM(CASE WHEN channel <> {appointment} THEN wait_s END), 0)
            FROM {source.sql} GROUP BY centre_id""",
        source.params,
    ):
        centre_id, called, on_time, wait, walk_in, walk_in_wait = row
        found[centre_id].update(
            appointment_called=int(called or 0),
            appointment_punctual=int(on_time or 0),
            appointment_wait_sum=float(wait or 0),
            walk_in_called=int(walk_in or 0),
            walk_in_wait_sum=float(walk_in_wait or 0),
        )
    tickets = Ticket.objects.filter(service_day=day, centre_id__in=centre_ids)
    for row in (
        tickets.filter(channel=Ticket.Channel.APPOINTMENT)
        .values("centre_id")
        .annotate(n=Count("id"))
    ):
        found[row["centre_id"]]["visits_booked"] = row["n"]
    for centre in Centre.objects.filter(pk__in=centre_ids):
        start, end = centre.day_window(day)
        booked = Booking.objects.filter(
            centre=centre, starts_at__gte=start, starts_at__lt=end
        ).exclude(status=Booking.Status.CANCELLED)
        total = booked.count()
        if total:
            found[centre.pk].update(
                bookings=total,
                booking_no_shows=no_shows(now=now).filter(pk__in=booked.values("pk")).count(),
            )
    return found


def _hourly(day, centre_ids, tz: zoneinfo.ZoneInfo) -> dict[int, dict]:
    """Arrivals (tickets issued) and served (steps completed) per local hour of day."""
    found: dict[int, dict] = defaultdict(
        lambda: {"arrivals_by_hour": [0] * 24, "served_by_hour": [0] * 24}
    )
    issued = Ticket.objects.filter(service_day=day, centre_id__in=centre_ids)
    start, _ = days.day_window(day, tz)
    completed = TicketEvent.objects.filter(  # at ≥ start is exact and lets the index help
        kind=TicketEvent.Kind.COMPLETED,
        centre_id__in=centre_ids,
        at__gte=start,
        ticket__service_day=day,
        ticket__centre_id__in=centre_ids,
    )
    for query, field, key in (
        (issued, "issued_at", "arrivals_by_hour"),
        (completed, "at", "served_by_hour"),
    ):
        rows = (
            query.annotate(hour=ExtractHour(field, tzinfo=tz))
            .values("centre_id", "hour")
            .annotate(n=Count("id"))
        )
        for row in rows:
            found[row["centre_id"]][key][row["hour"]] = row["n"]
    return found


def _peak_waiting(source: Source) -> dict[int, int]:
    """Most people waiting at once: +1 when a step enters the queue, −1 when it is first
    called or its citizen leaves (a requeue after a no-show or a return is not counted)."""
    rows = _fetch(
        f"""SELECT centre_id, MAX(level) FROM (
            SELECT centre_id, SUM(delta) OVER (
                PARTITION BY centre_id ORDER BY at, delta ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
            ) AS level FROM (
                SELECT centre_id, queued_at AS at, 1 AS delta FROM {source.sql}
                WHERE queued_at IS NOT NULL
                UNION ALL
                SELECT centre_id, COALESCE(first_called, left_at) AS at, -1 AS delta
                FROM {source.sql} WHERE COALESCE(first_called, left_at) IS NOT NULL
            ) deltas
        ) levels GROUP BY centre_id""",
        source.params * 2,
    )
    return {centre_id: max(0, int(level or 0)) for centre_id, level in rows}


def counter_intervals_sql(centre_ids: list[int]) -> str:
    """Each counter state with the instant it ended (NULL while current)."""
    return f"""SELECT centre_id, counter_id, staff_id, state, at,
        LEAD(at) OVER (PARTITION BY counter_id ORDER BY at, id) AS until
        FROM {CounterEvent._meta.db_table}
        WHERE centre_id IN ({_in(centre_ids)}) AND at < %s AND at >= %s"""


def _counters(day, centre_ids, start, end, now) -> dict[int, dict]:
    """Open counter time (paused excluded) and universal-employee coverage of the day.

    States are read from one day before the window so a counter opened the evening before
    still counts; `now` cuts a state that has not ended yet.
    """
    stop = min(end, now)
    clip_to = "CASE WHEN until IS NULL OR until > %s THEN %s ELSE until END"
    clip_from = "CASE WHEN at < %s THEN %s ELSE at END"
    table = "scorecard_shifts_tmp"
    _execute(f"DROP TABLE IF EXISTS {table}")
    _execute(
        f"""CREATE TEMPORARY TABLE {table} AS
        SELECT centre_id, counter_id, staff_id, state,
            {_seconds(clip_to, clip_from)} AS seconds
        FROM ({counter_intervals_sql(centre_ids)}) intervals
        WHERE (until IS NULL OR until > %s) AND at < %s""",
        [stop, stop, start, start, end, start - dt.timedelta(days=1), start, stop],
    )
    found: dict[int, dict] = defaultdict(dict)
    for centre_id, seconds in _fetch(
        f"SELECT centre_id, SUM(seconds) FROM {table} WHERE state = {_lit(Counter.State.OPEN)}"
        " AND seconds > 0 GROUP BY centre_id"
    ):
        found[centre_id]["open_seconds"] = float(seconds or 0)
    staff, offer = Staff._meta.db_table, CentreService._meta.db_table
    valid = Certification.objects.valid_on(day).values("id", "staff_id", "service_id")
    cert_sql, cert_params = valid.query.sql_with_params()
    ids = _in(centre_ids)
    rows = _fetch(
        f"""WITH on_shift AS (
                SELECT DISTINCT centre_id, staff_id FROM {table}
                WHERE state <> {_lit(Counter.State.CLOSED)} AND seconds > 0 AND staff_id IS NOT NULL
            ), able AS (
                SELECT o.centre_id, o.service_id, COUNT(DISTINCT sh.staff_id) AS n
                FROM {offer} o
                JOIN on_shift sh ON sh.centre_id = o.centre_id
                JOIN {staff} st ON st.id = sh.staff_id
                LEFT JOIN ({cert_sql}) c ON c.staff_id = st.id AND c.service_id = o.service_id
                WHERE o.is_active AND o.centre_id IN ({ids}) AND (st.is_universal OR c.id IS NOT NULL)
                GROUP BY o.centre_id, o.service_id
            )
            SELECT o.centre_id, COUNT(*), SUM(CASE WHEN able.n >= 2 THEN 1 ELSE 0 END)
            FROM {offer} o
            LEFT JOIN able ON able.centre_id = o.centre_id AND able.service_id = o.service_id
            WHERE o.is_active AND o.centre_id IN ({ids})
            GROUP BY o.centre_id""",
        cert_params,
    )
    for centre_id, offered, covered in rows:
        found[centre_id].update(coverage_services=int(offered), coverage_covered=int(covered or 0))
    _execute(f"DROP TABLE {table}")
    return found


def registry_completeness(centre_ids: list[int]) -> dict[int, dict]:
    """Offered services whose registry entry lists documents, procedure steps and a description."""
    rows = (
        CentreService.objects.filter(centre_id__in=centre_ids, is_active=True)
        .values("centre_id")
        .annotate(
            n=Count("id"),
            complete=Count(
                "id",
                filter=~Q(service__required_documents=[])
                & ~Q(service__procedure_steps=[])
                & ~Q(service__description_ar=""),
            ),
        )
    )
    return {
        r["centre_id"]: {"registry_services": r["n"], "registry_complete": r["complete"]}
        for r in rows
    }


EVALUATION_PREFIX = {
    EvaluationKind.MYSTERY_SHOPPER: "mystery",
    EvaluationKind.VOLUNTEER_VISITOR: "volunteer",
    EvaluationKind.SELF_ASSESSMENT: "self",
}


def _citizen_voice(day, centre_ids, start, end, now) -> dict[int, dict]:
    """Feedback counts of the answers given that day, and the complaints due that day judged
    on time, both by the feedback app's own definitions (the feedback page uses them too)."""
    found: dict[int, dict] = defaultdict(dict)
    for row in (
        ServiceFeedback.objects.filter(
            centre_id__in=centre_ids, submitted_at__gte=start, submitted_at__lt=end
        )
        .values("centre_id")
        .annotate(**voice.FEEDBACK_COUNTS)
    ):
        found[row.pop("centre_id")].update(row)
    complaints = CitizenRequest.objects.filter(
        kind=CitizenRequest.Kind.COMPLAINT, centre_id__in=centre_ids
    )
    for row in (
        complaints.filter(received_at__gte=start, received_at__lt=end)
        .values("centre_id")
        .annotate(n=Count("id"))
    ):
        found[row["centre_id"]]["complaints"] = row["n"]
    for row in (
        complaints.filter(due_at__gte=start, due_at__lt=end)
        .values("centre_id")
        .annotate(**voice.on_time_counts(now))
    ):
        found[row["centre_id"]].update(complaints_due=row["judged"], complaints_due_met=row["met"])
    for row in (
        Evaluation.objects.filter(centre_id__in=centre_ids, visited_on=day)
        .values("centre_id", "kind")
        .annotate(n=Count("id"), total=Sum("score"))
    ):
        if row["kind"] in EVALUATION_PREFIX:
            key = EVALUATION_PREFIX[row["kind"]]
            found[row["centre_id"]].update(
                {f"{key}_n": row["n"], f"{key}_sum": float(row["total"])}
            )
    return found


def day_figures(
    day: dt.date, centres: list[Centre], now: dt.datetime, *, full: bool = True
) -> dict[int, DayFigures]:
    """The figures of `day` for each centre (all sharing one time zone), from the raw log.

    `full=False` (the live dashboard) keeps the ticket figures, the centre's wait
    percentiles and the hourly counts, read inline without a temporary table.
    """
    if not centres:
        return {}
    tz = centres[0].tz
    ids = [c.pk for c in centres]
    start, end = days.day_window(day, tz)
    result = {c.pk: DayFigures(centre=dict.fromkeys(Figures.ADDITIVE, 0)) for c in centres}
    steps = _steps_source(day, ids, start, temporary=full)
    try:
        per_service = _step_sums(steps, "centre_id, service_id")
        durations = ["wait_s", "walk_s", "service_s"] if full else ["wait_s"]
        centre_pct = percentiles(steps, durations, "centre_id")
        service_pct = percentiles(steps, durations, "centre_id, service_id") if full else {}
        extra = [_hourly(day, ids, tz)]
        if full:
            extra += [
                {k: {"by_channel": v} for k, v in _splits(steps, "channel").items()},
                {k: {"by_priority": v} for k, v in _splits(steps, "priority").items()},
                _visits(steps, day, ids),
                _appointments(steps, day, ids, now),
                _remote_places(steps, day, ids, now),
                {k: {"peak_waiting": v} for k, v in _peak_waiting(steps).items()},
                _counters(day, ids, start, end, now),
                registry_completeness(ids),
                _citizen_voice(day, ids, start, end, now),
            ]
    finally:
        if full:
            _execute(f"DROP TABLE IF EXISTS {STEPS}")

    for row in per_service:
        centre_id, service_id = row.pop("centre_id"), row.pop("service_id")
        row = {k: float(v) if k.endswith("_sum") else int(v or 0) for k, v in row.items()}
        row.update(
            dict.fromkeys(Figures.PERCENTILES), **service_pct.get((centre_id, service_id), {})
        )
        figures = result[centre_id]
        figures.services[service_id] = row
        for name in Figures.ADDITIVE:
            figures.centre[name] += row[name]
    for centre_id, figures in result.items():
        centre = figures.centre
        centre.update(dict.fromkeys(Figures.PERCENTILES), **centre_pct.get((centre_id,), {}))
        called = [s for s in figures.services.values() if s["called"]]
        centre["charter_services"] = len(called)
        centre["charter_met"] = sum(
            s["within_target"] >= CHARTER_SHARE * s["called"] for s in called
        )
        centre.update(by_channel={}, by_priority={}, peak_waiting=0)
        centre["serving_seconds"] = centre["service_sum"]
        centre.update(arrivals_by_hour=[0] * 24, served_by_hour=[0] * 24)
    for source in extra:
        for centre_id, values in source.items():
            result[centre_id].centre.update(values)
    return result


def has_activity(figures: DayFigures) -> bool:
    """Whether a day holds anything worth a row (tickets, counters, feedback, evaluations)."""
    c = figures.centre
    return any(
        c.get(k)
        for k in (
            "visits",
            "arrivals",
            "open_seconds",
            "csat_n",
            "complaints",
            "complaints_due",
            "mystery_n",
            "volunteer_n",
            "self_n",
            "bookings",
        )
    )
