"""A centre with a bookable service, a pinned clock in Asia/Amman, and a code reader."""

import datetime as dt
import zoneinfo

import pytest

from appointments.models import AppointmentPlan
from kiosk.models import Notification

AMMAN = zoneinfo.ZoneInfo("Asia/Amman")
# Sunday 8 March 2026, 09:00 in Amman (UTC+03:00).
NOW = dt.datetime(2026, 3, 8, 9, 0, tzinfo=AMMAN)
PHONE = "+962791234567"


@pytest.fixture(autouse=True)
def _inline_delivery(settings):
    settings.NAFITHA_NOTIFY_IMMEDIATE = "off"


@pytest.fixture
def plan(centre, passport) -> AppointmentPlan:
    """Passport renewal (8 min standard) with one appointment counter, half kept for walk-ins."""
    return AppointmentPlan.objects.create(
        centre=centre, service=passport, counters=1, walk_in_percent=50
    )


def last_code(phone: str = PHONE) -> str:
    """The code in the newest one-time-code message of the outbox, as the phone reads it."""
    text = Notification.objects.filter(phone=phone, kind="code").latest("pk").text
    return "".join(c for c in text.split(":")[1] if c.isdigit())[:6]


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=AMMAN)


def make_booking(centre, service, starts_at, *, phone=PHONE, language="ar", **fields):
    """A booking written directly (no code, no slot check), for rules that run after booking."""
    import hashlib

    from appointments.models import Booking

    fields.setdefault("created_at", starts_at - dt.timedelta(days=3))
    return Booking.objects.create(
        centre=centre,
        service=service,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=service.standard_service_minutes),
        phone=phone,
        language=language,
        reference_digest=hashlib.sha256(f"{phone}{starts_at}{fields}".encode()).hexdigest(),
        **fields,
    )
