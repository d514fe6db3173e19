"""Scores, stars and ranks of centres over a period, read from the daily aggregates only.

indicator score = 100·clamp((x − floor) / (target − floor))
dimension score = weighted mean of its indicators that have data
composite       = weighted mean of dimensions that have data (missing weight redistributed)
stars           = the highest band the composite reaches, then lowered by any cap that holds
rank            = competition ranking ("1, 2, 2, 4") by composite rounded to 0.1
"""

import dataclasses
import datetime as dt
import functools
import re
from collections import defaultdict

from django.db.models import Sum
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from centre.models import Centre, Service
from nafitha.input import EARLIEST_DATE, LATEST_DATE
from scorecard.aggregation import month_of
from scorecard.errors import ScorecardError
from scorecard.indicators import INDICATORS, summary
from scorecard.models import CentreDay, CentreMonth, Figures, Framework, ServiceDay, StarCap

CENTRE_COLUMNS = (*Figures.ADDITIVE, *CentreDay.CENTRE_ADDITIVE)


# --- Periods -------------------------------------------------------------------------------


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
        return period_containing("month", today or dt.date.today())
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


# --- Framework -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class IndicatorSpec:
    metric: str
    floor: float
    target: float
    weight: float


@dataclasses.dataclass(frozen=True)
class DimensionSpec:
    code: str
    name_ar: str
    name_en: str
    weight: float
    indicators: tuple[IndicatorSpec, ...]


@dataclasses.dataclass(frozen=True)
class CapSpec:
    kind: str
    metric: str
    threshold: float
    max_stars: int


@dataclasses.dataclass(frozen=True)
class FrameworkSpec:
    """A framework loaded once into plain values, so scoring a thousand centres costs no query."""

    code: str
    name_ar: str
    name_en: str
    min_sample: int
    dimensions: tuple[DimensionSpec, ...]
    bands: tuple[tuple[float, int], ...]  # (min score, stars), best first
    caps: tuple[CapSpec, ...]


def load_framework(code: str | None = None) -> FrameworkSpec:
    query = Framework.objects.prefetch_related("dimensions__indicators", "bands", "caps")
    framework = query.filter(code=code).first() if code else query.filter(is_default=True).first()
    if framework is None:
        raise ScorecardError("framework_unknown")
    problems = framework.problems()
    if problems:
        raise ScorecardError("framework_invalid", reason=" ".join(problems))
    return FrameworkSpec(
        code=framework.code,
        name_ar=framework.name_ar,
        name_en=framework.name_en,
        min_sample=framework.min_sample,
        dimensions=tuple(
            DimensionSpec(
                d.code,
                d.name_ar,
                d.name_en,
                d.weight,
                tuple(
                    IndicatorSpec(i.metric, i.floor, i.target, i.weight) for i in d.indicators.all()
                ),
            )
            for d in framework.dimensions.all()
        ),
        bands=tuple(sorted(((b.min_score, b.stars) for b in framework.bands.all()), reverse=True)),
        caps=tuple(
            CapSpec(c.kind, c.metric, c.threshold, c.max_stars) for c in framework.caps.all()
        ),
    )


# --- Scoring ---------------------------------------------------------------------------------


def indicator_score(value: float, floor: float, target: float) -> float:
    return 100.0 * min(1.0, max(0.0, (value - floor) / (target - floor)))


def weighted(pairs: list[tuple[float, float]]) -> float | None:
    """Weighted mean of (score, weight) pairs; the weight of missing parts is spread over the rest."""
    total = sum(w for _, w in pairs)
    return sum(s * w for s, w in pairs) / total if total else None


@functools.lru_cache(maxsize=8)
def indicator_labels(language: str | None) -> dict[str, str]:
    """Indicator names in one language, translated once rather than per centre."""
    return {key: str(d.label) for key, d in INDICATORS.items()}


def score_sums(spec: FrameworkSpec, sums: dict) -> dict:
    """Score one centre's period figures against a framework."""
    sums = {**dict.fromkeys(CENTRE_COLUMNS, 0), **sums}
    labels = indicator_labels(translation.get_language())
    dimensions = []
    values = {}
    for dim in spec.dimensions:
        rows = []
        for ind in dim.indicators:
            definition = INDICATORS[ind.metric]
            value, n = definition.compute(sums)
            score = indicator_score(value, ind.floor, ind.target) if value is not None else None
            values[ind.metric] = (value, n)
            rows.append(
                {
                    "metric": ind.metric,
                    "label": labels[ind.metric],
                    "unit": definition.unit,
                    "value": value,
                    "n": n,
                    "score": score,
                    "floor": ind.floor,
                    "target": ind.target,
                    "small_sample": definition.sampled
                    and value is not None
                    and n < spec.min_sample,
                    "weight": ind.weight,
                }
            )
        score = weighted([(r["score"], r["weight"]) for r in rows if r["score"] is not None])
        dimensions.append(
            {
                "code": dim.code,
                "name_ar": dim.name_ar,
                "name_en": dim.name_en,
                "weight": dim.weight,
                "score": score,
                "indicators": rows,
            }
        )
    scored = [d for d in dimensions if d["score"] is not None]
    total_weight = sum(d["weight"] for d in scored)
    for d in dimensions:
        d["effective_weight"] = (
            100.0 * d["weight"] / total_weight if d["score"] is not None else 0.0
        )
    composite = weighted([(d["score"], d["weight"]) for d in scored])
    stars, capped_by = star_rating(spec, composite, dimensions, values)
    return {
        "score": composite,
        "stars": stars,
        "capped_by": capped_by,
        "dimensions": dimensions,
        "small_sample": any(r["small_sample"] for d in dimensions for r in d["indicators"]),
        "figures": summary(sums),
    }


def star_rating(
    spec: FrameworkSpec, composite, dimensions, values
) -> tuple[int | None, list[dict]]:
    if composite is None:
        return None, []
    band = next((s for low, s in spec.bands if composite >= low), min(s for _, s in spec.bands))
    stars, capped_by = band, []
    for cap in spec.caps:
        value, n = values.get(cap.metric, (None, 0))
        holds = {
            StarCap.Kind.VALUE_BELOW: value is not None and value < cap.threshold,
            StarCap.Kind.SAMPLE_BELOW: cap.metric in values and n < cap.threshold,
            StarCap.Kind.DIMENSION_BELOW: any(
                d["score"] is not None and d["score"] < cap.threshold for d in dimensions
            ),
        }[cap.kind]
        if holds and cap.max_stars < band:
            stars = min(stars, cap.max_stars)
            label = str(INDICATORS[cap.metric].label) if cap.metric in INDICATORS else ""
            capped_by.append(
                {
                    "kind": cap.kind,
                    "metric": cap.metric,
                    "label": label,
                    "threshold": cap.threshold,
                    "max_stars": cap.max_stars,
                }
            )
    return stars, capped_by


def competition_ranks(scores: dict[int, float | None]) -> dict[int, int]:
    """1, 2, 2, 4 ranking by score rounded to 0.1; unscored centres get no rank."""
    ordered = sorted(
        ((round(s, 1), key) for key, s in scores.items() if s is not None), reverse=True
    )
    ranks, previous = {}, None
    for index, (score, key) in enumerate(ordered):
        if score != previous:
            rank, previous = index + 1, score
        ranks[key] = rank
    return ranks


# --- Reading the aggregates -------------------------------------------------------------------


def _split(period: Period) -> tuple[list[dt.date], list[tuple[dt.date, dt.date]]]:
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


def period_sums(period: Period, centre_ids: list[int] | None = None) -> dict[int, dict]:
    """SUM of every additive column per centre over the period: whole months from
    CentreMonth, the remaining days from CentreDay (grouped queries, merged per centre)."""
    months, ranges = _split(period)
    queries = [CentreMonth.objects.filter(month__in=months)] if months else []
    queries += [CentreDay.objects.filter(day__gte=first, day__lte=last) for first, last in ranges]
    found: dict[int, dict] = {}
    for query in queries:
        if centre_ids is not None:
            query = query.filter(centre_id__in=centre_ids)
        for row in query.values("centre_id").annotate(**{c: Sum(c) for c in CENTRE_COLUMNS}):
            centre_id = row.pop("centre_id")
            total = found.setdefault(centre_id, dict.fromkeys(row, 0))
            for key, value in row.items():
                total[key] += value or 0
    return found


def _centre_info(centre: Centre) -> dict:
    return {
        "code": centre.code,
        "name_ar": centre.name_ar,
        "name_en": centre.name_en,
        "governorate": centre.governorate,
        "size_class": centre.size_class,
    }


def national(period: Period, spec: FrameworkSpec) -> list[dict]:
    """Every centre with data in the period, scored and ranked, with the change since the last period."""
    current = period_sums(period)
    previous = period_sums(period.previous())
    centres = Centre.objects.in_bulk(set(current) | set(previous))
    rows = {cid: score_sums(spec, sums) for cid, sums in current.items()}
    before = {cid: score_sums(spec, sums)["score"] for cid, sums in previous.items()}
    ranks = competition_ranks({cid: r["score"] for cid, r in rows.items()})
    old_ranks = competition_ranks(before)
    by_class = defaultdict(dict)
    old_by_class = defaultdict(dict)
    for cid, row in rows.items():
        by_class[centres[cid].size_class][cid] = row["score"]
    for cid, score in before.items():
        old_by_class[centres[cid].size_class][cid] = score
    class_ranks = {c: competition_ranks(s) for c, s in by_class.items()}
    old_class_ranks = {c: competition_ranks(s) for c, s in old_by_class.items()}
    table = []
    for cid, row in rows.items():
        size = centres[cid].size_class
        old = before.get(cid)
        table.append(
            {
                "centre": _centre_info(centres[cid]),
                **row,
                "rank": ranks.get(cid),
                "rank_in_class": class_ranks[size].get(cid),
                "previous_score": old,
                "previous_rank": old_ranks.get(cid),
                "previous_rank_in_class": old_class_ranks.get(size, {}).get(cid),
                "change": row["score"] - old
                if row["score"] is not None and old is not None
                else None,
            }
        )
    table.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["centre"]["code"]))
    return table


def centre_card(centre: Centre, period: Period, spec: FrameworkSpec) -> dict:
    """One centre's card: its national row (with ranks), drill-down and monthly trend."""
    row = next((r for r in national(period, spec) if r["centre"]["code"] == centre.code), None)
    if row is None:
        row = {
            "centre": _centre_info(centre),
            **score_sums(spec, {}),
            "rank": None,
            "rank_in_class": None,
            "previous_score": None,
            "previous_rank": None,
            "previous_rank_in_class": None,
            "change": None,
        }
    return {
        **row,
        "period": period.key,
        "framework": spec.code,
        "departments": drilldown(centre, period),
        "trend": trend(centre, period, spec),
    }


def drilldown(centre: Centre, period: Period) -> list[dict]:
    """Centre → department → service figures for the period (per-service indicators only)."""
    rows = (
        ServiceDay.objects.filter(centre=centre, day__gte=period.start, day__lte=period.end)
        .values("service_id")
        .annotate(**{c: Sum(c) for c in Figures.ADDITIVE})
    )
    services = Service.objects.select_related("department").in_bulk([r["service_id"] for r in rows])
    departments: dict[int, dict] = {}
    for row in rows:
        service = services[row.pop("service_id")]
        dept = departments.setdefault(
            service.department_id,
            {
                "code": service.department.code,
                "name_ar": service.department.name_ar,
                "name_en": service.department.name_en,
                "sums": dict.fromkeys(Figures.ADDITIVE, 0),
                "services": [],
            },
        )
        for column in Figures.ADDITIVE:
            dept["sums"][column] += row[column] or 0
        dept["services"].append(
            {
                "code": service.code,
                "name_ar": service.name_ar,
                "name_en": service.name_en,
                **_service_figures(row),
            }
        )
    result = []
    for dept in sorted(departments.values(), key=lambda d: d["code"]):
        sums = dept.pop("sums")
        dept.update(_service_figures(sums))
        dept["services"].sort(key=lambda s: s["code"])
        result.append(dept)
    return result


def _service_figures(sums: dict) -> dict:
    figures = summary(sums)
    indicators = {key: d.compute(sums)[0] for key, d in INDICATORS.items() if not d.centre_only}
    return {
        **{
            k: figures[k]
            for k in (
                "arrivals",
                "served",
                "mean_wait_minutes",
                "p90_wait_minutes",
                "service_level",
                "walk_out_rate",
                "no_show_rate",
            )
        },
        "indicators": indicators,
    }


def trend(centre: Centre, period: Period, spec: FrameworkSpec, points: int = 12) -> list[dict]:
    """The centre's score over the `points` periods of the same kind ending with `period`."""
    found, current = [], period
    for _step in range(points):
        found.append(current)
        current = current.previous()
    first, last = found[-1].start, found[0].end
    days = (
        CentreDay.objects.filter(centre=centre, day__gte=first, day__lte=last)
        .values("day", *CENTRE_COLUMNS)
        .order_by("day")
    )
    buckets: dict[str, dict] = {p.key: {} for p in reversed(found)}
    for row in days:
        key = period_containing(period.kind, row.pop("day")).key
        bucket = buckets[key]
        for column, value in row.items():
            bucket[column] = bucket.get(column, 0) + (value or 0)
    return [
        {"period": key, "score": score_sums(spec, sums)["score"] if sums else None}
        for key, sums in buckets.items()
    ]
