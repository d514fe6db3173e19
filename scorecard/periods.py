"""Scorecard periods: a day, ISO week, month, quarter or year, as typed or picked."""

import dataclasses
import datetime as dt
import re

from django.utils.translation import gettext_lazy as _

from nafitha.days import local_day
from nafitha.input import EARLIEST_DATE, LATEST_DATE
from scorecard.aggregation import month_of
from scorecard.errors import ScorecardError


@dataclasses.dataclass(frozen=True)
class Period:
    kind: str  # day | week | month | quarter | year
    start: dt.date
    end: dt.date  # inclusive

    @property
    def key(self) -> str:
        s = self.start
        return {
            "day": s.isoformat(),
            "week": f"{s.isocalendar().year}-W{s.isocalendar().week:02d}",
            "month": f"{s.year}-{s.month:02d}",
            "quarter": f"{s.year}-Q{(s.month - 1) // 3 + 1}",
            "year": str(s.year),
        }[self.kind]

    def previous(self) -> "Period":
        return period_containing(self.kind, self.start - dt.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period_containing(kind: str, day: dt.date) -> Period:
    if kind == "day":
        return Period(kind, day, day)
    if kind == "week":
        start = day - dt.timedelta(days=day.weekday())
        return Period(kind, start, start + dt.timedelta(days=6))
    if kind == "month":
        start = day.replace(day=1)
    elif kind == "quarter":
        start = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    elif kind == "year":
        start = day.replace(month=1, day=1)
    else:
        raise ScorecardError("period_invalid")
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    year, month = divmod(start.month - 1 + months, 12)
    return Period(kind, start, dt.date(start.year + year, month + 1, 1) - dt.timedelta(days=1))


PERIOD_FORMS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-W(\d{2})$"), "week"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})$"), "year"),
)


def parse_period(text: str | None, today: dt.date | None = None) -> Period:
    """`2026-11-24`, `2026-W48`, `2026-11`, `2026-Q4` or `2026`; default: this month."""
    if not text:
        return period_containing("month", today or local_day())
    for pattern, kind in PERIOD_FORMS:
        match = pattern.match(text.strip())
        if not match:
            continue
        parts = [int(p) for p in match.groups()]
        try:
            if kind == "day":
                period = period_containing(kind, dt.date(*parts))
            elif kind == "week":
                period = period_containing(kind, dt.date.fromisocalendar(parts[0], parts[1], 1))
            elif kind == "month":
                period = period_containing(kind, dt.date(parts[0], parts[1], 1))
            elif kind == "quarter":
                period = period_containing(kind, dt.date(parts[0], parts[1] * 3 - 2, 1))
            else:
                period = period_containing(kind, dt.date(parts[0], 1, 1))
        except (ValueError, OverflowError) as exc:
            raise ScorecardError("period_invalid") from exc
        # Trends reach back from the period: keep it far from the ends of the calendar.
        if period.start < EARLIEST_DATE or period.end > LATEST_DATE:
            raise ScorecardError("period_invalid")
        return period
    raise ScorecardError("period_invalid")


PERIOD_KINDS = (
    ("day", _("Day")),
    ("week", _("Week")),
    ("month", _("Month")),
    ("quarter", _("Quarter")),
    ("year", _("Year")),
)


def period_from_picker(kind: str, on: str | None) -> Period:
    """The `kind` period containing the picked day: the scorecard pages' period picker."""
    try:
        day = dt.date.fromisoformat((on or "").strip())
    except ValueError as exc:
        raise ScorecardError("period_invalid") from exc
    return period_containing(kind, day)


def split_months(period: Period) -> tuple[list[dt.date], list[tuple[dt.date, dt.date]]]:
    """The whole calendar months inside the period, and the day ranges left around them."""
    months, ranges = [], []
    day = period.start
    while day <= period.end:
        first, following = month_of(day)
        if day == first and following - dt.timedelta(days=1) <= period.end:
            months.append(first)
            day = following
        else:
            last = min(period.end, following - dt.timedelta(days=1))
            ranges.append((day, last))
            day = last + dt.timedelta(days=1)
    return months, ranges
