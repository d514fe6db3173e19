"""Kiosk API: a registered device takes tickets for its own centre."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from drf_spectacular.utils import (
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from centre.models import Centre
from kiosk.auth import DeviceAuthentication, IsKioskDevice
from kiosk.models import KioskDevice
from kiosk.printing import print_issued
from kiosk.speech import spoken_text
from nafitha.clients import ClientRateThrottle
from nafitha.speech import render_wav
from queueing.api import issue_ticket_from_request, issue_ticket_schema, issued_status
from queueing.engine import Issuer
from queueing.serializers import citizen_ticket_data


class DeviceThrottle(SimpleRateThrottle):
    """Ticket requests per kiosk device (NAFITHA_KIOSK_THROTTLE)."""

    scope = "kiosk_device"

    def get_rate(self):
        return settings.NAFITHA_KIOSK_THROTTLE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class KioskApi(APIView):
    authentication_classes = [DeviceAuthentication]
    permission_classes = [IsKioskDevice]


class DeviceInfo(KioskApi):
    """Which centre this device belongs to and how it prints; lets a kiosk check its token."""

    @extend_schema(
        responses=inline_serializer(
            "KioskDevice",
            {
                "name": serializers.CharField(),
                "centre": serializers.CharField(),
                "print_mode": serializers.CharField(),
            },
        )
    )
    def get(self, request):
        device: KioskDevice = request.auth
        return Response(
            {"name": device.name, "centre": device.centre.code, "print_mode": device.print_mode}
        )


class KioskTicketIssue(KioskApi):
    """Take a ticket at this kiosk's centre. `Idempotency-Key` makes a double tap one ticket."""

    throttle_classes = [DeviceThrottle]

    @issue_ticket_schema
    def post(self, request):
        device: KioskDevice = request.auth
        ticket, created, waits = issue_ticket_from_request(
            request, device.centre, issuer=Issuer(Issuer.KIOSK, f"device:{device.pk}")
        )
        body = {
            **citizen_ticket_data(ticket, waits=waits),
            "print": print_issued(device, ticket, created),
        }
        return Response(body, status=issued_status(created))


class KioskSpeech(APIView):
    """Spoken guidance: the WAV of one text the server writes, named by a key (kiosk.speech).
    A public kiosk has no device token, so any client may ask; it can only choose among
    the server's own texts, the cache is bounded (nafitha.speech) and the endpoint throttled."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientRateThrottle]
    throttle_scope = "kiosk_speech"

    def perform_content_negotiation(self, request, force=False):
        # An <audio> element may accept only audio/*; errors still render as JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(exclude=True)
    def get(self, request, centre_code: str):
        centre = get_object_or_404(Centre, code=centre_code, is_active=True)
        language = request.query_params.get("lang", "")
        text = spoken_text(
            centre=centre, key=request.query_params.get("key", ""), language=language
        )
        response = HttpResponse(render_wav(language=language, text=text), content_type="audio/wav")
        # A ticket's text changes as the queue moves; the rest is the same all day.
        patch_cache_control(response, private=True, max_age=300)
        return response
