"""Arrival forecast back-test: the product's seasonal average against statsmodels.

In one process, on a fresh SQLite database in a temporary folder: the planning bench's centre
(`--services` services, `--counters` counters and agents), then `--weeks` weeks of history and
`--days` back-test days ending `--end`, recorded by the demo's generator (`demo/history.py`)
with a calendar: the generator's weekly pattern (quiet Friday and Saturday), Ramadan (×0.7,
later and shorter hours), the last 7 days of each month (×1.35, salaries), the three days after
Ramadan closed (Eid al-Fitr), and day-to-day noise (log-normal, σ `--noise`). Ramadan dates
and the month-end window are the product's own (`planning.forecast.day_kind`).

Each back-test day is forecast from the days before it only, by

* `product`: `planning.forecast.forecast_day` as it runs (8 same weekdays, calendar factors,
  each service's total spread by its hour shares of the same kind of day);
* `product total × profile`: the product's daily total × the hourly profile below (what the
  pooled profile alone is worth, with no statsmodels);
* `seasonal mean`: the same 8 same weekdays, without the calendar factors;
* `holt-winters`: statsmodels `ExponentialSmoothing` (multiplicative weekly seasonality) on
  the daily totals, one step ahead, × the hourly profile;
* `holt-winters + calendar`: the same on daily totals ÷ the product's calendar factors, × the
  day's factor;
* `sarimax + calendar`: statsmodels `SARIMAX` (1,0,0)×(0,1,1)₇ on the daily totals with
  Ramadan and month-end indicators as regressors, × the hourly profile;

where the hourly profile is the hour shares of the last 8 weeks' days (of past Ramadan days
for a Ramadan day, when there are 5). Prints each method's MAE in citizens per open hour
(the hours where anything came or was forecast; closed days are not scored), overall and by
kind of day, and its time.

    python -m bench forecast [--weeks 20] [--days 63] [--end 2026-04-30] [--per-day 300]
"""

import argparse
import dataclasses
import datetime as dt
import math
import random
import time
import warnings
from collections import defaultdict

from bench.common import django_in_process, print_table

RAMADAN_LEVEL, MONTH_END_LEVEL = 0.7, 1.35
RAMADAN_HOURS = [0, 10, 20, 20, 14, 6, 0]  # 08:00 … 14:00: opens late, closes early
EID_DAYS = 3
PROFILE_DAYS = 56
METHODS = (
    "product",
    "product total × profile",
    "seasonal mean",
    "holt-winters",
    "holt-winters + calendar",
    "sarimax + calendar",
)


def calendar_history(*, centre, first: dt.date, last: dt.date, per_day: int, noise: float, rng):
    """Record first … last for `centre` with the calendar above; returns the closed days."""
    from demo.history import HOUR_WEIGHTS, record_days
    from planning.forecast import MONTH_END, RAMADAN, day_kind, ramadan_days
    from queueing.models import Counter
    from staff.models import Staff

    ramadan = set().union(*(ramadan_days(y) for y in range(first.year, last.year + 1)))
    closed = {
        day + dt.timedelta(days=k)
        for day in ramadan
        if day + dt.timedelta(days=1) not in ramadan
        for k in range(1, EID_DAYS + 1)
    }
    level_of = {RAMADAN: RAMADAN_LEVEL, MONTH_END: MONTH_END_LEVEL}

    def level(day):
        if day in closed:
            return 0.0
        return level_of.get(day_kind(day), 1.0) * rng.lognormvariate(0, noise)

    def hours(day):
        return RAMADAN_HOURS if day_kind(day) == RAMADAN else HOUR_WEIGHTS

    seated = list(
        zip(
            Counter.objects.filter(centre=centre).order_by("number"),
            Staff.objects.filter(centre=centre).order_by("pk"),
            strict=False,
        )
    )
    days = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
    record_days(
        centre=centre, days=days, per_day=per_day, seated=seated, rng=rng, level=level, hours=hours
    )
    return closed


@dataclasses.dataclass
class Score:
    errors: list[float] = dataclasses.field(default_factory=list)
    by_kind: dict[str, list[float]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    seconds: float = 0.0
    days: int = 0
    failed: int = 0

    @property
    def mae(self) -> float:
        return _mean(self.errors)

    def kind_mae(self, kind: str) -> float:
        return _mean(self.by_kind.get(kind, []))


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def _hour_profile(by_day, days: list[dt.date]) -> dict[int, float]:
    counts: dict[int, float] = defaultdict(float)
    for day in days:
        for hour, n in by_day.get(day, {}).items():
            counts[hour] += n
    total = sum(counts.values())
    return {hour: n / total for hour, n in counts.items()} if total else {}


def _profile(by_day, day: dt.date) -> dict[int, float]:
    """Hour shares of the last 8 weeks' open days; a Ramadan day's from past Ramadan days."""
    from planning.forecast import FACTOR_DAYS, MIN_FACTOR_DAYS, RAMADAN, day_kind

    if day_kind(day) == RAMADAN:
        past = [
            day - dt.timedelta(days=k)
            for k in range(1, FACTOR_DAYS + 1)
            if day_kind(day - dt.timedelta(days=k)) == RAMADAN
            and by_day.get(day - dt.timedelta(days=k))
        ]
        if len(past) >= MIN_FACTOR_DAYS:
            return _hour_profile(by_day, past)
    past = [day - dt.timedelta(days=k) for k in range(1, PROFILE_DAYS + 1)]
    return _hour_profile(by_day, [d for d in past if day_kind(d) != RAMADAN] or past)


def _daily_series(by_day, first: dt.date, day: dt.date):
    """Daily totals first … day-1, a closed day (nothing came) filled from a week before."""
    values: list[float] = []
    for k in range((day - first).days):
        n = sum(by_day.get(first + dt.timedelta(days=k), {}).values())
        if not n and k >= 7:
            n = values[k - 7]
        values.append(float(n))
    return values


def _holt_winters(values: list[float]) -> float:
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    seasonal = "mul" if min(values) > 0 else "add"
    fit = ExponentialSmoothing(
        values, seasonal=seasonal, seasonal_periods=7, initialization_method="estimated"
    ).fit()
    return max(0.0, float(fit.forecast(1)[0]))


def _sarimax(values: list[float], exog: list[list[float]], next_exog: list[float]) -> float:
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    fit = SARIMAX(values, exog=exog, order=(1, 0, 0), seasonal_order=(0, 1, 1, 7)).fit(disp=False)
    return max(0.0, float(fit.forecast(1, exog=[next_exog])[0]))


def compare(*, centre, first: dt.date, days: list[dt.date]) -> dict[str, Score]:
    """Forecast each of `days` by each method from the history since `first`; the errors in
    citizens per hour over the hours where anything came or was forecast."""
    from planning.forecast import (
        FACTOR_DAYS,
        MONTH_END,
        RAMADAN,
        WEEKS,
        _history,
        _hour_totals,
        calendar_factors,
        day_kind,
        forecast_day,
    )

    span = [first + dt.timedelta(days=k) for k in range((days[-1] - first).days + 1)]
    by_day = {day: _hour_totals(h) for day, h in _history(centre, span).items()}
    scores = {name: Score() for name in METHODS}

    def spread(total: float, day: dt.date) -> dict[int, float]:
        return {hour: total * share for hour, share in _profile(by_day, day).items()}

    def seasonal_mean(day):
        past = [day - dt.timedelta(weeks=k) for k in range(1, WEEKS + 1)]
        past = [d for d in past if by_day.get(d)]
        mean: dict[int, float] = defaultdict(float)
        for d in past:
            for hour, n in by_day[d].items():
                mean[hour] += n / len(past)
        return mean

    def holt_winters(day):
        return spread(_holt_winters(_daily_series(by_day, first, day)), day)

    def holt_winters_calendar(day):
        totals = {
            d: sum(by_day.get(d, {}).values())
            for d in span
            if day - dt.timedelta(days=FACTOR_DAYS) <= d < day and by_day.get(d)
        }
        factors = calendar_factors(totals)
        values = _daily_series(by_day, first, day)
        adjusted = [
            n / factors[day_kind(first + dt.timedelta(days=k))] for k, n in enumerate(values)
        ]
        return spread(_holt_winters(adjusted) * factors[day_kind(day)], day)

    def indicators(d):
        kind = day_kind(d)
        return [float(kind == RAMADAN), float(kind == MONTH_END)]

    def sarimax(day):
        values = _daily_series(by_day, first, day)
        exog = [indicators(first + dt.timedelta(days=k)) for k in range(len(values))]
        return spread(_sarimax(values, exog, indicators(day)), day)

    def product(day):
        return _hour_totals(forecast_day(centre=centre, day=day).arrivals)

    predicted: dict[str, dict[int, float] | None] = {}

    def product_total(day):
        if predicted.get("product") is None:
            raise ValueError("no product forecast")
        return spread(sum(predicted["product"].values()), day)

    predictors = {
        "product": product,
        "product total × profile": product_total,
        "seasonal mean": seasonal_mean,
        "holt-winters": holt_winters,
        "holt-winters + calendar": holt_winters_calendar,
        "sarimax + calendar": sarimax,
    }
    for day in days:
        actual = by_day.get(day)
        if not actual:
            continue  # closed: nothing to staff
        predicted.clear()
        for name, predict in predictors.items():
            started = time.perf_counter()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # statsmodels' convergence chatter
                    predicted[name] = predict(day)
            except (ValueError, ArithmeticError, IndexError):  # too little history to fit
                predicted[name] = None
                scores[name].failed += 1
            scores[name].seconds += time.perf_counter() - started
            scores[name].days += 1
        hours = set(actual).union(*(p for p in predicted.values() if p))
        for name, p in predicted.items():
            if p is None:
                continue
            errors = [abs(actual.get(h, 0) - p.get(h, 0.0)) for h in hours]
            scores[name].errors.extend(errors)
            scores[name].by_kind[day_kind(day)].extend(errors)
    return scores


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench forecast")
    parser.add_argument("--services", type=int, default=8)
    parser.add_argument("--counters", type=int, default=10)
    parser.add_argument("--per-day", type=int, default=300)
    parser.add_argument("--weeks", type=int, default=20, help="history before the back-test")
    parser.add_argument("--days", type=int, default=63, help="days back-tested")
    parser.add_argument("--end", type=dt.date.fromisoformat, default=dt.date(2026, 4, 30))
    parser.add_argument("--noise", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    django_in_process()

    from bench.planning import _plan_fixture

    random.seed(args.seed)
    centre, _day = _plan_fixture(argparse.Namespace(**{**vars(args), "per_day": 0}))
    days = [args.end - dt.timedelta(days=k) for k in reversed(range(args.days))]
    first = days[0] - dt.timedelta(weeks=args.weeks)
    started = time.perf_counter()
    closed = calendar_history(
        centre=centre,
        first=first,
        last=args.end,
        per_day=args.per_day,
        noise=args.noise,
        rng=random.Random(args.seed),
    )
    recorded = time.perf_counter() - started
    scores = compare(centre=centre, first=first, days=days)
    from planning.forecast import MONTH_END, ORDINARY, RAMADAN, day_kind

    kinds = defaultdict(int)
    for day in days:
        if day not in closed:
            kinds[day_kind(day)] += 1
    print(
        f"history {first} … {args.end} ({(args.end - first).days + 1} days, {args.per_day} "
        f"citizens on an ordinary weekday, noise σ {args.noise}, recorded in {recorded:.1f} s); "
        f"back-test {days[0]} … {days[-1]}: "
        + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        + f", {sum(d in closed for d in days)} closed"
    )
    base = scores["product"].mae
    rows = []
    for name, s in scores.items():
        rows.append(
            [
                name,
                len(s.errors),
                f"{s.mae:.2f}",
                f"{(s.mae / base - 1) * 100:+.0f} %" if base else "",
                *(f"{s.kind_mae(kind):.2f}" for kind in (ORDINARY, MONTH_END, RAMADAN)),
                f"{s.seconds:.2f}",
                f"{s.seconds / max(s.days, 1) * 1000:.0f}",
                s.failed,
            ]
        )
    headers = ["method", "hours", "MAE /hour", "vs product", "ordinary", "month-end", "Ramadan"]
    print_table([*headers, "total s", "ms/day", "failed"], rows)
