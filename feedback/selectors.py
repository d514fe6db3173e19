"""Read-only questions about the citizen's voice: the manager queue and its figures.

CSAT is the share of answers scoring 4 or 5; NPS is the share of promoters (9–10) minus
the share of detractors (0–6) among answers that rated the recommendation.
"""

import datetime as dt

from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone

from feedback import access
from feedback.models import CitizenRequest, ImprovementAction, ServiceFeedback, reference_digest
from nafitha.text import strip_bidi_controls


def request_by_reference(*, reference: str) -> CitizenRequest | None:
    """The request a citizen's reference number names, as typed (case, spaces); None if none.

    Compared by digest (see `reference_digest`), so the look-up time does not depend on how
    much of a guess matches a real reference."""
    normalised = "".join(strip_bidi_controls(reference).split()).upper()
    return CitizenRequest.objects.filter(reference_digest=reference_digest(normalised)).first()


def feedback_summary(feedback: QuerySet[ServiceFeedback]) -> dict:
    """Count, mean satisfaction, CSAT % and NPS of a set of answers (None when empty)."""
    row = feedback.aggregate(
        count=Count("pk"),
        mean=Avg("satisfaction"),
        satisfied=Count("pk", filter=Q(satisfaction__gte=4)),
        rated=Count("pk", filter=Q(recommend__isnull=False)),
        promoters=Count("pk", filter=Q(recommend__gte=9)),
        detractors=Count("pk", filter=Q(recommend__lte=6)),
    )
    count, rated = row["count"], row["rated"]
    return {
        "count": count,
        "mean_satisfaction": round(row["mean"], 2) if count else None,
        "csat": round(100 * row["satisfied"] / count, 1) if count else None,
        "nps": round(100 * (row["promoters"] - row["detractors"]) / rated, 1) if rated else None,
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
    responded = requests.filter(
        Q(answered_at__isnull=False) | Q(status=CitizenRequest.Status.REJECTED)
    )
    row = responded.aggregate(
        n=Count("pk"),
        on_time=Count(
            "pk",
            filter=Q(answered_at__lte=F("due_at"))
            | Q(answered_at__isnull=True, closed_at__lte=F("due_at")),
        ),
    )
    late_open = requests.filter(status__in=CitizenRequest.OPEN_STATUSES, due_at__lt=now).count()
    durations = [
        ((answered or closed) - received).total_seconds()
        for received, answered, closed in responded.values_list(
            "received_at", "answered_at", "closed_at"
        )
    ]
    judged = row["n"] + late_open
    return {
        "total": sum(by_kind.values()),
        "by_kind": by_kind,
        "by_status": by_status,
        "overdue": late_open,
        "mean_response_hours": round(sum(durations) / len(durations) / 3600, 1)
        if durations
        else None,
        "on_time_share": round(100 * row["on_time"] / judged, 1) if judged else None,
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
