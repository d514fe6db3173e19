"""Supervisor actions and console leases.

Every supervisor action runs the engine call (or the certification change) and writes its
`AuditLog` row inside one transaction: the engine's own atomic blocks nest as savepoints,
so a refused action leaves neither a change nor an audit entry.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException

from centre.models import Centre, Counter, Service
from counters.models import AuditLog, ConsoleLease
from queueing import engine, selectors
from queueing.models import Ticket
from realtime.events import send
from staff.models import Certification, Staff


class Refused(APIException):
    """A refused console or supervisor request, rendered as {"code", "detail"}."""

    def __init__(self, code: str, detail, status_code: int = status.HTTP_409_CONFLICT):
        super().__init__(detail, code)
        self.status_code = status_code


def console_group(centre_id: int) -> str:
    return f"centre.{centre_id}.console"


# --- Snapshots for the audit log -------------------------------------------------------------


def counter_snapshot(counter: Counter) -> dict:
    counter = Counter.objects.select_related("staff__user").get(pk=counter.pk)
    ticket = selectors.counter_current_ticket(counter)
    return {
        "state": counter.state,
        "pause_reason": counter.pause_reason,
        "staff": counter.staff.user.get_username() if counter.staff else None,
        "ticket": ticket.display_number if ticket else None,
    }


def ticket_snapshot(ticket: Ticket) -> dict:
    ticket = Ticket.objects.select_related("service", "counter").get(pk=ticket.pk)
    return {
        "status": ticket.status,
        "service": ticket.service.code,
        "counter": ticket.counter.number if ticket.counter else None,
    }


def staff_snapshot(staff: Staff) -> dict:
    return {
        "counter": Counter.objects.filter(staff=staff).values_list("number", flat=True).first(),
        "universal": staff.is_universal,
        "services": sorted(staff.certifications.values_list("service__code", flat=True)),
    }


def _audit(
    actor: Staff, centre: Centre, action: str, target: str, before: dict, after: dict
) -> None:
    AuditLog.objects.create(
        centre=centre,
        actor=actor,
        actor_name=actor.display_name,
        action=action,
        target=target,
        before=before,
        after=after,
        at=timezone.now(),
    )


def _counter_label(counter: Counter) -> str:
    return f"counter {counter.number}"


def _staff_label(staff: Staff) -> str:
    return f"staff {staff.user.get_username()}"


# --- Supervisor actions ---------------------------------------------------------------------


def supervisor_open_counter(*, actor: Staff, counter: Counter, staff: Staff) -> Counter:
    """Put an employee at a counter and open it. If they were at another counter, this is a
    move: that counter closes (the engine refuses while it still serves a ticket)."""
    with transaction.atomic():
        moved_from = Counter.objects.filter(staff=staff).exclude(pk=counter.pk).first()
        before = {"counter": counter_snapshot(counter), "staff": staff_snapshot(staff)}
        engine.counter_open(counter=counter, staff=staff, actor=actor)
        after = {"counter": counter_snapshot(counter), "staff": staff_snapshot(staff)}
        action = "staff.move" if moved_from else "counter.open"
        _audit(
            actor,
            counter.centre,
            action,
            f"{_staff_label(staff)} → {_counter_label(counter)}",
            before,
            after,
        )
    return counter


def supervisor_counter_action(*, actor: Staff, counter: Counter, action: str, run):
    """Any counter API action a supervisor takes at a counter that is not their own, audited
    in the same transaction as the change."""
    with transaction.atomic():
        before = counter_snapshot(counter)
        result = run()
        _audit(
            actor,
            counter.centre,
            f"counter.{action}",
            _counter_label(counter),
            before,
            counter_snapshot(counter),
        )
    return result


def supervisor_close_counter(*, actor: Staff, counter: Counter) -> Counter:
    with transaction.atomic():
        before = counter_snapshot(counter)
        engine.counter_close(counter=counter, staff=actor)
        _audit(
            actor,
            counter.centre,
            "counter.close",
            _counter_label(counter),
            before,
            counter_snapshot(counter),
        )
    return counter


def supervisor_call_ticket(*, actor: Staff, counter: Counter, ticket: Ticket) -> Ticket:
    with transaction.atomic():
        before = ticket_snapshot(ticket)
        engine.ticket_call_specific(counter=counter, staff=actor, ticket=ticket)
        _audit(
            actor,
            counter.centre,
            "ticket.call",
            f"ticket {ticket.display_number} → {_counter_label(counter)}",
            before,
            ticket_snapshot(ticket),
        )
    return ticket


def supervisor_transfer_ticket(
    *, actor: Staff, ticket: Ticket, service_code: str, placement: str
) -> Ticket:
    """Move a ticket to another service's queue (front, end or by arrival): from its counter
    if it is being served, or straight from the queue if it is waiting."""
    with transaction.atomic():
        before = ticket_snapshot(ticket)
        if ticket.counter_id and ticket.status in Ticket.AT_COUNTER_STATUSES:
            engine.ticket_transfer(
                counter=ticket.counter, staff=actor, service_code=service_code, placement=placement
            )
        else:
            engine.ticket_move(
                ticket=ticket, staff=actor, service_code=service_code, placement=placement
            )
        after = {**ticket_snapshot(ticket), "placement": placement}
        _audit(
            actor,
            ticket.centre,
            "ticket.transfer",
            f"ticket {ticket.display_number}",
            before,
            after,
        )
    return ticket


def supervisor_cancel_ticket(*, actor: Staff, ticket: Ticket, reason: str) -> Ticket:
    with transaction.atomic():
        before = ticket_snapshot(ticket)
        engine.ticket_cancel(ticket=ticket, staff=actor, reason=reason)
        after = {**ticket_snapshot(ticket), "reason": reason}
        _audit(
            actor, ticket.centre, "ticket.cancel", f"ticket {ticket.display_number}", before, after
        )
    return ticket


def supervisor_set_services(
    *, actor: Staff, staff: Staff, universal: bool, service_codes: list[str]
) -> Staff:
    """Change what an employee is certified for: everything the centre offers (universal),
    or the listed services. Certifications for services not listed are removed."""
    services = Service.objects.filter(code__in=service_codes, offers__centre=staff.centre_id)
    found = {s.code: s for s in services}
    missing = [code for code in service_codes if code not in found]
    if missing:
        raise Refused("service_not_offered", _("This service is not offered at this centre."), 400)
    if not universal and not found:
        raise Refused(
            "no_services", _("Choose at least one service or make the employee universal."), 400
        )
    with transaction.atomic():
        staff = Staff.objects.select_for_update().select_related("user").get(pk=staff.pk)
        before = staff_snapshot(staff)
        staff.is_universal = universal
        staff.save(update_fields=["is_universal"])
        staff.certifications.exclude(service__in=found.values()).delete()
        for service in found.values():
            Certification.objects.get_or_create(staff=staff, service=service)
        _audit(
            actor,
            staff.centre,
            "staff.services",
            _staff_label(staff),
            before,
            staff_snapshot(staff),
        )
    return staff


# --- Console leases --------------------------------------------------------------------------


def lease_claim(*, counter: Counter, staff: Staff, tab: str) -> ConsoleLease:
    """Give `tab` the counter's console; the tab that held it is told over the staff socket."""
    with transaction.atomic():
        lease, _created = ConsoleLease.objects.update_or_create(
            counter=counter, defaults={"tab": tab, "staff": staff, "claimed_at": timezone.now()}
        )
        message = {"type": "console.lease", "counter": counter.number, "tab": tab}
        group = console_group(counter.centre_id)
        transaction.on_commit(lambda: send(group, message), robust=True)
    return lease


def lease_conflict(*, centre_code: str, number: int, tab: str) -> bool:
    """True when another tab holds the console of this counter."""
    holder = (
        ConsoleLease.objects.filter(counter__centre__code=centre_code, counter__number=number)
        .values_list("tab", flat=True)
        .first()
    )
    return holder is not None and holder != tab
