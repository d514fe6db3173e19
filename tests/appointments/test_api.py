"""The booking API end to end: slots, code, booking, lookup, move, cancel and kiosk check-in;
refusals are translated {code, detail} that change nothing."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from appointments.models import Booking, PhoneVerification
from appointments.selectors import reference_digest
from kiosk.models import KioskDevice, Notification
from tests.appointments.conftest import PHONE, last_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def first_free(api, centre, passport, days=3):
    response = api.get(
        f"/api/v1/appointments/{centre.code}/slots/",
        {"service": passport.code, "days": days},
    )
    assert response.status_code == 200
    assert response.json(), "no free slot in the coming days"
    return response.json()[0]["starts_at"]


def book(api, centre, passport, starts_at, language="ar"):
    assert (
        api.post(
            "/api/v1/appointments/codes/",
            {"phone": "0791234567", "language": language},
            format="json",
        ).status_code
        == 202
    )
    return api.post(
        "/api/v1/appointments/bookings/",
        {
            "centre": centre.code,
            "service": passport.code,
            "starts_at": starts_at,
            "phone": "0791234567",
            "code": last_code(),
            "language": language,
        },
        format="json",
    )


def test_it_books_looks_up_moves_and_cancels(api, centre, passport, plan):
    starts_at = first_free(api, centre, passport)
    response = book(api, centre, passport, starts_at, language="en")
    assert response.status_code == 201, response.json()
    body = response.json()
    reference = body["reference"]
    assert body["qr"].startswith("data:image/svg+xml")
    assert body["centre"] == centre.code and body["status"] == "booked"
    found = api.post("/api/v1/appointments/lookup/", {"reference": reference}, format="json")
    assert found.json()["starts_at"] == body["starts_at"]
    other = first_free(api, centre, passport)
    moved = api.post(
        "/api/v1/appointments/move/", {"reference": reference, "starts_at": other}, format="json"
    )
    assert moved.status_code == 200 and moved.json()["starts_at"] != body["starts_at"]
    cancelled = api.post("/api/v1/appointments/cancel/", {"reference": reference}, format="json")
    assert cancelled.json()["status"] == "cancelled"


def test_refusals_are_translated_and_change_nothing(api, centre, passport, plan):
    starts_at = first_free(api, centre, passport)
    api.post("/api/v1/appointments/codes/", {"phone": "0791234567"}, format="json")
    before = (
        list(Booking.objects.values()),
        list(PhoneVerification.objects.values()),
        Notification.objects.count(),
    )
    bad_phone = api.post(
        "/api/v1/appointments/codes/", {"phone": "065000000", "language": "ar"}, format="json"
    )
    assert bad_phone.status_code == 400
    assert bad_phone.json()["code"] == "phone_invalid" and "أردني" in bad_phone.json()["detail"]
    unknown = api.post(
        "/api/v1/appointments/lookup/", {"reference": "B-22222-22222-22222"}, format="json"
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, "booking_unknown")
    not_a_slot = api.post(
        "/api/v1/appointments/bookings/",
        {
            "centre": centre.code,
            "service": passport.code,
            "starts_at": (
                dt.datetime.fromisoformat(starts_at) + dt.timedelta(minutes=1)
            ).isoformat(),
            "phone": "0791234567",
            "code": last_code(),
            "language": "en",
        },
        format="json",
    )
    assert (not_a_slot.status_code, not_a_slot.json()["code"]) == (400, "slot_unknown")
    assert not_a_slot.json()["detail"].startswith("This time is not offered")
    closed = api.get(f"/api/v1/appointments/{centre.code}/slots/", {"service": "nothing"})
    assert closed.json()["code"] == "booking_closed"
    assert (
        list(Booking.objects.values()),
        list(PhoneVerification.objects.values()),
        Notification.objects.count(),
    ) == before


def test_check_in_needs_a_kiosk_of_the_centre(api, centre, passport, plan):
    booking = Booking.objects.create(
        centre=centre,
        service=passport,
        starts_at=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5),
        ends_at=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=13),
        phone=PHONE,
        reference_digest=reference_digest("B-ABCDE-23456-FGHJK"),
    )
    anonymous = api.post(
        "/api/v1/appointments/check-in/", {"reference": "B-ABCDE-23456-FGHJK"}, format="json"
    )
    assert anonymous.status_code in (401, 403)
    device = KioskDevice(centre=centre, name="Hall")
    token = device.set_new_token()
    device.save()
    api.credentials(HTTP_AUTHORIZATION=f"Device {token}")
    response = api.post(
        "/api/v1/appointments/check-in/",
        {"reference": "b abcde 23456 fghjk", "language": "en"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["late"] is False and body["number"].startswith("A-")
    assert body["ticket"]["channel"] == "appointment"
    booking.refresh_from_db()
    assert booking.status == "checked_in"
