"""Anonymous requests cannot use up a service's daily cap: the centre's registered kiosk
still issues after a flood of them (from as many addresses as you like)."""

from rest_framework.test import APIClient

from centre.models import CentreService
from queueing.models import Ticket
from tests.kiosk.conftest import make_device

PASSPORT = {"services": ["passport-renewal"]}


def test_anonymous_requests_leave_the_centre_its_share_of_a_cap(api, centre, passport, settings):
    remote = {**settings.NAFITHA_CHANNEL_ALLOWANCES["remote"], "queue_share": 1.0}
    settings.NAFITHA_CHANNEL_ALLOWANCES = {"remote": remote}  # the cap alone
    CentreService.objects.filter(service=passport).update(daily_cap=40)
    statuses = [
        api.post(
            "/api/v1/centres/amman/tickets/",
            PASSPORT,
            format="json",
            REMOTE_ADDR=f"198.51.100.{n}",
        ).status_code
        for n in range(39)
    ]
    assert statuses == [201] * 20 + [409] * 19
    assert Ticket.objects.count() == 20

    _device, token = make_device(centre)
    kiosk = APIClient()
    kiosk.credentials(HTTP_AUTHORIZATION=f"Device {token}")
    made = kiosk.post("/api/v1/kiosk/tickets/", PASSPORT, format="json")
    assert (made.status_code, made.json()["channel"]) == (201, "kiosk")


def test_the_refusal_says_where_to_go_instead(api, centre, passport, settings):
    CentreService.objects.filter(service=passport).update(daily_cap=2)
    url = "/api/v1/centres/amman/tickets/"
    assert api.post(url, PASSPORT, format="json").status_code == 201
    refused = api.post(
        url, {**PASSPORT, "language": "en"}, format="json", REMOTE_ADDR="203.0.113.1"
    )
    assert refused.status_code == 409
    assert refused.json() == {
        "code": "remote_share_reached",
        "detail": "No more tickets for this service can be taken away from the centre now. "
        "Please take one at the centre.",
    }
    assert Ticket.objects.count() == 1
