"""Who may issue what: anonymous citizens take remote tickets and claim only the priority
classes a citizen declares; a registered kiosk issues at its centre; the centre's staff give
any priority. A refusal is a translated {code, detail} and issues nothing."""

import pytest

from queueing.models import Ticket
from staff.models import Staff
from tests.conftest import make_staff
from tests.kiosk.conftest import make_device

URL = "/api/v1/centres/amman/tickets/"


def issue(client, **body):
    return client.post(URL, {"services": ["passport-renewal"], **body}, format="json")


def test_an_anonymous_ticket_is_remote(api, centre, passport):
    response = issue(api)
    assert response.status_code == 201
    assert response.json()["channel"] == "remote"


@pytest.mark.parametrize("channel", ["kiosk", "reception", "appointment"])
def test_an_anonymous_caller_may_not_choose_a_centre_channel(api, centre, passport, channel):
    response = issue(api, channel=channel, language="en")
    assert response.status_code == 403
    assert response.json() == {
        "code": "channel_not_allowed",
        "detail": "You may not issue tickets on this channel.",
    }
    assert not Ticket.objects.exists()


def test_an_anonymous_caller_may_not_claim_an_appointment(api, centre, passport):
    response = issue(api, priority="appointment")
    assert response.status_code == 403
    assert response.json()["code"] == "priority_not_allowed"
    assert response.json()["detail"] == "لا يجوز لك إعطاء التذكرة فئة الأولوية هذه."
    assert not Ticket.objects.exists()


def test_an_anonymous_caller_may_declare_a_citizens_priority(api, centre, passport):
    response = issue(api, priority="elderly")
    assert (response.status_code, response.json()["priority"]) == (201, "elderly")


def test_a_kiosk_device_issues_kiosk_tickets_only(centre, passport):
    from rest_framework.test import APIClient

    _device, token = make_device(centre)
    kiosk = APIClient()
    kiosk.credentials(HTTP_AUTHORIZATION=f"Device {token}")
    url = "/api/v1/kiosk/tickets/"
    made = kiosk.post(url, {"services": ["passport-renewal"]}, format="json")
    assert (made.status_code, made.json()["channel"]) == (201, "kiosk")
    for refused in ({"channel": "appointment"}, {"priority": "appointment"}):
        body = {"services": ["passport-renewal"], **refused}
        assert kiosk.post(url, body, format="json").status_code == 403
    assert Ticket.objects.count() == 1


def test_the_centres_staff_issue_at_reception_with_any_priority(as_staff, centre, passport, sam):
    client = as_staff(sam)
    response = issue(client, priority="appointment")
    assert response.status_code == 201
    assert (response.json()["channel"], response.json()["priority"]) == ("reception", "appointment")
    assert issue(client, channel="appointment").json()["channel"] == "appointment"
    assert issue(client, channel="remote").status_code == 403


def test_a_national_analyst_issues_as_a_citizen(as_staff, centre, passport):
    analyst = make_staff("nadia", centre, role=Staff.Role.ANALYST)
    assert issue(as_staff(analyst), priority="appointment").status_code == 403
    assert issue(as_staff(analyst)).json()["channel"] == "remote"
