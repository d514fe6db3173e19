"""Reading the scorecard: frameworks, and a period's figures from the daily aggregates only
(whole months from CentreMonth, the days around them from CentreDay), scored and ranked."""

from collections import defaultdict

from django.db.models import Sum

from centre.models import Centre, Service
from scorecard.errors import ScorecardError
from scorecard.indicators import INDICATORS, summary
from scorecard.models import CentreDay, CentreMonth, Figures, Framework, ServiceDay
from scorecard.periods import Period, period_containing, split_months
from scorecard.scoring import (
    CENTRE_COLUMNS,
    CapSpec,
    DimensionSpec,
    FrameworkSpec,
    IndicatorSpec,
    competition_ranks,
    score_sums,
)


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


def period_sums(period: Period, centre_ids: list[int] | None = None) -> dict[int, dict]:
    """SUM of every additive column per centre over the period: whole months from
    CentreMonth, the remaining days from CentreDay (grouped queries, merged per centre)."""
    months, ranges = split_months(period)
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
                "centre": centres[cid].as_json(),
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
            "centre": centre.as_json(),
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


def appointment_figures(centre: Centre, period: Period) -> dict:
    """The centre's appointment figures over `period` (docs/metrics.md "Appointments")."""
    from scorecard.indicators import appointment_summary

    sums = period_sums(period, [centre.pk]).get(centre.pk, {})
    return {**appointment_summary(sums), "bookings": sums.get("bookings", 0)}
