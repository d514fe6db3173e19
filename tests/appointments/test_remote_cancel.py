"""Giving up a pending place in the queue: from its "when to leave" page (a form, then a
confirmation) or by the API with the reference in the body. Refusals are translated
{code, detail} that change nothing; both are throttled like the other booking writes."""

import datetime as dt

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from appointments import remote, services
from appointments.errors import AppointmentError
from appointments.models import RemoteTicket
from queueing.models import Ticket
from tests.appointments.conftest import PHONE, last_code

pytestmark = pytest.mark.django_db

CANCEL = "/api/v1/appointments/remote/cancel/"


@pytest.fixture
def remote_plan(plan):
    plan.remote_open = True
    plan.save()
    return plan


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def taken(centre, passport, remote_plan):
    now = dt.datetime.now(dt.UTC)
    services.code_send(phone=PHONE, now=now)
    return remote.remote_create(
        centre=centre, service=passport, phone=PHONE, code=last_code(), travel_minutes=10, now=now
    )


def _status() -> str:
    return RemoteTicket.objects.get().status


def test_it_cancels_by_reference_and_frees_the_number(api, centre, passport, taken):
    response = api.post(CANCEL, {"reference": taken.reference, "language": "en"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "centre": centre.code,
        "service": passport.code,
        "status": "cancelled",
    }
    assert _status() == "cancelled" and not Ticket.objects.exists()
    again = api.post(CANCEL, {"reference": taken.reference, "language": "en"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "remote_not_pending"
    assert again.json()["detail"]
    # The number may take a new place the same day.
    services.code_send(phone=PHONE)
    remote.remote_create(centre=centre, service=passport, phone=PHONE, code=last_code())
    assert RemoteTicket.objects.filter(status="pending").count() == 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"reference": "R-ABCDE-23456-FGHJK"}, 404, "remote_unknown"),
        ({"reference": "x" * 400}, 400, None),
        ({}, 400, None),
    ],
)
def test_api_refusals_change_nothing(api, taken, body, status, code):
    response = api.post(CANCEL, {**body, "language": "en"}, format="json")
    assert response.status_code == status, response.json()
    if code:
        assert response.json()["code"] == code and response.json()["detail"]
    assert _status() == "pending"


def test_a_checked_in_or_lapsed_place_is_not_cancelled(api, centre, taken):
    RemoteTicket.objects.update(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    response = api.post(CANCEL, {"reference": taken.reference, "language": "ar"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "remote_expired"
    assert (
        response.json()["detail"]
        != "This place in the queue has expired. Please take a ticket at the kiosk."
    )
    assert _status() == "pending"  # lapsed, marked by the expiry job, not by a refusal
    RemoteTicket.objects.update(
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1), status="checked_in"
    )
    with pytest.raises(AppointmentError) as refused:
        remote.remote_cancel(reference=taken.reference)
    assert refused.value.code == "remote_not_pending"
    assert _status() == "checked_in"


def test_the_api_is_throttled(api, taken, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "booking_write", "1/min")
    cache.clear()
    body = {"reference": "R-ABCDE-23456-FGHJK", "language": "en"}
    codes = [api.post(CANCEL, body, format="json").status_code for _ in range(2)]
    assert codes == [404, 429]
    assert _status() == "pending"


def test_the_page_asks_for_confirmation_then_cancels(client, taken):
    page = f"/book/remote/{taken.remote.token}/?lang=en"
    shown = client.get(page).content.decode()
    assert "Give up my place" in shown and "<script>" not in shown
    asked = client.post(page, {"action": "cancel"})
    assert asked.status_code == 200 and "Yes, give up my place" in asked.content.decode()
    assert _status() == "pending"
    done = client.post(page, {"action": "cancel", "confirm": "yes"})
    assert done.status_code == 200
    assert "Your place in the queue is cancelled." in done.content.decode()
    assert "Give up my place" not in done.content.decode()
    assert _status() == "cancelled"
    again = client.post(page, {"action": "cancel", "confirm": "yes"})
    assert again.status_code == 409
    assert "was cancelled or has already been checked in" in again.content.decode()
    assert _status() == "cancelled"


def test_the_page_refusal_is_in_arabic_and_changes_nothing(client, taken, monkeypatch):
    RemoteTicket.objects.update(status="checked_in")
    page = f"/book/remote/{taken.remote.token}/?lang=ar"
    refused = client.post(page, {"action": "cancel", "confirm": "yes"})
    assert refused.status_code == 409 and 'dir="rtl"' in refused.content.decode()
    assert _status() == "checked_in"
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "booking_write", "0/min")
    RemoteTicket.objects.update(status="pending")
    cache.clear()
    throttled = client.post(page, {"action": "cancel", "confirm": "yes"})
    assert throttled.status_code == 429 and _status() == "pending"
    assert client.post("/book/remote/nope/", {"action": "cancel"}).status_code == 404


def test_the_page_speaks_arabic(client, taken):
    page = f"/book/remote/{taken.remote.token}/?lang=ar"
    assert "التخلي عن دوري" in client.get(page).content.decode()
    assert "نعم، أتخلى عن دوري" in client.post(page, {"action": "cancel"}).content.decode()
