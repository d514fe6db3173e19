import datetime as dt

from rest_framework.throttling import ScopedRateThrottle

from centre.models import CentreService, OpeningHours
from kiosk.models import Notification
from queueing.models import Ticket


def test_it_issues_a_ticket_with_position_and_token(api, centre, passport):
    response = api.post(
        "/api/v1/centres/amman/tickets/", {"services": ["passport-renewal"]}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["number"] == "A-001"
    assert body["status"] == "waiting"
    assert body["position"] == 0
    assert len(body["token"]) >= 20
    assert "phone" not in body


def test_it_returns_the_same_ticket_for_a_repeated_idempotency_key(api, centre, passport):
    url = "/api/v1/centres/amman/tickets/"
    first = api.post(
        url, {"services": ["passport-renewal"]}, format="json", HTTP_IDEMPOTENCY_KEY="tap-1"
    )
    second = api.post(
        url, {"services": ["passport-renewal"]}, format="json", HTTP_IDEMPOTENCY_KEY="tap-1"
    )
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Ticket.objects.count() == 1


def test_it_issues_a_bundle(api, centre, bundle):
    response = api.post("/api/v1/centres/amman/tickets/", {"bundle": "travel"}, format="json")
    assert response.json()["number"] == "P-001"
    assert [step["code"] for step in response.json()["services"]] == [
        "passport-renewal",
        "licence-renewal",
    ]


def test_it_refuses_an_unknown_service_with_a_translated_error(api, centre, passport):
    response = api.post(
        "/api/v1/centres/amman/tickets/",
        {"services": ["moon-visa"], "language": "ar"},
        format="json",
    )
    assert response.status_code == 404
    assert response.json()["code"] == "service_unknown"
    assert response.json()["detail"] == "هذه الخدمة غير موجودة في السجل."
    assert not Ticket.objects.exists()


def test_it_answers_in_english_when_the_citizen_chose_english(api, centre, passport):
    response = api.post(
        "/api/v1/centres/amman/tickets/",
        {"services": ["moon-visa"], "language": "en"},
        format="json",
    )
    assert response.json()["detail"] == "This service does not exist in the registry."


def test_it_refuses_a_body_with_neither_services_nor_bundle(api, centre, passport):
    response = api.post("/api/v1/centres/amman/tickets/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "no_services"


def test_it_refuses_a_malformed_phone_number(api, centre, passport):
    response = api.post(
        "/api/v1/centres/amman/tickets/",
        {"services": ["passport-renewal"], "phone": "call me"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "phone" in response.json()["fields"]


def test_it_takes_no_phone_from_an_anonymous_caller(api, centre, passport):
    """Anyone could otherwise make the centre text any number: only a kiosk at the centre
    (or, later, a number verified by a code) may ask for messages."""
    response = api.post(
        "/api/v1/centres/amman/tickets/",
        {"services": ["passport-renewal"], "phone": "0791234567", "language": "ar"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json() == {
        "code": "phone_not_verified",
        "detail": "لا يمكن طلب الرسائل إلى الهاتف إلا من جهاز الخدمة الذاتية في المركز أو برقم "
        "تم التحقق منه.",
    }
    assert not Ticket.objects.exists()
    assert not Notification.objects.exists()


def test_it_refuses_when_the_daily_cap_is_reached(api, centre, passport, settings):
    settings.NAFITHA_CHANNEL_ALLOWANCES = {}  # the whole cap open to remote tickets
    CentreService.objects.filter(service=passport).update(daily_cap=1)
    url = "/api/v1/centres/amman/tickets/"
    assert api.post(url, {"services": ["passport-renewal"]}, format="json").status_code == 201
    response = api.post(url, {"services": ["passport-renewal"]}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "daily_cap_reached"


def test_it_refuses_when_the_centre_is_closed(api, centre, passport):
    OpeningHours.objects.filter(centre=centre).update(opens=dt.time(0, 0), closes=dt.time(0, 1))
    response = api.post(
        "/api/v1/centres/amman/tickets/", {"services": ["passport-renewal"]}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "centre_closed"


def test_it_throttles_a_client_that_floods_the_kiosk_endpoint(api, centre, passport, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "ticket_issue", "3/min")
    url = "/api/v1/centres/amman/tickets/"
    codes = [
        api.post(url, {"services": ["passport-renewal"]}, format="json").status_code
        for _ in range(4)
    ]
    assert codes == [201, 201, 201, 429]
    assert Ticket.objects.count() == 3
