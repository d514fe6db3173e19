"""Staff counter actions, the audit of supervisors' actions, and console leases.

An action a supervisor takes at a counter that is not their own (and every ticket transfer,
cancellation or change of an employee's services they make) runs the engine call and writes
its `AuditLog` row inside one transaction: the engine's own atomic blocks nest as savepoints,
so a refused action leaves neither a change nor an audit entry.
"""

from django.db import transaction
from django.utils import timezone

from centre.models import Centre, Service
from counters.errors import CounterError
from counters.models import AuditLog, ConsoleLease
from queueing import engine, selectors
from queueing.errors import QueueError
from queueing.models import Counter, Ticket
from realtime.events import send
from staff.models import Certification, Staff

Action = AuditLog.Action


def console_group(centre_id: int) -> str:
    return f"centre.{centre_id}.console"


# --- Snapshots for the audit log -------------------------------------------------------------


def counter_snapshot(counter: Counter) -> dict:
    counter = Counter.objects.select_related("staff__user").get(pk=counter.pk)
    ticket = selectors.counter_current_ticket(counter)
    return {
        "state": counter.state,
        "pause_reason": counter.pause_reason,
        "staff": counter.staff_id,
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
    actor: Staff, centre: Centre, action: Action, target: str, before: dict, after: dict
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


def audit_write(
    *, actor: Staff, centre: Centre, action: str, target: str, before: dict, after: dict
) -> None:
    """An audit entry for another app's staff action (e.g. an appointment plan), written in
    the caller's transaction."""
    _audit(actor, centre, action, target, before, after)


def _counter_label(counter: Counter) -> str:
    return f"counter {counter.number}"


def _staff_label(staff: Staff) -> str:
    return f"staff {staff.pk}"


# --- Actions ----------------------------------------------------------------------------------


def audited(actor: Staff, counter: Counter | None) -> bool:
    """Whether `actor` acts for someone else: a supervisor away from their own counter."""
    return actor.role == Staff.Role.SUPERVISOR and (counter is None or counter.staff_id != actor.pk)


def counter_action(*, actor: Staff, counter: Counter, action: str, run, employee=None):
    """Run one counter action (`run()` calls the engine). A supervisor's action at a counter
    that is not their own is audited as `counter.<action>` in the same transaction; with
    `employee` (opening the counter for someone) the audit also shows where they were."""
    if not audited(actor, counter):
        return run()
    with transaction.atomic():
        before = counter_snapshot(counter)
        if employee is not None:
            before = {"counter": before, "staff": staff_snapshot(employee)}
        result = run()
        after = counter_snapshot(counter)
        if employee is not None:
            after = {"counter": after, "staff": staff_snapshot(employee)}
        target = _counter_label(counter)
        if employee is not None:
            target = f"{_staff_label(employee)} → {target}"
        _audit(actor, counter.centre, Action(f"counter.{action}"), target, before, after)
    return result


def ticket_transfer(*, actor: Staff, ticket: Ticket, service_code: str, placement: str) -> Ticket:
    """Move a ticket to another service's queue (front, end or by arrival): from its counter
    if it is being served there (the employee at that counter, or a supervisor), or straight
    from the queue if it is waiting (supervisors only)."""
    at_counter = ticket.counter_id and ticket.status in Ticket.AT_COUNTER_STATUSES
    counter = ticket.counter if at_counter else None
    with transaction.atomic():
        before = ticket_snapshot(ticket)
        if counter is not None:
            engine.ticket_transfer(
                counter=counter, staff=actor, service_code=service_code, placement=placement
            )
        else:
            engine.ticket_move(
                ticket=ticket, staff=actor, service_code=service_code, placement=placement
            )
        if audited(actor, counter):
            after = {**ticket_snapshot(ticket), "placement": placement}
            target = f"ticket {ticket.display_number}"
            _audit(actor, ticket.centre, Action.TICKET_TRANSFER, target, before, after)
    return ticket


def ticket_cancel(*, actor: Staff, ticket: Ticket, reason: str) -> Ticket:
    """A supervisor cancels a ticket, audited."""
    with transaction.atomic():
        before = ticket_snapshot(ticket)
        engine.ticket_cancel(ticket=ticket, staff=actor, reason=reason)
        after = {**ticket_snapshot(ticket), "reason": reason}
        target = f"ticket {ticket.display_number}"
        _audit(actor, ticket.centre, Action.TICKET_CANCEL, target, before, after)
    return ticket


def staff_set_services(
    *, actor: Staff, staff: Staff, universal: bool, service_codes: list[str]
) -> Staff:
    """Change what an employee is certified for: everything the centre offers (universal),
    or the listed services. Certifications for services not listed are removed."""
    services = Service.objects.filter(code__in=service_codes, offers__centre=staff.centre_id)
    found = {s.code: s for s in services}
    if any(code not in found for code in service_codes):
        raise QueueError("service_not_offered")
    if not universal and not found:
        raise CounterError("services_required")
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
            Action.STAFF_SERVICES,
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


def lease_conflict(*, counter: Counter, tab: str) -> bool:
    """True when another tab holds the console of this counter."""
    holder = ConsoleLease.objects.filter(counter=counter).values_list("tab", flat=True).first()
    return holder is not None and holder != tab
