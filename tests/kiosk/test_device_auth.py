from rest_framework.test import APIClient

from tests.kiosk.conftest import make_device

ISSUE = "/api/v1/kiosk/tickets/"


def _client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Device {token}")
    return client


def test_it_tells_a_device_its_centre(kiosk, device):
    response = kiosk.get("/api/v1/kiosk/device/")
    assert response.status_code == 200
    assert response.json() == {"name": "Hall kiosk 1", "centre": "amman", "print_mode": "browser"}
    device[0].refresh_from_db()
    assert device[0].last_seen_at is not None


def test_it_refuses_an_unknown_token(db, passport):
    response = _client("not-a-real-token").post(
        ISSUE, {"services": ["passport-renewal"]}, format="json"
    )
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_it_refuses_a_disabled_device(centre, passport):
    device, token = make_device(centre, is_active=False)
    device.save()
    response = _client(token).post(ISSUE, {"services": ["passport-renewal"]}, format="json")
    assert response.status_code == 401


def test_it_refuses_a_request_without_a_device(db, passport):
    response = APIClient().post(ISSUE, {"services": ["passport-renewal"]}, format="json")
    assert response.status_code in (401, 403)


def test_it_keeps_only_a_hash_of_the_token(device):
    saved, token = device
    assert token not in saved.token_hash
    assert saved.token_prefix == token[:8]
