"""Arrivals to expect, per service and hour, on a given day of a centre.

Each service's daily total is the seasonal average: the mean of the same weekday over the
previous `weeks` weeks, counting only days the centre was open (a day with no ticket at all
was a holiday or a closure and would drag the mean down). It is spread over the hours by the
service's hour shares pooled across every open day of those `weeks` weeks of the same kind
(below), which is steadier than a per-hour mean of a handful of same weekdays. Its own error is measured the same way
it is used: each of those past days is forecast from the weeks before it and compared with
what came, so the manager sees how far to trust the figure.

A bundle's ticket is demand for each of its services, so demand is counted in ticket steps.

Calendar factors: a day is `ramadan` (1 Ramadan to the eve of Eid al-Fitr, estimated dates of
the `holidays` package's Islamic calendar), else `month_end` (the last `MONTH_END_DAYS` days of
the Gregorian month, when salaries are paid), else `ordinary`. Over the `FACTOR_DAYS` before
the day, each kind's mean daily arrivals ÷ the ordinary days' mean is its factor (1 with fewer
than `MIN_FACTOR_DAYS` open days of either kind). Each past day in the seasonal mean is scaled
by factor(the day asked) ÷ factor(that past day). Ordinary and month-end days share one
hourly shape per service, pooled over the open non-Ramadan days of the previous `weeks` weeks
(so the weeks after Ramadan do not lend its hours to ordinary days); a Ramadan day takes the
shape of the past Ramadan days (shorter hours) when there are at least `MIN_FACTOR_DAYS` of
them. Without a shape (too few Ramadan days; a service with no arrival on those days) a
service keeps the per-hour mean of its same weekdays. The back-test reports the error with and without these factors and shapes
(`baseline_error`, the plain per-hour mean).
"""

import calendar
import dataclasses
import datetime as dt
import functools
import logging
from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import ExtractHour

from centre.models import Centre
from queueing.models import TicketStep

WEEKS = 8
FACTOR_DAYS = 400
MIN_FACTOR_DAYS = 5
MONTH_END_DAYS = 7
ORDINARY, RAMADAN, MONTH_END = "ordinary", "ramadan", "month_end"

logger = logging.getLogger(__name__)


@functools.cache
def ramadan_days(year: int) -> frozenset[dt.date]:
    """Days of Ramadan that fall in `year` (estimated: the `holidays` package's tabular
    Islamic calendar; the announced dates may differ by a day)."""
    try:
        from holidays.calendars.islamic import _IslamicLunar

        lunar = _IslamicLunar()
        starts = [d for y in (year - 1, year) for d, _ in lunar.ramadan_beginning_dates(y)]
        eids = [d for y in (year - 1, year, year + 1) for d, _ in lunar.eid_al_fitr_dates(y)]
    except (ImportError, AttributeError):  # a holidays release without it: no Ramadan factor
        logger.warning("no Islamic calendar in the holidays package; Ramadan is not forecast")
        return frozenset()
    days = set()
    for start in starts:
        eid = min((e for e in eids if e > start), default=None)
        if eid is None:
            continue
        day = start
        while day < eid:
            if day.year == year:
                days.add(day)
            day += dt.timedelta(days=1)
    return frozenset(days)


def day_kind(day: dt.date) -> str:
    if day in ramadan_days(day.year):
        return RAMADAN
    if day.day > calendar.monthrange(day.year, day.month)[1] - MONTH_END_DAYS:
        return MONTH_END
    return ORDINARY


@dataclasses.dataclass(frozen=True)
class Forecast:
    day: dt.date
    arrivals: dict[int, dict[int, float]]  # hour → service id → expected arrivals
    days_used: int
    mean_absolute_error: float | None  # tickets per open hour, over the back-test days
    kind: str = ORDINARY  # ordinary, ramadan or month_end
    factor: float = 1.0  # the kind's arrivals relative to an ordinary day
    baseline_error: float | None = None  # the same back-test without calendar factors

    def for_hour(self, hour: int) -> dict[int, float]:
        return self.arrivals.get(hour, {})

    @property
    def total(self) -> float:
        return sum(sum(by_service.values()) for by_service in self.arrivals.values())


def _history(centre: Centre, days: list[dt.date]) -> dict[dt.date, dict[int, dict[int, int]]]:
    """Ticket steps per local day, hour and service: one grouped query."""
    rows = (
        TicketStep.objects.filter(ticket__centre=centre, ticket__service_day__in=days)
        .annotate(hour=ExtractHour("ticket__issued_at", tzinfo=centre.tz))
        .values_list("ticket__service_day", "hour", "service_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    history: dict[dt.date, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for day, hour, service_id, n in rows:
        history[day][hour][service_id] = n
    return history


def _seasonal_mean(
    history, days: list[dt.date], scale=None
) -> tuple[dict[int, dict[int, float]], int]:
    open_days = [day for day in days if day in history]
    mean: dict[int, dict[int, float]] = defaultdict(dict)
    for day in open_days:
        weight = (scale(day) if scale else 1.0) / len(open_days)
        for hour, by_service in history[day].items():
            for service_id, n in by_service.items():
                mean[hour][service_id] = mean[hour].get(service_id, 0.0) + n * weight
    return mean, len(open_days)


def _daily_totals(centre: Centre, first: dt.date, last: dt.date) -> dict[dt.date, int]:
    return dict(
        TicketStep.objects.filter(
            ticket__centre=centre, ticket__service_day__gte=first, ticket__service_day__lte=last
        )
        .values_list("ticket__service_day")
        .annotate(n=Count("id"))
        .order_by()
    )


def calendar_factors(totals: dict[dt.date, int]) -> dict[str, float]:
    """Each kind's mean daily arrivals relative to the ordinary days' (see the docstring)."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for day, n in totals.items():
        by_kind[day_kind(day)].append(n)
    ordinary = by_kind[ORDINARY]
    factors = {ORDINARY: 1.0, RAMADAN: 1.0, MONTH_END: 1.0}
    if len(ordinary) < MIN_FACTOR_DAYS or not sum(ordinary):
        return factors
    base = sum(ordinary) / len(ordinary)
    for kind in (RAMADAN, MONTH_END):
        if len(by_kind[kind]) >= MIN_FACTOR_DAYS:
            factors[kind] = sum(by_kind[kind]) / len(by_kind[kind]) / base
    return factors


Shapes = dict[int, dict[int, float]]  # service id → hour → share of its day


def _shapes(history, days) -> Shapes:
    """Each service's share of its arrivals in each local hour, pooled over `days`."""
    counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for day in days:
        for hour, by_service in history.get(day, {}).items():
            for service_id, n in by_service.items():
                counts[service_id][hour] += n
    shapes: Shapes = {}
    for service_id, by_hour in counts.items():
        total = sum(by_hour.values())
        if total:
            shapes[service_id] = {hour: n / total for hour, n in by_hour.items()}
    return shapes


def _reshaped(by_hour: dict[int, dict[int, float]], shapes: Shapes | None):
    """Each service's daily total spread over the hours by its shape; a service without one
    keeps its per-hour figures (None: all unchanged)."""
    if shapes is None:
        return by_hour
    per_service: dict[int, float] = defaultdict(float)
    for by_service in by_hour.values():
        for service_id, n in by_service.items():
            per_service[service_id] += n
    reshaped: dict[int, dict[int, float]] = defaultdict(dict)
    for hour, by_service in by_hour.items():
        for service_id, n in by_service.items():
            if service_id not in shapes:
                reshaped[hour][service_id] = n
    for service_id, total in per_service.items():
        for hour, share in shapes.get(service_id, {}).items():
            reshaped[hour][service_id] = total * share
    return reshaped


def _hour_totals(by_hour: dict[int, dict[int, float]]) -> dict[int, float]:
    return {hour: sum(by_service.values()) for hour, by_service in by_hour.items()}


def forecast_day(*, centre: Centre, day: dt.date, weeks: int = WEEKS) -> Forecast:
    same_weekdays = [day - dt.timedelta(weeks=k) for k in range(1, 2 * weeks + 1)]
    # Every day of those weeks: the same weekdays' means, and the hour shares of the day and
    # of each back-test day, pooled over the `weeks` weeks before it.
    recent = [day - dt.timedelta(days=k) for k in range(1, 14 * weeks + 1)]
    history = _history(centre, recent)
    totals = _daily_totals(centre, day - dt.timedelta(days=FACTOR_DAYS), day - dt.timedelta(1))
    factors = calendar_factors(totals)
    ramadan = [d for d in totals if day_kind(d) == RAMADAN]
    ramadan_shapes = (
        _shapes(_history(centre, ramadan), ramadan) if len(ramadan) >= MIN_FACTOR_DAYS else None
    )

    def shapes(target: dt.date) -> Shapes | None:
        """The hour shares `target` is spread by: a Ramadan day's from past Ramadan days, any
        other day's from the open non-Ramadan days of the `weeks` weeks before it."""
        if day_kind(target) == RAMADAN:
            return ramadan_shapes
        before = (target - dt.timedelta(days=k) for k in range(1, 7 * weeks + 1))
        return _shapes(history, [d for d in before if day_kind(d) != RAMADAN])

    def predict(target: dt.date, base: list[dt.date], adjusted: bool = True):
        kind = day_kind(target)
        if not adjusted:
            return _seasonal_mean(history, base)
        mean, used = _seasonal_mean(
            history, base, lambda past: factors[kind] / factors[day_kind(past)]
        )
        return _reshaped(mean, shapes(target)), used

    arrivals, days_used = predict(day, same_weekdays[:weeks])

    errors: dict[bool, list[float]] = {True: [], False: []}
    for k, past in enumerate(same_weekdays[:weeks]):
        if past not in history:
            continue
        actual = _hour_totals(history[past])
        for adjusted in (True, False):
            predicted, used = predict(past, same_weekdays[k + 1 : k + 1 + weeks], adjusted)
            if not used:
                continue
            expected = _hour_totals(predicted)
            for hour in set(actual) | set(expected):
                errors[adjusted].append(abs(actual.get(hour, 0) - expected.get(hour, 0.0)))

    def mean(values):
        return sum(values) / len(values) if values else None

    kind = day_kind(day)
    return Forecast(
        day=day,
        arrivals={hour: dict(by_service) for hour, by_service in arrivals.items()},
        days_used=days_used,
        mean_absolute_error=mean(errors[True]),
        kind=kind,
        factor=factors[kind],
        baseline_error=mean(errors[False]),
    )
