"""No-shows: a booking not checked in by the end of its grace period is released, and a number
that did not come too often cannot book for a while; the refusal says until when and
changes nothing."""

import datetime as dt

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from appointments import services
from appointments.errors import AppointmentError
from appointments.models import Booking
from appointments.reminders import booking_tasks
from appointments.selectors import no_show_block_until, slots_for
from tests.appointments.conftest import NOW, PHONE, at, last_code, make_booking
from tests.appointments.test_booking import refused

pytestmark = pytest.mark.django_db


def statuses():
    return list(Booking.objects.order_by("pk").values_list("status", flat=True))


def test_it_releases_bookings_not_checked_in_by_the_end_of_the_grace_period(centre, passport):
    make_booking(centre, passport, at(8, 8, 40))  # grace ends 08:50
    make_booking(centre, passport, at(8, 8, 52), phone="+962790000001")  # grace ends 09:02
    make_booking(centre, passport, at(8, 8, 0), phone="+962790000002", status="checked_in")
    make_booking(centre, passport, at(8, 8, 0), phone="+962790000003", status="cancelled")
    assert services.bookings_release(now=NOW) == 1
    assert statuses() == ["no_show", "booked", "checked_in", "cancelled"]
    assert services.bookings_release(now=NOW) == 0
    assert booking_tasks(now=NOW + dt.timedelta(minutes=3))["no_shows"] == 1
    assert statuses() == ["no_show", "no_show", "checked_in", "cancelled"]


def test_a_released_booking_checks_in_late_the_same_day_but_not_later(centre, passport):
    booking = make_booking(centre, passport, at(8, 8, 40))
    services.bookings_release(now=NOW)
    reference = "B-AAAAA-AAAAA-AAAAA"
    Booking.objects.filter(pk=booking.pk).update(
        reference_digest=services.reference_digest(reference)
    )
    result = services.booking_check_in(reference=reference, centre=centre, now=NOW)
    assert result.late and Booking.objects.get().status == "late"
    other = make_booking(centre, passport, at(7, 10, 0), phone="+962790000001", status="no_show")
    Booking.objects.filter(pk=other.pk).update(
        reference_digest=services.reference_digest("B-CCCCC-CCCCC-CCCCC")
    )
    with pytest.raises(AppointmentError) as caught:
        services.booking_check_in(reference="B-CCCCC-CCCCC-CCCCC", centre=centre, now=NOW)
    assert caught.value.code == "booking_not_active"


def test_two_no_shows_block_the_number_for_two_weeks_after_the_last(centre, passport):
    make_booking(centre, passport, at(2, 10), status="no_show")
    assert no_show_block_until(phone=PHONE, now=NOW) is None
    make_booking(centre, passport, at(5, 10))  # never released: still counts
    assert no_show_block_until(phone=PHONE, now=NOW) == at(19, 10)
    assert no_show_block_until(phone=PHONE, now=at(19, 10, 1)) is None
    assert no_show_block_until(phone="+962790000009", now=NOW) is None


def test_no_shows_far_apart_or_cancelled_do_not_block(centre, passport):
    make_booking(centre, passport, at(5, 10), status="no_show")
    make_booking(centre, passport, at(5, 10) - dt.timedelta(days=31), status="no_show")
    make_booking(centre, passport, at(6, 10), status="cancelled")
    make_booking(centre, passport, at(7, 10), status="late")
    assert no_show_block_until(phone=PHONE, now=NOW) is None


def test_the_limits_are_configurable(settings, centre, passport):
    make_booking(centre, passport, at(5, 10), status="no_show")
    settings.NAFITHA_BOOKING = {**settings.NAFITHA_BOOKING, "no_show_limit": 1}
    assert no_show_block_until(phone=PHONE, now=NOW) == at(19, 10)
    settings.NAFITHA_BOOKING = {**settings.NAFITHA_BOOKING, "no_show_block_days": 2}
    assert no_show_block_until(phone=PHONE, now=NOW) is None
    settings.NAFITHA_BOOKING = {**settings.NAFITHA_BOOKING, "no_show_limit": 0}
    make_booking(centre, passport, at(6, 10), status="no_show")
    assert no_show_block_until(phone=PHONE, now=NOW) is None


def test_a_blocked_number_is_refused_a_code_and_a_booking_and_nothing_changes(
    centre, passport, plan
):
    slot = slots_for(centre=centre, service=passport, first=dt.date(2026, 3, 9), now=NOW)[0]
    services.code_send(phone=PHONE, language="en", now=NOW)
    code = last_code()
    make_booking(centre, passport, at(2, 10), status="no_show")
    make_booking(centre, passport, at(5, 10), status="no_show")
    with translation.override("en"):
        error = refused("booking_no_shows", services.code_send, phone=PHONE, now=NOW)
        assert "19 March 2026, 10:00" in str(error.message)
        refused(
            "booking_no_shows",
            services.booking_create,
            centre=centre,
            service=passport,
            starts_at=slot.starts_at,
            phone=PHONE,
            code=code,
            now=NOW,
        )
    with translation.override("ar"):
        error = refused("booking_no_shows", services.code_send, phone=PHONE, now=NOW)
        assert "١٩ آذار ٢٠٢٦، ١٠:٠٠" in str(error.message)


def test_the_api_refuses_a_blocked_number_in_arabic(centre, passport, plan, time_machine):
    time_machine.move_to(NOW, tick=False)
    make_booking(centre, passport, at(2, 10), status="no_show")
    make_booking(centre, passport, at(5, 10), status="no_show")
    before = (statuses(), list(Booking.objects.values()))
    response = APIClient().post(
        "/api/v1/appointments/codes/", {"phone": "0791234567", "language": "ar"}, format="json"
    )
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "booking_no_shows"
    assert "١٩" in body["detail"] and "١٠:٠٠" in body["detail"]
    assert (statuses(), list(Booking.objects.values())) == before
