"""Period figures read from summed daily aggregates, each defined once (docs/metrics.md).

Each indicator turns the SUM of a period's aggregate columns into a value and its sample
size n. n = 0 means "no data": the indicator is not scored and its weight is redistributed.
"""

import dataclasses
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from feedback import selectors as voice
from scorecard.models import WAIT_BIN_EDGES_MIN, WAIT_BINS

UTILISATION_BAND = (65.0, 85.0)  # percent: utilisation inside it scores full marks


def share(part: float, whole: float) -> float | None:
    return 100.0 * part / whole if whole else None


def histogram_percentile(sums: dict, q: float) -> float | None:
    """The q-quantile (seconds) of the summed wait histogram, interpolated inside its bin."""
    counts = [sums.get(name) or 0 for name in WAIT_BINS]
    total = sum(counts)
    if not total:
        return None
    edges = [0, *(m * 60 for m in WAIT_BIN_EDGES_MIN)]
    rank = q * total
    seen = 0
    for index, count in enumerate(counts):
        if count and seen + count >= rank:
            low = edges[index]
            if index + 1 >= len(edges):
                return float(low)
            return low + (edges[index + 1] - low) * (rank - seen) / count
        seen += count
    return float(edges[-1])


def utilisation(s: dict) -> float | None:
    return share(s.get("serving_seconds", 0), s.get("open_seconds", 0))


def _utilisation_gap(s: dict) -> tuple[float | None, int]:
    value = utilisation(s)
    if value is None:
        return None, 0
    low, high = UTILISATION_BAND
    return max(0.0, low - value, value - high), s.get("service_n", 0)


def _mean(total: str, n: str) -> Callable[[dict], tuple[float | None, int]]:
    return lambda s: ((s[total] / s[n]) if s.get(n) else None, s.get(n, 0))


def _share(part: str, whole: str) -> Callable[[dict], tuple[float | None, int]]:
    return lambda s: (share(s.get(part, 0), s.get(whole, 0)), s.get(whole, 0))


def _csat(s: dict) -> tuple[float | None, int]:
    return voice.csat(s), s.get("csat_n", 0)


def _nps(s: dict) -> tuple[float | None, int]:
    return voice.nps(s), s.get("nps_n", 0)


def _per_10k(s: dict) -> tuple[float | None, int]:
    visits = s.get("visits", 0)
    return (10000.0 * s.get("complaints", 0) / visits if visits else None), visits


def _p90_wait_minutes(s: dict) -> tuple[float | None, int]:
    value = histogram_percentile(s, 0.9)
    return (value / 60 if value is not None else None), s.get("called", 0)


def _mean_minutes(total: str, n: str) -> Callable[[dict], tuple[float | None, int]]:
    return lambda s: ((s[total] / s[n] / 60) if s.get(n) else None, s.get(n, 0))


@dataclasses.dataclass(frozen=True)
class IndicatorDef:
    key: str
    label: str
    unit: str
    compute: Callable[[dict], tuple[float | None, int]]
    sampled: bool = True  # flagged when n is under the framework's small-sample size
    centre_only: bool = False  # needs centre-wide columns (not in ServiceDay)


INDICATORS: dict[str, IndicatorDef] = {
    d.key: d
    for d in (
        IndicatorDef(
            "csat",
            _("Citizen satisfaction (CSAT)"),
            "%",
            _csat,
            centre_only=True,
        ),
        IndicatorDef("nps", _("Net Promoter Score"), "", _nps, centre_only=True),
        IndicatorDef(
            "complaints_on_time",
            _("Complaints closed within deadline"),
            "%",
            _share("complaints_due_met", "complaints_due"),
            centre_only=True,
        ),
        IndicatorDef(
            "complaints_per_10k", _("Complaints per 10,000 visits"), "", _per_10k, centre_only=True
        ),
        IndicatorDef(
            "service_level",
            _("Service level (called within target)"),
            "%",
            _share("within_target", "called"),
        ),
        IndicatorDef("wait_p90", _("90th percentile wait"), "min", _p90_wait_minutes),
        IndicatorDef(
            "service_within_standard",
            _("Service time within standard"),
            "%",
            _share("within_standard", "service_n"),
        ),
        IndicatorDef("abandonment", _("Walk-out rate"), "%", _share("walk_outs", "arrivals")),
        IndicatorDef(
            "mystery_shopper",
            _("Mystery shopper"),
            "",
            _mean("mystery_sum", "mystery_n"),
            sampled=False,
            centre_only=True,
        ),
        IndicatorDef(
            "volunteer_visitor",
            _("Volunteer visitor"),
            "",
            _mean("volunteer_sum", "volunteer_n"),
            sampled=False,
            centre_only=True,
        ),
        IndicatorDef(
            "self_assessment",
            _("Self-assessment"),
            "",
            _mean("self_sum", "self_n"),
            sampled=False,
            centre_only=True,
        ),
        IndicatorDef(
            "first_visit_resolution", _("First-visit resolution"), "%", _share("resolved", "served")
        ),
        IndicatorDef(
            "universal_coverage",
            _("Universal-employee coverage"),
            "%",
            _share("coverage_covered", "coverage_services"),
            sampled=False,
            centre_only=True,
        ),
        IndicatorDef(
            "utilisation_gap",
            _("Utilisation outside the 65–85 % band"),
            "pp",
            _utilisation_gap,
            centre_only=True,
        ),
        IndicatorDef(
            "registry_completeness",
            _("Registry completeness"),
            "%",
            _share("registry_complete", "registry_services"),
            sampled=False,
            centre_only=True,
        ),
        IndicatorDef(
            "charter_met",
            _("Charter commitments met"),
            "%",
            _share("charter_met", "charter_services"),
            sampled=False,
            centre_only=True,
        ),
        # Appointments (docs/metrics.md "Appointments").
        IndicatorDef(
            "appointment_no_show_rate",
            _("Appointment no-show rate"),
            "%",
            _share("booking_no_shows", "bookings"),
            centre_only=True,
        ),
        IndicatorDef(
            "appointment_punctuality",
            _("Appointments called on time"),
            "%",
            _share("appointment_punctual", "appointment_called"),
            centre_only=True,
        ),
        IndicatorDef(
            "visits_booked_share",
            _("Share of visits booked"),
            "%",
            _share("visits_booked", "visits"),
            centre_only=True,
        ),
        IndicatorDef(
            "visits_remote_share",
            _("Share of visits from home"),
            "%",
            _share("visits_remote", "visits"),
            centre_only=True,
        ),
        IndicatorDef(
            "remote_arrival_rate",
            _("Places from home checked in"),
            "%",
            _share("remote_checked_in", "remote_places"),
            centre_only=True,
        ),
        IndicatorDef(
            "remote_lapse_rate",
            _("Places from home lapsed"),
            "%",
            _share("remote_expired", "remote_places"),
            centre_only=True,
        ),
        IndicatorDef(
            "remote_check_in_lead",
            _("Check-in before the call, places from home"),
            "min",
            _mean_minutes("remote_lead_sum", "remote_called"),
            centre_only=True,
        ),
        IndicatorDef(
            "booked_wait",
            _("Mean wait of booked visits"),
            "min",
            _mean_minutes("appointment_wait_sum", "appointment_called"),
            centre_only=True,
        ),
        IndicatorDef(
            "walk_in_wait",
            _("Mean wait of walk-in visits"),
            "min",
            _mean_minutes("walk_in_wait_sum", "walk_in_called"),
            centre_only=True,
        ),
    )
}


def summary(s: dict) -> dict:
    """Plain figures shown beside the scores (not scored): served, waits, rates."""
    p50 = histogram_percentile(s, 0.5)
    p90 = histogram_percentile(s, 0.9)
    return {
        "visits": s.get("visits", 0),
        "arrivals": s.get("arrivals", 0),
        "served": s.get("served", 0),
        "mean_wait_minutes": s["wait_sum"] / s["called"] / 60 if s.get("called") else None,
        "median_wait_minutes": p50 / 60 if p50 is not None else None,
        "p90_wait_minutes": p90 / 60 if p90 is not None else None,
        "mean_service_minutes": s["service_sum"] / s["service_n"] / 60
        if s.get("service_n")
        else None,
        "service_level": share(s.get("within_target", 0), s.get("called", 0)),
        "no_show_rate": share(s.get("no_shows", 0), s.get("called", 0)),
        "walk_out_rate": share(s.get("walk_outs", 0), s.get("arrivals", 0)),
        "first_visit_resolution": share(s.get("resolved", 0), s.get("served", 0)),
        "cancelled": s.get("cancelled", 0),
        "transfers": s.get("transfers", 0),
        "recalls": s.get("recalls", 0),
        "utilisation": utilisation(s),
        "throughput_per_counter_hour": (
            s["served"] / (s["open_seconds"] / 3600) if s.get("open_seconds") else None
        ),
        "idle_hours": max(0.0, s.get("open_seconds", 0) - s.get("serving_seconds", 0)) / 3600,
        **appointment_summary(s),
    }


def appointment_summary(s: dict) -> dict:
    """The appointment figures shown on the dashboard (docs/metrics.md "Appointments")."""
    return {
        key: INDICATORS[key].compute(s)[0]
        for key in (
            "appointment_no_show_rate",
            "appointment_punctuality",
            "visits_booked_share",
            "visits_remote_share",
            "remote_arrival_rate",
            "remote_lapse_rate",
            "remote_check_in_lead",
            "booked_wait",
            "walk_in_wait",
        )
    }
