"""Snapshots: the full state a display or a tracking phone rebuilds from (a few queries each).

Snapshots are read per connecting client, on reconnect and on resync: never per event.
"""

import datetime as dt

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from centre.models import Centre, CentreService
from nafitha.arabic import arabic_digits
from queueing import selectors
from queueing.models import Counter, Ticket, TicketEvent
from realtime.events import ticket_public, waiting_by_service

CALL_KINDS = (TicketEvent.Kind.CALLED, TicketEvent.Kind.RECALLED)


def _in_scope(config: dict, service_code: str, department_code: str) -> bool:
    """Empty filters mean everything; otherwise a service or its department must be listed."""
    if not config["departments"] and not config["services"]:
        return True
    return service_code in config["services"] or department_code in config["departments"]


def recent_calls(centre: Centre, config: dict, now: dt.datetime | None = None) -> list[dict]:
    """Today's latest calls in the screen's scope, newest first, one per ticket."""
    rows = (
        TicketEvent.objects.filter(
            centre=centre, kind__in=CALL_KINDS, at__gte=centre.day_start(now)
        )
        .select_related("ticket", "service__department", "counter")
        .order_by("-at", "-id")
    )
    calls, seen = [], set()
    for row in rows.iterator(chunk_size=100):
        if row.ticket_id in seen or row.counter is None:
            continue
        if not _in_scope(config, row.service.code, row.service.department.code):
            continue
        seen.add(row.ticket_id)
        ticket = row.ticket
        calls.append(
            {
                "ticket": {
                    **ticket_public(ticket),
                    "service": row.service.code,
                    "department": row.service.department.code,
                },
                "counter": row.counter.number,
                "at": row.at.isoformat(),
            }
        )
        if len(calls) > config["recent_calls"]:
            break
    return calls


def display_snapshot(centre: Centre, config: dict) -> dict:
    """Everything a hall or counter screen shows, filtered to the screen's configuration."""
    offers = (
        CentreService.objects.filter(centre=centre, is_active=True)
        .select_related("service__department")
        .order_by("service__department__code", "letter", "service__code")
    )
    services, departments = {}, {}
    for offer in offers:
        service, department = offer.service, offer.service.department
        if not _in_scope(config, service.code, department.code):
            continue
        services[service.code] = {
            "department": department.code,
            "letter": offer.letter,
            "name_ar": service.name_ar,
            "name_en": service.name_en,
        }
        departments[department.code] = {
            "code": department.code,
            "name_ar": department.name_ar,
            "name_en": department.name_en,
        }
    at_counter = {
        ticket.counter_id: ticket_public(ticket)
        for ticket in Ticket.objects.filter(
            centre=centre, status__in=Ticket.AT_COUNTER_STATUSES, counter__isnull=False
        ).select_related("service__department")
    }
    counters = [
        {"number": c.number, "state": c.state, "ticket": at_counter.get(c.pk)}
        for c in Counter.objects.filter(centre=centre).order_by("number")
    ]
    return {
        "centre": centre.as_json(),
        "config": config,
        "departments": list(departments.values()),
        "services": services,
        "queues": waiting_by_service(centre.pk),
        "counters": counters,
        "calls": recent_calls(centre, config),
    }


def _wait_text(wait, arabic: bool) -> str:
    """A range such as "10–25 minutes" (its plural form follows the higher number)."""
    if wait is None:
        return ""
    low, high = wait.minutes_range

    def shown(n):
        return arabic_digits(n) if arabic else n

    if low == 0:
        return ngettext("Up to %(n)s minute", "Up to %(n)s minutes", high) % {"n": shown(high)}
    return ngettext("%(low)s–%(n)s minute", "%(low)s–%(n)s minutes", high) % {
        "low": shown(low),
        "n": shown(high),
    }


def ticket_tracking(ticket: Ticket, language: str) -> dict:
    """A ticket's public status for its holder's phone, with its texts in `language`."""
    position, wait = selectors.ticket_wait(ticket)
    estimate = None if wait is None else wait.seconds
    counter = ticket.counter.number if ticket.counter_id else None
    arabic = language == "ar"
    with translation.override(language):
        if ticket.status == Ticket.Status.WAITING:
            if position == 0:
                headline = _("You are next.")
            else:
                headline = ngettext(
                    "%(count)s person ahead of you.", "%(count)s people ahead of you.", position
                ) % {"count": arabic_digits(position) if arabic else position}
        elif ticket.status in Ticket.AT_COUNTER_STATUSES and counter is not None:
            shown = arabic_digits(counter) if arabic else counter
            headline = _("Your turn — go to counter %(counter)s") % {"counter": shown}
        else:
            headline = _("This ticket is no longer in the queue: %(status)s") % {
                "status": ticket.get_status_display()
            }
        wait_text = _wait_text(wait, arabic)
        status = str(ticket.get_status_display())
    return {
        "id": ticket.pk,
        "number": ticket.number_in("en"),
        "number_ar": ticket.number_in("ar"),
        "status": ticket.status,
        "status_text": status,
        "service": {
            "code": ticket.service.code,
            "name": ticket.service.name_in(language),
        },
        "position": position,
        "position_text": ""
        if position is None
        else (arabic_digits(position) if arabic else str(position)),
        "estimated_wait_seconds": estimate,
        "wait_range_minutes": None if wait is None else list(wait.minutes_range),
        "wait_text": wait_text,
        "counter": counter,
        "called": ticket.status in Ticket.AT_COUNTER_STATUSES,
        "active": ticket.status in (Ticket.Status.WAITING, *Ticket.AT_COUNTER_STATUSES),
        "can_leave": ticket.status in (Ticket.Status.WAITING, Ticket.Status.CALLED),
        "finished": ticket.status == Ticket.Status.DONE,
        "headline": headline,
        "at": timezone.now().isoformat(),
    }
