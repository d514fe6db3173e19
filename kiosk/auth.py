"""Kiosk devices authenticate to the kiosk API with `Authorization: Device <token>`."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from kiosk.models import KioskDevice, hash_token

KEYWORD = "Device"
# How stale `last_seen_at` may get before a request refreshes it (one write a minute at most).
SEEN_EVERY = dt.timedelta(minutes=1)


class DeviceAuthentication(authentication.BaseAuthentication):
    """Sets `request.auth` to the active `KioskDevice` whose token is presented."""

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace") != KEYWORD:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed device token header."))
        device = (
            KioskDevice.objects.select_related("centre")
            .filter(token_hash=hash_token(parts[1].decode(errors="replace")), is_active=True)
            .first()
        )
        if device is None or not device.centre.is_active:
            raise exceptions.AuthenticationFailed(_("This kiosk device is unknown or disabled."))
        now = timezone.now()
        if device.last_seen_at is None or now - device.last_seen_at > SEEN_EVERY:
            KioskDevice.objects.filter(pk=device.pk).update(last_seen_at=now)
        return AnonymousUser(), device

    def authenticate_header(self, request):
        return KEYWORD


class IsKioskDevice(permissions.BasePermission):
    message = _("Only a registered kiosk device may do this.")

    def has_permission(self, request, view):
        return isinstance(request.auth, KioskDevice)


class DeviceAuthenticationScheme(OpenApiAuthenticationExtension):
    """Describes the device token in the OpenAPI schema (drf-spectacular finds it by class)."""

    target_class = "kiosk.auth.DeviceAuthentication"
    name = "deviceToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": f"`{KEYWORD} <token>`: a kiosk's device token, given at activation.",
        }
