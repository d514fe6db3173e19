"""Kiosk fixtures: a registered device with its clear token, and an API client using it."""

import uuid

import pytest
from rest_framework.test import APIClient

from kiosk.activation import device_new_token
from kiosk.models import KioskDevice


@pytest.fixture(autouse=True)
def _kiosk_settings(settings):
    """A fresh cache per test (throttle counters live there; device ids repeat on SQLite), and
    notifications sent only when a test asks."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": uuid.uuid4().hex,
        }
    }
    settings.NAFITHA_NOTIFY_IMMEDIATE = "off"
    settings.NAFITHA_PUBLIC_URL = "https://nafitha.example.jo"


def make_device(centre, name="Hall kiosk 1", **fields) -> tuple[KioskDevice, str]:
    device = KioskDevice(centre=centre, name=name, **fields)
    return device, device_new_token(device)


@pytest.fixture
def device(centre):
    return make_device(centre)


@pytest.fixture
def kiosk(device) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Device {device[1]}")
    return client
