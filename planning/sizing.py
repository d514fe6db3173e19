"""Centre sizing for the Authority: demand against capacity for every centre, worst first.

Read from the national daily aggregates (`scorecard.CentreDay`, `ServiceDay`), so it covers
federated centres too and needs no ticket rows. For each centre over a period:

    peak hour      the local hour with the most arrivals on an average open day
    load at peak   peak-hour arrivals × mean service time (erlangs)
    needed         Erlang C counters for that load to call `TARGET_LEVEL` of citizens within
                   the centre's arrivals-weighted charter target
    gap            needed − counters installed (positive: under-sized)

The busiest hour decides whether a centre is big enough; a day's total would hide it.
"""

import dataclasses
from collections import defaultdict

from django.db.models import Count, Sum

from centre.models import Centre
from planning import erlang
from planning.staffing import TARGET_LEVEL
from scorecard.models import CentreDay, ServiceDay
from scorecard.periods import Period

DEFAULT_SERVICE_SECONDS = 600.0
DEFAULT_TARGET_MINUTES = 15


@dataclasses.dataclass(frozen=True)
class CentreSize:
    centre: Centre
    days: int
    arrivals_per_day: float
    peak_hour: int | None
    peak_arrivals: float
    service_seconds: float
    target_minutes: float
    needed: int
    installed: int
    service_level: float | None

    @property
    def service_minutes(self) -> float:
        return self.service_seconds / 60

    @property
    def gap(self) -> int:
        return self.needed - self.installed


def _targets(period: Period) -> dict[int, float]:
    """Arrivals-weighted charter target per centre, from the service drill-down."""
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    rows = (
        ServiceDay.objects.filter(day__range=(period.start, period.end), arrivals__gt=0)
        .values_list("centre_id", "service__target_wait_minutes")
        .annotate(n=Sum("arrivals"))
        .order_by()
    )
    for centre_id, target, n in rows:
        sums[centre_id][0] += target * n
        sums[centre_id][1] += n
    return {cid: weighted / n for cid, (weighted, n) in sums.items() if n}


def national_sizing(period: Period) -> list[CentreSize]:
    """Every active centre with data in the period, the most under-sized first."""
    centres = {
        c.pk: c for c in Centre.objects.filter(is_active=True).annotate(installed=Count("counters"))
    }
    targets = _targets(period)
    days = CentreDay.objects.filter(
        day__range=(period.start, period.end), centre_id__in=centres, visits__gt=0
    ).values_list(
        "centre_id",
        "arrivals",
        "arrivals_by_hour",
        "service_n",
        "service_sum",
        "called",
        "within_target",
    )
    totals: dict[int, dict] = defaultdict(
        lambda: {
            "days": 0,
            "arrivals": 0,
            "hours": [0] * 24,
            "service_n": 0,
            "service_sum": 0.0,
            "called": 0,
            "within": 0,
        }
    )
    for centre_id, arrivals, by_hour, service_n, service_sum, called, within in days:
        t = totals[centre_id]
        t["days"] += 1
        t["arrivals"] += arrivals
        for hour, n in enumerate(by_hour or []):
            t["hours"][hour] += n
        t["service_n"] += service_n
        t["service_sum"] += service_sum
        t["called"] += called
        t["within"] += within

    sizes = []
    for centre_id, t in totals.items():
        per_hour = [n / t["days"] for n in t["hours"]]
        peak_arrivals = max(per_hour)
        peak_hour = per_hour.index(peak_arrivals) if peak_arrivals else None
        seconds = t["service_sum"] / t["service_n"] if t["service_n"] else DEFAULT_SERVICE_SECONDS
        target = targets.get(centre_id, DEFAULT_TARGET_MINUTES)
        sizes.append(
            CentreSize(
                centre=centres[centre_id],
                days=t["days"],
                arrivals_per_day=t["arrivals"] / t["days"],
                peak_hour=peak_hour,
                peak_arrivals=peak_arrivals,
                service_seconds=seconds,
                target_minutes=target,
                needed=erlang.counters_needed(
                    load=erlang.offered_load(
                        arrivals_per_hour=peak_arrivals, service_seconds=seconds
                    ),
                    service_seconds=seconds,
                    target_seconds=target * 60,
                    target_level=TARGET_LEVEL,
                ),
                installed=centres[centre_id].installed,
                service_level=t["within"] / t["called"] if t["called"] else None,
            )
        )
    sizes.sort(key=lambda s: (-s.gap, -(s.needed / max(1, s.installed)), s.centre.code))
    return sizes
