"""Scores, stars and ranks from a period's summed figures: pure functions, no query.

indicator score = 100·clamp((x − floor) / (target − floor))
dimension score = weighted mean of its indicators that have data
composite       = weighted mean of dimensions that have data (missing weight redistributed)
stars           = the highest band the composite reaches, then lowered by any cap that holds
rank            = competition ranking ("1, 2, 2, 4") by composite rounded to 0.1

The figures are read by `scorecard.selectors`; periods are in `scorecard.periods`.
"""

import dataclasses
import functools

from django.utils import translation

from scorecard.indicators import INDICATORS, summary
from scorecard.models import CentreDay, Figures, StarCap

CENTRE_COLUMNS = (*Figures.ADDITIVE, *CentreDay.CENTRE_ADDITIVE)


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
