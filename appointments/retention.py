"""Personal data of the booking channel: erased after its retention period.

The nightly `manage.py anonymise_requests` (deploy/systemd `nafitha-anonymise`) calls
`appointment_phones_forget`. A booking's or remote place's number is kept
`NAFITHA_BOOKING_PHONE_RETENTION_DAYS` (30) after its visit time; it serves the per-number
limits, the no-show rule and reminders, all of which read only recent rows. A booking the
citizen did not come to is kept at least `no_show_days + no_show_block_days` (44), the span the
no-show rule looks back over, so erasing cannot lift a block early.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from appointments.models import Booking, PhoneVerification, RemoteTicket
from kiosk.models import Notification

# Outbox messages of the booking channel (one-time codes, confirmations, reminders): not tied
# to a ticket, so `kiosk.notify.forget_phones` does not reach them.
BOOKING_KINDS = (
    Notification.Kind.CODE,
    Notification.Kind.BOOKING,
    Notification.Kind.REMINDER,
)


def appointment_phones_forget(*, now: dt.datetime | None = None) -> int:
    """Erase the numbers of bookings and remote places past their retention, the texts and
    numbers of their messages, and the numbers' code rows; returns how many bookings and
    places lost their number. Rows are kept (the figures count them)."""
    now = now or timezone.now()
    days = settings.NAFITHA_BOOKING_PHONE_RETENTION_DAYS
    conf = settings.NAFITHA_BOOKING
    cutoff = now - dt.timedelta(days=days)
    no_show_days = max(days, conf["no_show_days"] + conf["no_show_block_days"])
    no_show_cutoff = now - dt.timedelta(days=no_show_days)
    still_read = Q(status__in=[Booking.Status.BOOKED, Booking.Status.NO_SHOW])
    with transaction.atomic():
        bookings = (
            Booking.objects.exclude(phone="")
            .filter(ends_at__lte=cutoff)
            .filter(~still_read | Q(ends_at__lte=no_show_cutoff))
            .update(phone="")
        )
        places = (
            RemoteTicket.objects.exclude(phone="")
            .filter(created_at__lte=cutoff)
            .exclude(status=RemoteTicket.Status.PENDING, expires_at__gt=now)
            .update(phone="")
        )
        messages = Notification.objects.filter(
            ticket__isnull=True, kind__in=BOOKING_KINDS, created_at__lte=cutoff
        )
        messages.filter(status=Notification.Status.PENDING).update(
            status=Notification.Status.SKIPPED
        )
        messages.exclude(phone="", text="").update(phone="", text="")
        PhoneVerification.objects.filter(last_sent_at__lte=cutoff).filter(
            Q(locked_until__isnull=True) | Q(locked_until__lte=now)
        ).delete()
    return bookings + places
