"""Issuing a kiosk device token and the link that activates a kiosk browser with it."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from kiosk.models import KioskDevice


def activation_link(device: KioskDevice, token: str) -> str:
    """Opening this link once on the kiosk stores the token in the browser (see docs/kiosk.md)."""
    path = reverse("kiosk", kwargs={"centre_code": device.centre.code})
    return f"{settings.NAFITHA_PUBLIC_URL.rstrip('/')}{path}?{urlencode({'device': token})}"


def device_new_token(device: KioskDevice) -> str:
    """Give the device a new token (the old one stops working) and return it, in clear, once."""
    token = device.set_new_token()
    device.save()
    return token
