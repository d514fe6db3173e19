"""Check-in at a counter or at reception: the centre's staff type the reference a citizen
shows them (a booking "B-…" or a place taken from home "R-…").

The rules are the kiosk's, because the same entry decides (`check_in.place_check_in`): too early is refused with the time to come back, on time joins
the queue by the booked time, late becomes a walk-in ticket (taken at reception). What
staff did is audited in the same transaction as the ticket (`appointments.check_in`); a
repeated check-in answers the same ticket and writes nothing.
"""

import dataclasses
import datetime as dt

from django.db import transaction
from django.utils import timezone

from appointments.check_in import place_check_in
from centre.models import Centre
from counters.models import AuditLog
from counters.services import audit_write
from nafitha.errors import Refusal
from queueing.models import Ticket
from staff.models import Staff

AUDIT_ACTION = AuditLog.Action.APPOINTMENT_CHECK_IN


@dataclasses.dataclass(frozen=True)
class DeskCheckedIn:
    ticket: Ticket
    kind: str  # "booking" or "remote"
    late: bool  # a booking checked in after its grace period: a walk-in ticket
    created: bool  # False when it was already checked in (the same ticket again)


def desk_check_in(
    *, actor: Staff, centre: Centre, reference: str, now: dt.datetime | None = None
) -> DeskCheckedIn:
    """Check a booking or a remote place in at `centre` for `actor` (an agent or supervisor
    of that centre; the caller checks the role). A refusal changes nothing, except a
    remote place found lapsed, which stays marked expired as at the kiosk."""
    now = now or timezone.now()
    refusal = None
    with transaction.atomic():
        try:
            result = place_check_in(
                reference=reference,
                centre=centre,
                now=now,
                walk_in_channel=Ticket.Channel.RECEPTION,
            )
        except Refusal as refused:
            # Each check-in rolled its own writes back (savepoint) unless it meant to keep
            # them; raising after this block commits keeps exactly those.
            refusal = refused
        else:
            if result.created:
                audit_write(
                    actor=actor,
                    centre=centre,
                    action=AUDIT_ACTION,
                    target=f"ticket {result.ticket.number_in('en')}",
                    before={},
                    after={
                        result.kind: result.place.pk,
                        "ticket_id": result.ticket.pk,
                        "late": result.late,
                    },
                )
    if refusal is not None:
        raise refusal
    return DeskCheckedIn(result.ticket, kind=result.kind, late=result.late, created=result.created)
