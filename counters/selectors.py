"""Read-only views of a centre for the counter console and the supervisor view.

Both pages fetch one of these snapshots on load, after every action, and whenever the
staff socket reports an engine event, so the page always shows the server's state: a
reload or a dropped connection loses nothing.
"""

import datetime as dt

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone, translation

from centre.models import CentreService, Service
from counters.audit import audit_names, audit_sentence, audit_time
from counters.models import AuditLog, ConsoleLease
from queueing import selectors
from queueing.models import Counter, CounterEvent, Ticket, TicketStep
from staff.models import Certification, Staff


def _lang() -> str:
    return translation.get_language() or "ar"


def _seconds(start: dt.datetime | None, end: dt.datetime) -> int | None:
    return max(0, int((end - start).total_seconds())) if start else None


def ticket_at_counter(ticket: Ticket, now: dt.datetime) -> dict:
    """The ticket as the employee needs it: step, priority, waits, timer and documents."""
    lang = _lang()
    step = ticket.current_step
    steps = list(ticket.steps.all())
    service = ticket.service
    return {
        "id": ticket.pk,
        "number": ticket.number_in("en"),
        "number_ar": ticket.number_in("ar"),
        "status": ticket.status,
        "language": ticket.language,
        "service": {
            "code": service.code,
            "name": service.name_in(lang),
            "standard_service_minutes": service.standard_service_minutes,
        },
        "step": {"position": steps.index(step) + 1 if step in steps else 1, "count": len(steps)},
        "bundle": ticket.bundle.name_in(lang) if ticket.bundle else None,
        "priority": ticket.priority.name_in(lang) if ticket.priority else None,
        "called_at": ticket.called_at,
        "started_at": step.started_at if step else None,
        "waited_seconds": _seconds(
            step.queued_at if step else ticket.issued_at, ticket.called_at or now
        ),
        "call_count": ticket.call_count,
        "recall_count": ticket.recall_count,
        "documents": Service.localise(service.required_documents, lang),
    }


def _current_tickets(centre) -> dict[int, Ticket]:
    return {
        t.counter_id: t
        for t in Ticket.objects.filter(centre=centre, status__in=Ticket.AT_COUNTER_STATUSES)
        .select_related("service", "bundle", "priority", "current_step")
        .prefetch_related("steps")
    }


def _queues(centre, service_ids: set[int] | None, now: dt.datetime) -> list[dict]:
    lang = _lang()
    loads = selectors.centre_service_loads(centre, now)
    services = Service.objects.filter(
        pk__in=loads if service_ids is None else service_ids & set(loads)
    )
    return [
        {
            "code": s.code,
            "name": s.name_in(lang),
            "waiting": loads[s.pk].waiting,
            "longest_wait_seconds": loads[s.pk].longest_wait_seconds,
            "target_wait_minutes": s.target_wait_minutes,
        }
        for s in services.order_by("department__code", "code")
    ]


def offered_services(centre) -> list[dict]:
    lang = _lang()
    offers = CentreService.objects.filter(centre=centre, is_active=True).select_related("service")
    return [
        {"code": o.service.code, "name": o.service.name_in(lang), "letter": o.letter}
        for o in offers.order_by("service__department__code", "service__code")
    ]


def staff_day_figures(staff: Staff, now: dt.datetime) -> dict:
    """Today's steps this employee finished, and their mean service time."""
    steps = TicketStep.objects.filter(
        staff=staff, status=TicketStep.Status.DONE, ended_at__gte=staff.centre.day_start(now)
    ).values_list("started_at", "ended_at")
    durations = [(end - start).total_seconds() for start, end in steps if start and end]
    return {
        "served": len(durations),
        "average_service_seconds": round(sum(durations) / len(durations)) if durations else None,
    }


def _counter_row(counter: Counter, ticket: Ticket | None, now: dt.datetime) -> dict:
    return {
        "number": counter.number,
        "label": counter.label,
        "state": counter.state,
        "pause_reason": counter.pause_reason,
        "since_seconds": _seconds(counter.state_changed_at, now),
        "staff": counter.staff.display_name if counter.staff else None,
        "staff_id": counter.staff_id,
        "ticket": ticket_at_counter(ticket, now) if ticket else None,
    }


def console_state(*, staff: Staff, counter: Counter | None, now: dt.datetime | None = None) -> dict:
    """Everything the counter console shows, for `staff` working at `counter` (or choosing one)."""
    now = now or timezone.now()
    centre = staff.centre
    counters = list(
        Counter.objects.filter(centre=centre).select_related("staff__user").order_by("number")
    )
    current = _current_tickets(centre)
    state = {
        "at": now,
        "me": {"name": staff.display_name, "role": staff.role},
        "counters": [
            {
                "number": c.number,
                "label": c.label,
                "state": c.state,
                "staff": c.staff.display_name if c.staff else None,
                "mine": c.staff_id == staff.pk,
            }
            for c in counters
        ],
        "services": offered_services(centre),
        "today": staff_day_figures(staff, now),
        "counter": None,
        "lease": None,
    }
    server = staff
    if counter is not None:
        counter = next(c for c in counters if c.pk == counter.pk)
        state["counter"] = _counter_row(counter, current.get(counter.pk), now)
        state["lease"] = (
            ConsoleLease.objects.filter(counter=counter).values_list("tab", flat=True).first()
        )
        server = counter.staff or staff
    state["queues"] = _queues(centre, server.certified_service_ids(centre.service_day(now)), now)
    return state


def supervisor_state(*, centre, now: dt.datetime | None = None) -> dict:
    """Every counter and employee of the centre, the waiting tickets and the latest audit entries."""
    now = now or timezone.now()
    counters = list(
        Counter.objects.filter(centre=centre).select_related("staff__user").order_by("number")
    )
    current = _current_tickets(centre)
    at_counter = {c.staff_id: c.number for c in counters if c.staff_id}
    staff = (
        Staff.objects.filter(centre=centre)
        .select_related("user")
        .prefetch_related(
            Prefetch("certifications", Certification.objects.select_related("service"), "certs")
        )
        .order_by("role", "user__username")
    )
    waiting = (
        Ticket.objects.filter(centre=centre, status=Ticket.Status.WAITING)
        .select_related("service", "priority", "current_step")
        .in_call_order()[:200]
    )
    lang = _lang()
    waits = [
        (_seconds(queued_at, now) or 0, target * 60)
        for queued_at, target in Ticket.objects.filter(
            centre=centre, status=Ticket.Status.WAITING
        ).values_list("current_step__queued_at", "service__target_wait_minutes")
    ]
    return {
        "at": now,
        # The page's first line: how many wait, the longest wait, and how many are past their
        # service's target (over every waiting ticket, not only the listed ones).
        "summary": {
            "waiting": len(waits),
            "longest_wait_seconds": max((waited for waited, _ in waits), default=0),
            "late": sum(waited > target for waited, target in waits),
        },
        "counters": [_counter_row(c, current.get(c.pk), now) for c in counters],
        "staff": [
            {
                "id": s.pk,
                "username": s.user.get_username(),
                "name": s.display_name,
                "role": s.role,
                "counter": at_counter.get(s.pk),
                "universal": s.is_universal,
                "services": sorted(c.service.code for c in s.certs),
            }
            for s in staff
        ],
        "services": offered_services(centre),
        "queues": _queues(centre, None, now),
        "waiting": [
            {
                "id": t.pk,
                "number": t.number_in("en"),
                "number_ar": t.number_in("ar"),
                "service": t.service.code,
                "service_name": t.service.name_in(lang),
                "priority": t.priority.name_in(lang) if t.priority else None,
                "waited_seconds": _seconds(
                    t.current_step.queued_at if t.current_step else t.issued_at, now
                ),
                "late": t.current_step is not None
                and _seconds(t.current_step.queued_at, now) > t.service.target_wait_minutes * 60,
            }
            for t in waiting
        ],
        "audit": audit_rows(centre, 30),
    }


def audit_rows(centre, limit: int) -> list[dict]:
    """The latest entries, each also as a sentence (`text`) and a local time (`when`) in the
    active language, which is what the supervisor view shows."""
    entries = list(AuditLog.objects.filter(centre=centre)[:limit])
    names = audit_names(entries)
    return [
        {
            "at": a.at,
            "when": audit_time(a, centre.tz),
            "text": audit_sentence(a, names),
            "actor": a.actor_name,
            "action": a.action,
            "action_label": a.get_action_display(),
            "target": a.target,
            "before": a.before,
            "after": a.after,
        }
        for a in entries
    ]


def pause_rows(centre, day: dt.date, now: dt.datetime) -> list[dict]:
    """Pauses begun on the centre's local `day`, newest first, from the engine's counter events.

    A pause runs from its "paused" event to the counter's next event (open or closed); the
    engine writes a counter's events under its row lock, so their ids are in order.
    """
    start, end = centre.day_window(day)
    following = CounterEvent.objects.filter(
        counter=OuterRef("counter"), pk__gt=OuterRef("pk")
    ).order_by("pk")
    pauses = (
        CounterEvent.objects.filter(
            centre=centre,
            state=Counter.State.PAUSED,
            at__gte=start,
            at__lt=end,
        )
        .annotate(ended_at=Subquery(following.values("at")[:1]))
        .select_related("counter", "staff__user")
        .order_by("-at", "-pk")
    )
    return [
        {
            "counter": p.counter.number,
            "staff": p.staff.display_name if p.staff else None,
            "reason": p.reason,
            "started_at": p.at,
            "ended_at": p.ended_at,
            "seconds": _seconds(p.at, p.ended_at or now),
        }
        for p in pauses
    ]
