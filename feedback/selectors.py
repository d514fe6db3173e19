"""Read-only questions about the citizen's voice: the manager queue and its figures.

CSAT is the share of answers scoring 4 or 5; NPS is the share of promoters (9–10) minus
the share of detractors (0–6) among answers that rated the recommendation. A request is
judged once answered (or rejected), or once its deadline passed while still open; it was on
time when answered (or rejected) by its deadline. These definitions live here only: the
scorecard stores the same counts per centre and day (`FEEDBACK_COUNTS`, `on_time_counts`)
and turns their sums into figures with `csat` and `nps`, so the two pages agree.
"""

import datetime as dt

from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone

from feedback import access
from feedback.models import CitizenRequest, ImprovementAction, ServiceFeedback
from nafitha import references
from nafitha.text import strip_bidi_controls


def request_by_reference(*, reference: str) -> CitizenRequest | None:
    """The request a citizen's reference number names, as typed (case, spaces); None if none.

    Compared by digest (`nafitha.references.digest`), so the look-up time does not depend on how
    much of a guess matches a real reference."""
    normalised = "".join(strip_bidi_controls(reference).split()).upper()
    return CitizenRequest.objects.filter(reference_digest=references.digest(normalised)).first()


# The counts CSAT and NPS are computed from, as aggregates over a set of answers.
FEEDBACK_COUNTS = {
    "csat_n": Count("pk"),
    "csat_positive": Count("pk", filter=Q(satisfaction__gte=4)),
    "nps_n": Count("pk", filter=Q(recommend__isnull=False)),
    "nps_promoters": Count("pk", filter=Q(recommend__gte=9)),
    "nps_detractors": Count("pk", filter=Q(recommend__lte=6)),
}


def csat(counts: dict) -> float | None:
    """CSAT % from FEEDBACK_COUNTS (or their sums); None without answers."""
    n = counts.get("csat_n") or 0
    return 100.0 * (counts.get("csat_positive") or 0) / n if n else None


def nps(counts: dict) -> float | None:
    """NPS from FEEDBACK_COUNTS (or their sums); None when nobody rated the recommendation."""
    n = counts.get("nps_n") or 0
    if not n:
        return None
    return 100.0 * ((counts.get("nps_promoters") or 0) - (counts.get("nps_detractors") or 0)) / n


def _rounded(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def feedback_summary(feedback: QuerySet[ServiceFeedback]) -> dict:
    """Count, mean satisfaction, CSAT % and NPS of a set of answers (None when empty)."""
    row = feedback.aggregate(mean=Avg("satisfaction"), **FEEDBACK_COUNTS)
    count = row["csat_n"]
    return {
        "count": count,
        "mean_satisfaction": round(row["mean"], 2) if count else None,
        "csat": _rounded(csat(row)),
        "nps": _rounded(nps(row)),
    }


RESPONDED = Q(answered_at__isnull=False) | Q(status=CitizenRequest.Status.REJECTED)
ON_TIME = RESPONDED & (
    Q(answered_at__lte=F("due_at")) | Q(answered_at__isnull=True, closed_at__lte=F("due_at"))
)


def on_time_counts(now: dt.datetime) -> dict:
    """Aggregates of a set of requests: `judged` (responded, or open past the deadline at
    `now`) and `met` (responded by the deadline)."""
    late_open = Q(status__in=CitizenRequest.OPEN_STATUSES, due_at__lt=now)
    return {
        "judged": Count("pk", filter=RESPONDED | late_open),
        "met": Count("pk", filter=ON_TIME),
    }


def request_queue(
    *,
    user,
    status: str = "",
    kind: str = "",
    department: str = "",
    overdue: bool = False,
    now: dt.datetime | None = None,
) -> QuerySet[CitizenRequest]:
    """The manager queue: requests the user may see, filtered, the most urgent first."""
    requests = access.visible_requests(user).select_related("centre", "department", "service")
    if status:
        requests = requests.filter(status=status)
    if kind:
        requests = requests.filter(kind=kind)
    if department:
        requests = requests.filter(department__code=department)
    if overdue:
        requests = requests.filter(
            status__in=CitizenRequest.OPEN_STATUSES, due_at__lt=now or timezone.now()
        )
    return requests.order_by("due_at")


def request_figures(requests: QuerySet[CitizenRequest], now: dt.datetime | None = None) -> dict:
    """Counts by type and status, mean response time and on-time share of answered requests.

    A request is on time when answered (or rejected) before its deadline; open ones that
    are already late count as late.
    """
    now = now or timezone.now()
    by_kind = dict(requests.values_list("kind").annotate(n=Count("pk")))
    by_status = dict(requests.values_list("status").annotate(n=Count("pk")))
    row = requests.aggregate(
        **on_time_counts(now),
        late_open=Count("pk", filter=Q(status__in=CitizenRequest.OPEN_STATUSES, due_at__lt=now)),
    )
    responded = requests.filter(RESPONDED)
    durations = [
        ((answered or closed) - received).total_seconds()
        for received, answered, closed in responded.values_list(
            "received_at", "answered_at", "closed_at"
        )
    ]
    judged, late_open = row["judged"], row["late_open"]
    return {
        "total": sum(by_kind.values()),
        "by_kind": by_kind,
        "by_status": by_status,
        "overdue": late_open,
        "mean_response_hours": round(sum(durations) / len(durations) / 3600, 1)
        if durations
        else None,
        "on_time_share": round(100 * row["met"] / judged, 1) if judged else None,
    }


def improvement_share(actions: QuerySet[ImprovementAction]) -> dict:
    """The roadmap KPI: share of improvements based on citizen input."""
    total = actions.count()
    based = actions.filter(Q(requests__isnull=False) | Q(feedback__isnull=False)).distinct().count()
    return {
        "improvements": total,
        "based_on_citizen_input": based,
        "share": round(100 * based / total, 1) if total else None,
    }
