"""The nightly job erases the numbers of bookings and remote places past their retention
(`NAFITHA_BOOKING_PHONE_RETENTION_DAYS`), with the texts of their messages and the numbers'
code rows; recent rows, and no-shows the no-show rule still reads, keep theirs."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from appointments import services
from appointments.models import Booking, PhoneVerification, RemoteTicket
from appointments.retention import appointment_phones_forget
from kiosk.models import Notification
from tests.appointments.conftest import PHONE, make_booking

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def place(centre, service, created_at, status="expired", phone=PHONE):
    return RemoteTicket.objects.create(
        centre=centre,
        service=service,
        service_day=created_at.date(),
        phone=phone,
        reference_digest=f"{created_at}{phone}",
        token=f"t{created_at.timestamp()}{phone}",
        created_at=created_at,
        expires_at=created_at + dt.timedelta(hours=1),
        status=status,
    )


def test_the_nightly_job_erases_numbers_past_their_retention(centre, passport, settings):
    settings.NAFITHA_BOOKING_PHONE_RETENTION_DAYS = 30
    now = dt.datetime.now(dt.UTC)
    services.code_send(phone=PHONE, now=now - 31 * DAY)
    services.code_send(phone="+962790000009", now=now - DAY)
    Notification.objects.filter(phone=PHONE).update(created_at=now - 31 * DAY)
    old = make_booking(centre, passport, now - 31 * DAY, status="checked_in")
    recent = make_booking(centre, passport, now - 29 * DAY, status="checked_in")
    no_show = make_booking(centre, passport, now - 40 * DAY, status="no_show")
    long_gone = make_booking(centre, passport, now - 45 * DAY, status="no_show")
    old_place = place(centre, passport, now - 31 * DAY)
    new_place = place(centre, passport, now - 2 * DAY, phone="+962790000009")
    out = io.StringIO()
    call_command("anonymise_requests", stdout=out)
    assert "3 booking and remote place phone number(s) erased" in out.getvalue()
    phones = dict(Booking.objects.values_list("pk", "phone"))
    assert phones == {old.pk: "", recent.pk: PHONE, no_show.pk: PHONE, long_gone.pk: ""}
    places = dict(RemoteTicket.objects.values_list("pk", "phone"))
    assert places == {old_place.pk: "", new_place.pk: "+962790000009"}
    codes = Notification.objects.filter(kind="code")
    assert codes.get(phone="").text == "" and codes.get(phone="+962790000009").text
    assert list(PhoneVerification.objects.values_list("phone", flat=True)) == ["+962790000009"]
    # Run again: nothing more to erase; the rows stay for the figures.
    assert appointment_phones_forget() == 0
    assert Booking.objects.count() == 4 and RemoteTicket.objects.count() == 2


def test_the_setting_sets_the_period(centre, passport, settings):
    now = dt.datetime.now(dt.UTC)
    booking = make_booking(centre, passport, now - 8 * DAY, status="cancelled")
    assert appointment_phones_forget(now=now) == 0
    settings.NAFITHA_BOOKING_PHONE_RETENTION_DAYS = 7
    assert appointment_phones_forget(now=now) == 1
    booking.refresh_from_db()
    assert booking.phone == "" and booking.status == "cancelled"
