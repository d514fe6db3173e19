"""Filling the daily aggregate tables from the raw log, incrementally and idempotently.

`aggregate_day` recomputes whole (centre, day) rows from scratch and replaces them in one
transaction, so running it twice gives identical rows. `aggregate_pending` finds the days
touched since the last run from each source's watermark (highest id read, plus anything
written within `SCORECARD_LATE_MARGIN_MINUTES` of the last run for rows that committed
late), so a late event re-aggregates its ticket's day and nothing else is redone.
"""

import dataclasses
import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Model, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from centre.models import Centre
from feedback.models import CitizenRequest, Evaluation, ServiceFeedback
from queueing.models import CounterEvent, TicketEvent
from scorecard import metrics
from scorecard.models import (
    CentreDay,
    CentreMonth,
    FederatedCentre,
    Figures,
    ServiceDay,
    Watermark,
)

MONTH_COLUMNS = (*Figures.ADDITIVE, *CentreDay.CENTRE_ADDITIVE)


def local_centres(codes: list[str] | None = None) -> list[Centre]:
    """Centres whose tickets live in this instance (imported ones are excluded)."""
    query = Centre.objects.exclude(pk__in=FederatedCentre.objects.values("centre_id"))
    if codes:
        query = query.filter(code__in=codes)
    return list(query.order_by("pk"))


def _by_timezone(centres: list[Centre]) -> dict[str, list[Centre]]:
    groups = defaultdict(list)
    for centre in centres:
        groups[centre.timezone].append(centre)
    return groups


def aggregate_day(day: dt.date, centres: list[Centre], now: dt.datetime | None = None) -> int:
    """Recompute `day` for `centres` from the raw log; returns the number of centre rows."""
    now = now or timezone.now()
    written = 0
    for group in _by_timezone(centres).values():
        figures = metrics.day_figures(day, group, now)
        centre_rows, service_rows = [], []
        for centre_id, day_figures in figures.items():
            if not metrics.has_activity(day_figures):
                continue
            centre_rows.append({"centre_id": centre_id, "day": day, **day_figures.centre})
            service_rows.extend(
                {"centre_id": centre_id, "day": day, "service_id": service_id, **values}
                for service_id, values in day_figures.services.items()
            )
        with transaction.atomic():
            ServiceDay.objects.filter(day=day, centre__in=group).delete()
            CentreDay.objects.filter(day=day, centre__in=group).delete()
            insert_rows(CentreDay, centre_rows)
            insert_rows(ServiceDay, service_rows)
            refresh_month([c.pk for c in group], day)
        written += len(centre_rows)
    return written


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """First day of `day`'s month and of the next one."""
    first = day.replace(day=1)
    return first, (first + dt.timedelta(days=32)).replace(day=1)


def refresh_month(centre_ids: list[int], day: dt.date) -> None:
    """Recompute the CentreMonth rows of `day`'s month from the centres' days."""
    first, following = month_of(day)
    sums = (
        CentreDay.objects.filter(centre_id__in=centre_ids, day__gte=first, day__lt=following)
        .values("centre_id")
        .annotate(**{c: Sum(c) for c in MONTH_COLUMNS})
    )
    rows = [{**row, "month": first} for row in sums]
    CentreMonth.objects.filter(centre_id__in=centre_ids, month=first).delete()
    insert_rows(CentreMonth, rows)


def insert_rows(model, rows: list[dict]) -> None:
    """Insert plain rows: COPY on PostgreSQL (the daily run writes thousands), else bulk_create."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
        return
    from psycopg.types.json import Jsonb

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    wrap = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    columns = [f.attname for f in fields]
    connection.ensure_connection()
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            values = ((c, row.get(c, defaults[c])) for c in columns)
            copy.write_row([Jsonb(v) if c in wrap else v for c, v in values])


@dataclasses.dataclass(frozen=True)
class Source:
    """A table whose new rows make (centre, local day) pairs stale."""

    name: str
    model: type[Model]
    day_fields: tuple[str, ...]  # datetime fields (local day) or date fields
    late_fields: tuple[str, ...]  # datetime fields: rows changed near the last run


SOURCES = (
    Source("ticket_event", TicketEvent, ("ticket__service_day",), ("at",)),
    Source("counter_event", CounterEvent, ("at",), ("at",)),
    Source("feedback", ServiceFeedback, ("submitted_at",), ("submitted_at",)),
    Source("evaluation", Evaluation, ("visited_on",), ("submitted_at",)),
    Source(
        "request",
        CitizenRequest,
        ("received_at", "due_at"),
        ("received_at", "answered_at", "closed_at"),
    ),
)


def _stale_days(source: Source, model, last_id: int, since: dt.datetime | None, centres) -> set:
    changed = Q(pk__gt=last_id)
    if since is not None:
        for field in source.late_fields:
            changed |= Q(**{f"{field}__gte": since})
    centre_field = "ticket__centre_id" if model is TicketEvent else "centre_id"
    found = set()
    for group in _by_timezone(centres).values():
        rows = model.objects.filter(changed, **{f"{centre_field}__in": [c.pk for c in group]})
        for field in source.day_fields:
            internal = model._meta.get_field(field) if "__" not in field else None
            if internal is not None and internal.get_internal_type() == "DateTimeField":
                day = TruncDate(field, tzinfo=group[0].tz)
                pairs = rows.exclude(**{f"{field}__isnull": True}).annotate(d=day)
                found |= set(pairs.values_list(centre_field, "d").distinct())
            else:
                found |= set(rows.values_list(centre_field, field).distinct())
    return found


def aggregate_pending(now: dt.datetime | None = None, codes: list[str] | None = None) -> dict:
    """Re-aggregate every (centre, day) touched since the last run; returns what was done."""
    now = now or timezone.now()
    centres = local_centres(codes)
    by_id = {c.pk: c for c in centres}
    run, _ = Watermark.objects.get_or_create(source="run")
    margin = dt.timedelta(minutes=settings.SCORECARD_LATE_MARGIN_MINUTES)
    since = run.last_at - margin if run.last_at else None
    stale: set = set()
    marks = {}
    for source in SOURCES:
        model = source.model
        mark, _ = Watermark.objects.get_or_create(source=source.name)
        top = model.objects.aggregate(top=Max("pk"))["top"] or 0
        if top > mark.last_id or since is not None:
            stale |= _stale_days(source, model, mark.last_id, since, centres)
        marks[mark] = top
    days = defaultdict(list)
    for centre_id, day in stale:
        if centre_id in by_id and day is not None:
            days[day].append(by_id[centre_id])
    for day in sorted(days):
        aggregate_day(day, days[day], now)
    for mark, top in marks.items():
        mark.last_id = max(mark.last_id, top)
        mark.save(update_fields=["last_id"])
    run.last_at = now
    run.save(update_fields=["last_at"])
    return {"days": len(days), "centre_days": len(stale)}
