from rest_framework.test import APIClient

from centre.models import CentreService
from queueing.models import Ticket
from tests.conftest import make_centre, make_service
from tests.kiosk.conftest import make_device

ISSUE = "/api/v1/kiosk/tickets/"


def test_it_issues_a_kiosk_ticket_at_the_devices_centre(kiosk, passport):
    response = kiosk.post(
        ISSUE, {"services": ["passport-renewal"], "language": "en"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["number"] == "A-001"
    assert body["print"] == {
        "mode": "browser",
        "pdf": f"/kiosk/tickets/{body['token']}.pdf",
        "page": f"/kiosk/tickets/{body['token']}/print/",
        "printed": False,
    }
    ticket = Ticket.objects.get(pk=body["id"])
    assert (ticket.channel, ticket.centre.code, ticket.language) == ("kiosk", "amman", "en")


def test_it_issues_a_bundle_with_priority_and_phone(kiosk, bundle):
    body = {"bundle": "travel", "priority": "elderly", "phone": "0791234567"}
    response = kiosk.post(ISSUE, body, format="json")
    assert response.status_code == 201
    assert [s["code"] for s in response.json()["services"]] == [
        "passport-renewal",
        "licence-renewal",
    ]
    assert Ticket.objects.get().phone == "+962791234567"


def test_a_double_tap_returns_the_same_ticket(kiosk, passport):
    headers = {"HTTP_IDEMPOTENCY_KEY": "kiosk-tap-1"}
    first = kiosk.post(ISSUE, {"services": ["passport-renewal"]}, format="json", **headers)
    second = kiosk.post(ISSUE, {"services": ["passport-renewal"]}, format="json", **headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Ticket.objects.count() == 1


def test_it_refuses_a_closed_centre(db, civil):
    closed = make_centre("zarqa", hours=None)
    service = make_service("passport-renewal", civil)
    CentreService.objects.create(centre=closed, service=service, letter="A")
    _device, token = make_device(closed)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Device {token}")
    response = client.post(
        ISSUE, {"services": ["passport-renewal"], "language": "ar"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "centre_closed"
    assert Ticket.objects.count() == 0


def test_it_refuses_a_service_at_its_daily_cap(kiosk, centre, passport):
    CentreService.objects.filter(centre=centre, service=passport).update(daily_cap=1)
    assert kiosk.post(ISSUE, {"services": ["passport-renewal"]}, format="json").status_code == 201
    response = kiosk.post(ISSUE, {"services": ["passport-renewal"]}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "daily_cap_reached"


def test_it_refuses_bad_input_and_changes_nothing(kiosk, passport):
    response = kiosk.post(
        ISSUE, {"services": ["passport-renewal"], "phone": "call me"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert Ticket.objects.count() == 0
