"""The manager's live dashboard: one snapshot of a centre's load now and today so far.

Built once per engine event and shared by every dashboard socket (see consumers.py); a
dozen small queries whatever the number of tickets. Today's figures come from the same
`metrics.day_figures` the daily aggregation stores, so the dashboard and the scorecard agree.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from centre.models import Centre, CentreService
from queueing.models import Counter, Ticket, TicketEvent
from queueing.selectors import counter_services
from scorecard import metrics
from scorecard.indicators import share

GREEN, AMBER, RED = "green", "amber", "red"
RANK = {GREEN: 0, AMBER: 1, RED: 2}


def wait_level(longest_seconds: int, target_minutes: int) -> str:
    """Green under SCORECARD_AMBER_AT of the target, amber up to it, red past it."""
    target = target_minutes * 60
    if longest_seconds > target:
        return RED
    return AMBER if longest_seconds >= settings.SCORECARD_AMBER_AT * target else GREEN


def _counters(centre, now, names, start) -> tuple[list[dict], list[Counter]]:
    """Each counter's status (closed, paused, busy, idle), since when, and who is at it."""
    counters = list(
        Counter.objects.filter(centre=centre).select_related("staff__user").order_by("number")
    )
    tickets = {
        t.counter_id: t
        for t in Ticket.objects.filter(
            centre=centre, status__in=Ticket.AT_COUNTER_STATUSES
        ).select_related("service", "current_step")
    }
    last_event = dict(
        TicketEvent.objects.filter(centre=centre, at__gte=start, counter__isnull=False)
        .values("counter_id")
        .annotate(last=Max("at"))
        .values_list("counter_id", "last")
    )
    rows = []
    for counter in counters:
        ticket = tickets.get(counter.pk)
        if counter.state == Counter.State.OPEN:
            status = "busy" if ticket else "idle"
        else:
            status = counter.state
        since = counter.state_changed_at
        if status == "idle" and last_event.get(counter.pk):
            since = max(since, last_event[counter.pk])
        if ticket:
            since = ticket.current_step.started_at or ticket.called_at or since
        rows.append(
            {
                "number": counter.number,
                "label": counter.label,
                "status": status,
                "pause_reason": counter.pause_reason,
                "since_seconds": max(0, int((now - since).total_seconds())),
                "staff": (str(counter.staff) if names else None) if counter.staff else None,
                "staffed": counter.staff_id is not None,
                "ticket": {
                    "number": ticket.display_number,
                    "service": ticket.service.code,
                    "status": ticket.status,
                }
                if ticket
                else None,
            }
        )
    return rows, counters


def dashboard_snapshot(centre: Centre, *, names: bool, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    day = centre.service_day(now)
    start, _ = centre.day_window(day)
    loads = Ticket.objects.filter(centre=centre).waiting_loads(now)
    # Citizens still waiting past their service's target have already missed it: the live
    # service level counts them, so it cannot read 100 % beside overdue queues.
    waiting_past_target = sum(
        queued_at is not None and now - queued_at > dt.timedelta(minutes=target)
        for queued_at, target in Ticket.objects.filter(
            centre=centre, status=Ticket.Status.WAITING
        ).values_list("current_step__queued_at", "service__target_wait_minutes")
    )
    offers = list(
        CentreService.objects.filter(centre=centre, is_active=True)
        .select_related("service__department")
        .order_by("service__department__code", "service__code")
    )
    counter_rows, counters = _counters(centre, now, names, start)
    open_counters = [c for c in counters if c.state == Counter.State.OPEN and c.staff]
    certified = counter_services(open_counters, {o.service_id for o in offers}, day)
    covered = set().union(*certified.values()) if certified else set()

    services, departments, alerts = [], {}, []
    for offer in offers:
        service = offer.service
        waiting, longest = loads.get(offer.service_id, (0, 0))
        level = wait_level(longest, service.target_wait_minutes) if waiting else GREEN
        row = {
            "code": service.code,
            "name_ar": service.name_ar,
            "name_en": service.name_en,
            "department": service.department.code,
            "letter": offer.letter,
            "waiting": waiting,
            "longest_wait_seconds": longest,
            "target_wait_minutes": service.target_wait_minutes,
            "level": level,
            "covered": offer.service_id in covered,
        }
        services.append(row)
        dept = departments.setdefault(
            service.department.code,
            {
                "code": service.department.code,
                "name_ar": service.department.name_ar,
                "name_en": service.department.name_en,
                "waiting": 0,
                "longest_wait_seconds": 0,
                "level": GREEN,
            },
        )
        dept["waiting"] += waiting
        dept["longest_wait_seconds"] = max(dept["longest_wait_seconds"], longest)
        if RANK[level] > RANK[dept["level"]]:
            dept["level"] = level
        if level == RED:
            alerts.append(
                {
                    "kind": "overdue",
                    "service": service.code,
                    "name_ar": service.name_ar,
                    "name_en": service.name_en,
                    "seconds": longest,
                    "target_minutes": service.target_wait_minutes,
                }
            )
        if open_counters and not row["covered"]:
            alerts.append(
                {
                    "kind": "uncovered",
                    "service": service.code,
                    "name_ar": service.name_ar,
                    "name_en": service.name_en,
                    "waiting": waiting,
                }
            )

    waiting_for = {sid for sid, (n, _) in loads.items() if n}
    idle_after = settings.SCORECARD_IDLE_ALERT_MINUTES * 60
    for counter, row in zip(counters, counter_rows, strict=True):
        idle = row["status"] == "idle" and row["since_seconds"] >= idle_after
        if idle and certified.get(counter.pk, set()) & waiting_for:
            alerts.append(
                {"kind": "idle", "counter": counter.number, "seconds": row["since_seconds"]}
            )

    today = metrics.day_figures(day, [centre], now, full=False)[centre.pk].centre
    return {
        "centre": centre.as_json(),
        "at": now.isoformat(),
        "departments": list(departments.values()),
        "services": services,
        "counters": counter_rows,
        "breaks": [r for r in counter_rows if r["status"] == Counter.State.PAUSED],
        "totals": {
            "waiting": sum(s["waiting"] for s in services),
            "open": sum(r["status"] in ("busy", "idle") for r in counter_rows),
            "busy": sum(r["status"] == "busy" for r in counter_rows),
            "idle": sum(r["status"] == "idle" for r in counter_rows),
            "paused": sum(r["status"] == "paused" for r in counter_rows),
        },
        "today": {
            "arrivals": sum(today["arrivals_by_hour"]),
            "served": today["served"],
            "mean_wait_seconds": today["wait_sum"] / today["called"] if today["called"] else None,
            "p90_wait_seconds": today["wait_p90"],
            # Called within target, out of those called and those still waiting past target.
            "service_level": share(today["within_target"], today["called"] + waiting_past_target),
            "waiting_past_target": waiting_past_target,
            "arrivals_by_hour": today["arrivals_by_hour"],
            "served_by_hour": today["served_by_hour"],
        },
        "alerts": alerts,
    }
