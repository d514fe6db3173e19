"""Messages the clock makes due (docs/appointments.md): reminders of booked visits the day
before and an hour before, and the "time to leave" message of a place taken from home.

Each reminder is a `BookingReminder` row (one per booking and kind, a unique constraint)
written in the same transaction as its outbox message (`kiosk.notify.outbox_add`): a sender
that runs twice, or two senders at once, write one reminder; the second one's insert waits
for the first to commit and then fails on the constraint, so it sends nothing. Delivery is
the outbox's (`manage.py send_notifications`).

The text names the centre, the visit's services (or its bundle) and the local time, never the reference: the link
is the "find or cancel a booking" page, where the citizen types the reference.

A place taken from home gets one "time to leave" message when the estimated wait has fallen
to the travel time the citizen gave plus a margin (`remote_selectors.remote_leave_due`, the
rule of its "when to leave" page), guarded the same way by a `RemoteLeaveMessage` row (one
per place) written with its outbox message under the place's row lock. Its link is the
place's "when to leave" page (its token), never the reference.
"""

import dataclasses
import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from appointments.models import Booking, BookingReminder, RemoteLeaveMessage, RemoteTicket
from appointments.remote_selectors import (
    remote_leave_candidates,
    remote_leave_due,
    remote_leave_in,
)
from appointments.services import bookings_release, when_text
from kiosk.models import Notification
from kiosk.notify import outbox_add
from nafitha.arabic import digits_for
from queueing.errors import QueueError
from queueing.waits import CentreWaits

Kind = BookingReminder.Kind


@dataclasses.dataclass(frozen=True)
class Window:
    kind: str
    before: dt.timedelta  # the reminder is due from this long before the start…
    until: dt.timedelta  # …to this long before it


def windows() -> list[Window]:
    conf = settings.NAFITHA_BOOKING
    day = dt.timedelta(hours=conf["reminder_day_hours"])
    hour = dt.timedelta(minutes=conf["reminder_hour_minutes"])
    return [Window(Kind.DAY, day, hour), Window(Kind.HOUR, hour, dt.timedelta(0))]


def manage_url() -> str:
    return f"{settings.NAFITHA_PUBLIC_URL.rstrip('/')}{reverse('booking-manage')}"


def reminder_text(booking: Booking, kind: str) -> str:
    lang = booking.language
    with translation.override(lang):
        names = {
            "centre": booking.centre.name_in(lang),
            "service": booking.services_text(lang),
        }
        if kind == Kind.DAY:
            return _(
                "Nafitha: a reminder of your visit to %(centre)s for %(service)s on %(when)s. "
                "To move or cancel it: %(url)s"
            ) % {**names, "when": when_text(booking, lang), "url": manage_url()}
        return _(
            "Nafitha: your visit to %(centre)s for %(service)s is today at %(time)s. "
            "Check in at the centre's kiosk with your booking's QR code or reference."
        ) % {**names, "time": booking.centre.clock(booking.starts_at, lang)}


def _due(window: Window, now: dt.datetime):
    """Active bookings inside the window with no reminder of its kind, made before the
    window opened (a visit booked an hour ahead needs no "tomorrow" message)."""
    return (
        Booking.objects.filter(
            status=Booking.Status.BOOKED,
            starts_at__gt=now + window.until,
            starts_at__lte=now + window.before,
            created_at__lte=F("starts_at") - window.before,
        )
        .exclude(reminders__kind=window.kind)
        .order_by("starts_at")
        .values_list("pk", flat=True)
    )


def _send_once(create_guard, *, phone: str, text):
    """Inside the caller's transaction: create the message's guard row (`create_guard()`,
    unique per booking and kind, or per place), or nothing when it exists (another sender or
    an earlier pass); then its SMS through the outbox. When the number's messages for today
    are used up the guard is kept without a message, so it is not retried."""
    try:
        with transaction.atomic():
            guard = create_guard()
    except IntegrityError:
        return None
    try:
        guard.notification_id = outbox_add(
            phone=phone, kind=Notification.Kind.REMINDER, text=text()
        )
    except QueueError:
        return guard
    guard.save(update_fields=["notification"])
    return guard


def reminder_send(*, booking_id: int, kind: str) -> BookingReminder | None:
    """Write one reminder and its message, or nothing if the booking already has it (or is
    no longer booked). One short transaction per booking."""
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("centre", "service")
            .filter(pk=booking_id, status=Booking.Status.BOOKED)
            .first()
        )
        if booking is None:
            return None
        return _send_once(
            lambda: BookingReminder.objects.create(booking=booking, kind=kind),
            phone=booking.phone,
            text=lambda: reminder_text(booking, kind),
        )


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Every reminder due now; returns how many messages were written."""
    now = now or timezone.now()
    written = 0
    for window in windows():
        for booking_id in list(_due(window, now)):
            reminder = reminder_send(booking_id=booking_id, kind=window.kind)
            written += bool(reminder and reminder.notification_id)
    return written


# --- "Time to leave" (places taken from home) ----------------------------------------------


def track_url(remote: RemoteTicket) -> str:
    """The place's "when to leave" page, in its language (the token, never the reference)."""
    path = reverse("remote-track", kwargs={"token": remote.token})
    return f"{settings.NAFITHA_PUBLIC_URL.rstrip('/')}{path}?lang={remote.language}"


def leave_text(remote: RemoteTicket, leave) -> str:
    lang = remote.language
    with translation.override(lang):
        return _(
            "Nafitha: time to leave for %(centre)s. Your turn for %(service)s is expected in "
            "about %(low)s–%(high)s min and your trip takes %(travel)s min. Check in at the "
            "kiosk before %(time)s. Your place: %(url)s"
        ) % {
            "centre": remote.centre.name_in(lang),
            "service": remote.service.name_in(lang),
            "low": digits_for(str(leave.wait[0]), lang),
            "high": digits_for(str(leave.wait[1]), lang),
            "travel": digits_for(str(remote.travel_minutes), lang),
            "time": remote.centre.clock(remote.expires_at, lang),
            "url": track_url(remote),
        }


def leave_message_send(*, remote_id: int, leave, now: dt.datetime) -> RemoteLeaveMessage | None:
    """Write the place's "time to leave" message, or nothing if it has one already or is no
    longer pending and valid (cancelled, checked in, lapsed). One short transaction."""
    with transaction.atomic():
        remote = (
            RemoteTicket.objects.select_for_update(of=("self",))
            .select_related("centre", "service")
            .filter(pk=remote_id, status=RemoteTicket.Status.PENDING, expires_at__gt=now)
            .first()
        )
        if remote is None:
            return None
        return _send_once(
            lambda: RemoteLeaveMessage.objects.create(remote=remote, created_at=now),
            phone=remote.phone,
            text=lambda: leave_text(remote, leave),
        )


def leave_messages_send(*, now: dt.datetime | None = None) -> int:
    """Every "time to leave" message due now; returns how many were written. The hall of a
    centre is read once for all its places."""
    now = now or timezone.now()
    written = 0
    waits = None
    for remote in list(remote_leave_candidates(now=now)):
        if waits is None or waits.centre.pk != remote.centre_id:
            waits = CentreWaits(remote.centre, now)
        leave = remote_leave_in(remote, now, waits=waits)
        if not remote_leave_due(remote, leave):
            continue
        message = leave_message_send(remote_id=remote.pk, leave=leave, now=now)
        written += bool(message and message.notification_id)
    return written


def booking_tasks(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The booking channel's clock work, run by the notification worker and
    `manage.py booking_reminders`: no-shows released, then reminders and "time to leave"
    messages due now."""
    now = now or timezone.now()
    return {
        "no_shows": bookings_release(now=now),
        "reminders": reminders_send(now=now),
        "leave": leave_messages_send(now=now),
    }
