"""Arrivals to expect, per service and hour, on a given day of a centre.

The forecast is the seasonal average: the mean of the same weekday over the previous
`weeks` weeks, counting only days the centre was open (a day with no ticket at all was a
holiday or a closure and would drag the mean down). Its own error is measured the same way
it is used: each of those past days is forecast from the weeks before it and compared with
what came, so the manager sees how far to trust the figure.

A bundle's ticket is demand for each of its services, so demand is counted in ticket steps.
"""

import dataclasses
import datetime as dt
from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import ExtractHour

from centre.models import Centre
from queueing.models import TicketStep

WEEKS = 8


@dataclasses.dataclass(frozen=True)
class Forecast:
    day: dt.date
    arrivals: dict[int, dict[int, float]]  # hour → service id → expected arrivals
    days_used: int
    mean_absolute_error: float | None  # tickets per open hour, over the back-test days

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


def _seasonal_mean(history, days: list[dt.date]) -> tuple[dict[int, dict[int, float]], int]:
    open_days = [day for day in days if day in history]
    mean: dict[int, dict[int, float]] = defaultdict(dict)
    for day in open_days:
        for hour, by_service in history[day].items():
            for service_id, n in by_service.items():
                mean[hour][service_id] = mean[hour].get(service_id, 0.0) + n / len(open_days)
    return mean, len(open_days)


def _hour_totals(by_hour: dict[int, dict[int, float]]) -> dict[int, float]:
    return {hour: sum(by_service.values()) for hour, by_service in by_hour.items()}


def forecast_day(*, centre: Centre, day: dt.date, weeks: int = WEEKS) -> Forecast:
    same_weekdays = [day - dt.timedelta(weeks=k) for k in range(1, 2 * weeks + 1)]
    history = _history(centre, same_weekdays)
    arrivals, days_used = _seasonal_mean(history, same_weekdays[:weeks])

    errors = []
    for k, past in enumerate(same_weekdays[:weeks]):
        if past not in history:
            continue
        predicted, used = _seasonal_mean(history, same_weekdays[k + 1 : k + 1 + weeks])
        if not used:
            continue
        actual = _hour_totals(history[past])
        expected = _hour_totals(predicted)
        for hour in set(actual) | set(expected):
            errors.append(abs(actual.get(hour, 0) - expected.get(hour, 0.0)))
    return Forecast(
        day=day,
        arrivals={hour: dict(by_service) for hour, by_service in arrivals.items()},
        days_used=days_used,
        mean_absolute_error=sum(errors) / len(errors) if errors else None,
    )
