from rest_framework.test import APIClient

from tests.kiosk.conftest import make_device

ISSUE = "/api/v1/kiosk/tickets/"


def test_it_throttles_each_device_on_its_own(settings, centre, passport, kiosk):
    settings.NAFITHA_KIOSK_THROTTLE = "2/min"
    statuses = [
        kiosk.post(ISSUE, {"services": ["passport-renewal"]}, format="json").status_code
        for _ in range(3)
    ]
    assert statuses == [201, 201, 429]
    _other, token = make_device(centre, name="Hall kiosk 2")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Device {token}")
    assert client.post(ISSUE, {"services": ["passport-renewal"]}, format="json").status_code == 201
