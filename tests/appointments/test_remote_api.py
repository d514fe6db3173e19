"""The remote-ticket and quickest-centre API: a place taken with the code, checked in by a
kiosk with its "R-…" reference; the quickest centres for a service, cached, without personal
data; refusals are translated {code, detail} that change nothing; the schema declares both."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from appointments.models import AppointmentPlan, RemoteTicket
from kiosk.models import KioskDevice
from queueing import engine
from queueing.models import Ticket
from tests.appointments.conftest import last_code
from tests.conftest import make_centre, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def remote_plan(plan):
    plan.remote_open = True
    plan.save()
    return plan


def take(api, centre, offered, **fields):
    api.post("/api/v1/appointments/codes/", {"phone": "0791234567"}, format="json")
    body = {
        "centre": centre.code,
        "service": offered.code,
        "phone": "0791234567",
        "code": last_code(),
        "travel_minutes": 20,
        "language": "en",
        **fields,
    }
    return api.post("/api/v1/appointments/remote/", body, format="json")


def test_it_takes_a_place_and_a_kiosk_checks_it_in(api, centre, passport, remote_plan):
    response = take(api, centre, passport)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "pending" and body["reference"].startswith("R-")
    assert body["qr"].startswith("data:image/svg+xml") and body["track"].startswith("/book/remote/")
    assert not Ticket.objects.exists()
    device = KioskDevice(centre=centre, name="Hall")
    token = device.set_new_token()
    device.save()
    api.credentials(HTTP_AUTHORIZATION=f"Device {token}")
    checked = api.post(
        "/api/v1/appointments/check-in/",
        {"reference": body["reference"].lower().replace("-", " "), "language": "en"},
        format="json",
    )
    assert checked.status_code == 201, checked.json()
    assert checked.json()["ticket"]["channel"] == "remote"
    assert "joined the queue" in checked.json()["detail"]
    assert RemoteTicket.objects.get().status == "checked_in"
    again = api.post(
        "/api/v1/appointments/check-in/",
        {"reference": body["reference"], "language": "en"},
        format="json",
    )
    assert again.status_code == 200 and again.json()["number"] == checked.json()["number"]
    unknown = api.post(
        "/api/v1/appointments/check-in/",
        {"reference": "R-ABCDE-23456-FGHJK", "language": "en"},
        format="json",
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == "remote_unknown"


@pytest.mark.parametrize(
    ("fields", "status", "code"),
    [
        ({"travel_minutes": 500}, 400, None),
        ({"code": "000000"}, 400, "code_invalid"),
        ({"service": "no-such-service"}, 404, "booking_closed"),
        ({"phone": "12"}, 400, "phone_invalid"),
    ],
)
def test_refusals_change_nothing(api, centre, passport, remote_plan, fields, status, code):
    response = take(api, centre, passport, **fields)
    assert response.status_code == status, response.json()
    if code:
        assert response.json()["code"] == code and response.json()["detail"]
    assert not RemoteTicket.objects.exists() and not Ticket.objects.exists()


def test_closed_to_remote_tickets_is_refused_in_arabic(api, centre, passport, plan):
    response = take(api, centre, passport, language="ar")
    assert response.status_code == 404
    assert response.json()["code"] == "remote_closed"
    assert "المنزل" in response.json()["detail"]


def test_quickest_lists_centres_quickest_first(
    api, centre, passport, civil, open_counter, settings
):
    settings.TIME_ZONE = "UTC"
    irbid = make_centre("irbid", name_en="Irbid Centre", name_ar="مركز إربد")
    irbid.offers.create(service=passport, letter="A")
    engine.counter_open(counter=irbid.counters.create(number=1), staff=make_staff("ib", irbid))
    zarqa = make_centre("zarqa", name_en="Zarqa Centre", name_ar="مركز الزرقاء")
    zarqa.offers.create(service=passport, letter="A")  # no counter open: no estimate
    AppointmentPlan.objects.create(centre=irbid, service=passport, remote_open=True)
    for _ in range(3):
        engine.ticket_issue(centre=centre, service_codes=[passport.code])
    response = api.get("/api/v1/quickest/", {"service": passport.code, "lang": "en"})
    assert response.status_code == 200
    rows = response.json()
    assert [r["centre"] for r in rows] == ["irbid", "amman", "zarqa"]
    assert rows[0] == {
        "centre": "irbid",
        "name": "Irbid Centre",
        "open_now": True,
        "wait_low": 0,
        "wait_high": 5,
        "booking_open": True,
        "remote_open": True,
    }
    assert rows[2]["wait_low"] is None and rows[2]["open_now"] is True
    assert "phone" not in str(rows)
    # Cached for 30 seconds: a new ticket does not move the figures until then.
    for _ in range(4):
        engine.ticket_issue(centre=irbid, service_codes=[passport.code])
    assert api.get("/api/v1/quickest/", {"service": passport.code}).json()[0]["wait_high"] == 5
    cache.clear()
    assert api.get("/api/v1/quickest/", {"service": passport.code}).json()[0]["centre"] != "irbid"


@pytest.mark.parametrize("query", [{}, {"service": "nope"}, {"service": "x" * 500}])
def test_quickest_refuses_an_unknown_service(api, centre, passport, query):
    response = api.get("/api/v1/quickest/", {**query, "lang": "en"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json()["code"] == "quickest_service_unknown" and response.json()["detail"]


def test_the_schema_declares_both(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/quickest/" in schema["paths"]
    post = schema["paths"]["/api/v1/appointments/remote/"]["post"]
    assert "201" in post["responses"]
    assert "travel_minutes" in schema["components"]["schemas"]["RemoteInput"]["properties"]
    wait = schema["components"]["schemas"]["CentreWait"]["properties"]["wait_low"]
    assert wait.get("nullable") or wait.get("type") == ["integer", "null"]


def test_quickest_is_throttled(api, client, centre, passport, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "public_read", "2/min")
    cache.clear()
    codes = [api.get("/api/v1/quickest/", {"service": passport.code}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    cache.clear()
    page = f"/quickest/?service={passport.code}"
    assert [client.get(page).status_code for _ in range(3)] == [200, 200, 429]


def test_the_pages_answer_in_both_languages(client, centre, passport, remote_plan):
    page = client.get(f"/quickest/?service={passport.code}&lang=ar")
    assert page.status_code == 200 and 'dir="rtl"' in page.content.decode()
    assert client.get("/quickest/?service=nope&lang=en").status_code == 404
    join = client.get("/book/remote/?lang=en")
    assert join.status_code == 200 and "Join the queue from home" in join.content.decode()
    assert "/quickest/" in client.get("/book/?lang=en").content.decode()
    assert client.get(f"/book/remote/?plan={remote_plan.pk}&lang=ar").status_code == 200
