"""Check-in of a booking ("B-…") or of a place taken from home ("R-…") by its reference:
one entry for the kiosk (`api.CheckIn`) and the counter or reception (`desk.desk_check_in`),
so both tell the two apart by the same letter and apply the same rules
(`services.booking_check_in`, `remote.remote_check_in`)."""

import dataclasses
import datetime as dt

from appointments import remote, services
from appointments.models import Booking, RemoteTicket
from appointments.remote_selectors import is_remote_reference
from centre.models import Centre
from queueing.models import Ticket


@dataclasses.dataclass(frozen=True)
class PlaceCheckedIn:
    kind: str  # "booking" or "remote"
    place: Booking | RemoteTicket
    ticket: Ticket
    late: bool  # a booking checked in after its grace period: a walk-in ticket
    created: bool  # False for a repeated check-in (a double scan): the same ticket


def place_check_in(
    *,
    reference: str,
    centre: Centre,
    now: dt.datetime,
    walk_in_channel: str = Ticket.Channel.KIOSK,
) -> PlaceCheckedIn:
    """`walk_in_channel`: where a late booking's walk-in ticket was taken (the kiosk, or
    reception when staff check it in)."""
    if is_remote_reference(reference):
        done = remote.remote_check_in(reference=reference, centre=centre, now=now)
        return PlaceCheckedIn("remote", done.remote, done.ticket, False, done.created)
    done = services.booking_check_in(
        reference=reference, centre=centre, now=now, walk_in_channel=walk_in_channel
    )
    return PlaceCheckedIn("booking", done.booking, done.ticket, done.late, done.created)
