"""The booking API: slots (public), one-time codes and bookings (verified phone), and
check-in (registered kiosks only).

References travel only in request bodies, never in URLs, so no log line can hold one.
Every view is throttled per client through `nafitha.clients`.
"""

import datetime as dt

import segno
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from appointments import remote, remote_selectors, selectors, services
from appointments.check_in import place_check_in
from appointments.errors import AppointmentError
from appointments.models import Booking
from centre.models import Centre, Service
from kiosk.api import DeviceThrottle
from kiosk.auth import DeviceAuthentication, IsKioskDevice
from kiosk.printing import print_issued
from nafitha.clients import ClientRateThrottle, client_key
from nafitha.input import param_date, param_int
from nafitha.phones import jordan_mobile
from queueing.api import issued_status
from queueing.models import Ticket
from queueing.serializers import citizen_ticket_data


def _centre(code: str) -> Centre:
    return get_object_or_404(
        Centre.objects.prefetch_related("opening_hours"), code=code, is_active=True
    )


def _service(code: str) -> Service:
    service = Service.objects.filter(code=code, is_active=True).first()
    if service is None:
        raise AppointmentError("booking_closed")
    return service


def _phone(text: str) -> str:
    try:
        return jordan_mobile(text)
    except Exception:
        raise AppointmentError("phone_invalid") from None


def reference_qr(reference: str) -> segno.QRCode:
    """The QR code of a booking's or remote place's reference: the bare reference, never a
    URL (appointments/scan.py reads it back with the kiosk's or the counter's camera)."""
    return segno.make(reference, error="m")


def qr_data_uri(reference: str) -> str:
    """The reference as a QR code for the kiosk's scanner, inline (no URL carries it)."""
    return reference_qr(reference).svg_data_uri(scale=6, border=2)


def _visit(centre: Centre, body) -> selectors.Visit:
    """The visit a request asks for: `service` (one), `services` (a list, or comma-separated
    in a query) or `bundle`; exactly one of them."""
    service, codes, bundle = body.get("service"), body.get("services"), body.get("bundle")
    if isinstance(codes, str):
        codes = [c for c in codes.split(",") if c][: selectors.MAX_VISIT_SERVICES + 1]
    if service and codes:
        raise AppointmentError("visit_invalid")
    codes = [service] if service else codes
    if codes and not all(isinstance(c, str) and 0 < len(c) <= 60 for c in codes):
        raise AppointmentError("visit_invalid")
    return selectors.visit_for(centre=centre, service_codes=codes, bundle_code=bundle or None)


class SlotSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    free = serializers.IntegerField()


class BookingSerializer(serializers.Serializer):
    centre = serializers.CharField(source="centre.code")
    centre_name = serializers.SerializerMethodField()
    service = serializers.CharField(source="service.code")
    service_name = serializers.SerializerMethodField()
    services = serializers.SerializerMethodField(help_text="the visit's services, in order")
    services_name = serializers.SerializerMethodField(help_text="the services or the bundle")
    bundle = serializers.SerializerMethodField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    when = serializers.SerializerMethodField()
    status = serializers.CharField()
    language = serializers.CharField()

    def _lang(self) -> str:
        return (translation.get_language() or "ar")[:2]

    def get_centre_name(self, booking: Booking) -> str:
        return booking.centre.name_in(self._lang())

    def get_service_name(self, booking: Booking) -> str:
        return booking.service.name_in(self._lang())

    def get_services(self, booking: Booking) -> list[str]:
        return [s.code for s in booking.visit_services()]

    def get_services_name(self, booking: Booking) -> str:
        return booking.services_text(self._lang())

    def get_bundle(self, booking: Booking) -> str | None:
        return booking.bundle.code if booking.bundle_id else None

    def get_when(self, booking: Booking) -> str:
        return services.when_text(booking, self._lang())


class BookedSerializer(BookingSerializer):
    reference = serializers.CharField()
    qr = serializers.CharField()


class CodeInput(serializers.Serializer):
    phone = serializers.CharField(max_length=30)
    language = serializers.ChoiceField(choices=Ticket.Language.choices, default="ar")


class BookInput(CodeInput):
    centre = serializers.SlugField(max_length=40)
    service = serializers.SlugField(max_length=60, required=False, help_text="one service")
    services = serializers.ListField(
        child=serializers.SlugField(max_length=60),
        min_length=1,
        max_length=selectors.MAX_VISIT_SERVICES,
        required=False,
        help_text="several services of one visit, in the order they are served",
    )
    bundle = serializers.SlugField(max_length=60, required=False, help_text="a bundle's code")
    starts_at = serializers.DateTimeField()
    code = serializers.RegexField(r"^\s*[0-9]{4,8}\s*$")


class ReferenceInput(serializers.Serializer):
    reference = serializers.CharField(max_length=40)
    language = serializers.ChoiceField(choices=Ticket.Language.choices, default="ar")


class MoveInput(ReferenceInput):
    starts_at = serializers.DateTimeField()


def _valid(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


class PublicApi(APIView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = [ClientRateThrottle]


class BookingWrite(PublicApi):
    """One shape for every booking write: validate `input`, run `act(body)` in the chosen
    language, answer the booking it returns (plus `extra(result)`, e.g. the reference)."""

    throttle_scope = "booking_write"
    input: type[serializers.Serializer]
    created = False

    def act(self, body: dict):
        raise NotImplementedError

    def extra(self, result) -> dict:
        return {}

    def post(self, request):
        body = _valid(self.input, request)
        with translation.override(body["language"]):
            result = self.act(body)
            data = BookingSerializer(getattr(result, "booking", result)).data
        data.update(self.extra(result))
        return Response(
            data, status=status.HTTP_201_CREATED if self.created else status.HTTP_200_OK
        )


class Slots(PublicApi):
    """Free slots of a centre for a service, from a local day (default today) for 1–14 days."""

    throttle_scope = "public_read"

    @extend_schema(
        parameters=[
            OpenApiParameter("service", str, description="one service"),
            OpenApiParameter("services", str, description="several, comma-separated"),
            OpenApiParameter("bundle", str, description="a bundle's code"),
            OpenApiParameter("from", dt.date),
            OpenApiParameter("days", int),
        ],
        responses=SlotSerializer(many=True),
    )
    def get(self, request, code):
        centre = _centre(code)
        first = param_date(request.query_params, "from", default=centre.service_day())
        days = param_int(request.query_params, "days", default=1, minimum=1, maximum=14)
        visit = _visit(centre, request.query_params)
        slots = selectors.slots_for(
            centre=centre, service=visit.services[0], first=first, days=days, length=visit.length
        )
        return Response(SlotSerializer([s for s in slots if s.free], many=True).data)


class CodeSend(PublicApi):
    """Send a one-time code to a Jordanian mobile number (with a back-off between sends)."""

    throttle_scope = "booking_code"

    @extend_schema(
        request=CodeInput,
        responses={
            202: inline_serializer("CodeSent", {"resend_after": serializers.IntegerField()})
        },
    )
    def post(self, request):
        body = _valid(CodeInput, request)
        with translation.override(body["language"]):
            wait = services.code_send(phone=_phone(body["phone"]), language=body["language"])
        return Response({"resend_after": wait}, status=status.HTTP_202_ACCEPTED)


class BookingCreate(BookingWrite):
    """Book a slot with the code sent to the number; answers the reference (shown once)."""

    input = BookInput
    created = True

    def act(self, body):
        centre = _centre(body["centre"])
        return services.booking_create(
            centre=centre,
            visit=_visit(centre, body),
            starts_at=body["starts_at"],
            phone=_phone(body["phone"]),
            code=body["code"],
            language=body["language"],
        )

    def extra(self, booked):
        return {"reference": booked.reference, "qr": qr_data_uri(booked.reference)}

    @extend_schema(request=BookInput, responses={201: BookedSerializer})
    def post(self, request):
        return super().post(request)


class BookingLookup(PublicApi):
    """A booking, by its reference."""

    throttle_scope = "booking_lookup"

    @extend_schema(request=ReferenceInput, responses=BookingSerializer)
    def post(self, request):
        body = _valid(ReferenceInput, request)
        with translation.override(body["language"]):
            booking = selectors.booking_by_reference(reference=body["reference"])
            return Response(BookingSerializer(booking).data)


class BookingMove(BookingWrite):
    input = MoveInput

    def act(self, body):
        return services.booking_move(reference=body["reference"], starts_at=body["starts_at"])

    @extend_schema(request=MoveInput, responses=BookingSerializer)
    def post(self, request):
        return super().post(request)


class BookingCancel(BookingWrite):
    input = ReferenceInput

    def act(self, body):
        return services.booking_cancel(reference=body["reference"])

    @extend_schema(request=ReferenceInput, responses=BookingSerializer)
    def post(self, request):
        return super().post(request)


class CheckIn(APIView):
    """A registered kiosk checks a booking ("B-…") or a remote ticket ("R-…") in by its typed
    or scanned reference."""

    authentication_classes = [DeviceAuthentication]
    permission_classes = [IsKioskDevice]
    throttle_classes = [DeviceThrottle]

    @extend_schema(
        request=ReferenceInput,
        responses=inline_serializer(
            "CheckedIn",
            {
                "late": serializers.BooleanField(),
                "detail": serializers.CharField(),
                "number": serializers.CharField(),
                "service_name": serializers.CharField(),
                "ticket": serializers.DictField(),
                "print": serializers.DictField(),
            },
        ),
    )
    def post(self, request):
        body = _valid(ReferenceInput, request)
        device = request.auth
        with translation.override(body["language"]):
            result = place_check_in(
                reference=body["reference"], centre=device.centre, now=timezone.now()
            )
            late = result.late
            if result.kind == "remote":
                detail = _(
                    "You are checked in and have joined the queue. Please wait to be called."
                )
            elif late:
                detail = _(
                    "Your booking time has passed, so this is a walk-in ticket: it waits in turn."
                )
            else:
                detail = _("You are checked in. You will be called close to your booked time.")
            ticket = Ticket.objects.select_related(
                "centre", "service", "bundle", "priority", "counter"
            ).get(pk=result.ticket.pk)
            data = {
                "late": late,
                "detail": detail,
                "number": ticket.number_in(body["language"]),
                # A booked visit of several services (or a bundle) names them all.
                "service_name": (
                    result.place.services_text(body["language"])
                    if result.kind == "booking"
                    else ticket.service.name_in(body["language"])
                ),
                "ticket": citizen_ticket_data(ticket),
            }
        # Printed as a walk-in ticket is, once the check-in committed: a second scan prints
        # nothing more (kiosk.printing.print_issued, docs/kiosk.md "Printing").
        data["print"] = print_issued(device, ticket, result.created)
        return Response(data, status=issued_status(result.created))


# --- Remote tickets and the quickest centre ----------------------------------------------------


class RemoteInput(CodeInput):
    centre = serializers.SlugField(max_length=40)
    service = serializers.SlugField(max_length=60)
    code = serializers.RegexField(r"^\s*[0-9]{4,8}\s*$")
    travel_minutes = serializers.IntegerField(
        min_value=0, max_value=remote_selectors.TRAVEL_MAX_MINUTES, default=0
    )


class RemoteSerializer(serializers.Serializer):
    centre = serializers.CharField()
    service = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    travel_minutes = serializers.IntegerField()
    reference = serializers.CharField()
    qr = serializers.CharField()
    track = serializers.CharField()


class RemoteCreate(PublicApi):
    """Take a pending place in today's queue from home with the code sent to the number;
    it joins the live queue when checked in at the centre's kiosk with the reference."""

    throttle_scope = "booking_write"

    @extend_schema(request=RemoteInput, responses={201: RemoteSerializer})
    def post(self, request):
        body = _valid(RemoteInput, request)
        with translation.override(body["language"]):
            taken = remote.remote_create(
                centre=_centre(body["centre"]),
                service=_service(body["service"]),
                phone=_phone(body["phone"]),
                code=body["code"],
                travel_minutes=body["travel_minutes"],
                language=body["language"],
                client=client_key(request),
            )
        place = taken.remote
        data = {
            "centre": place.centre.code,
            "service": place.service.code,
            "status": place.status,
            "created_at": place.created_at,
            "expires_at": place.expires_at,
            "travel_minutes": place.travel_minutes,
            "reference": taken.reference,
            "qr": qr_data_uri(taken.reference),
            "track": reverse("remote-track", kwargs={"token": place.token}),
        }
        return Response(RemoteSerializer(data).data, status=status.HTTP_201_CREATED)


class RemoteCancelled(serializers.Serializer):
    centre = serializers.CharField(source="centre.code")
    service = serializers.CharField(source="service.code")
    status = serializers.CharField()


class RemoteCancel(PublicApi):
    """Give up a pending place in the queue by its reference (in the body, never the URL)."""

    throttle_scope = "booking_write"

    @extend_schema(request=ReferenceInput, responses=RemoteCancelled)
    def post(self, request):
        body = _valid(ReferenceInput, request)
        with translation.override(body["language"]):
            place = remote.remote_cancel(reference=body["reference"])
        return Response(RemoteCancelled(place).data)


class RemoteStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["pending", "checked_in", "expired", "cancelled"])
    lead = serializers.CharField(help_text="When to leave, or what became of the place.")
    note = serializers.CharField(allow_blank=True)
    queue = serializers.CharField(
        allow_blank=True, help_text="People waiting for the service, or ahead of the ticket."
    )
    number = serializers.CharField(allow_blank=True, help_text="The ticket, once checked in.")
    live = serializers.BooleanField(help_text="Whether asking again may show something new.")


class RemoteStatus(PublicApi):
    """What the "when to leave" page of a place says now, by the page's token (never the
    reference): the page's script asks for it to refresh itself."""

    throttle_scope = "public_read"

    @extend_schema(
        parameters=[OpenApiParameter("lang", str, enum=["ar", "en"])],
        responses=RemoteStatusSerializer,
    )
    def get(self, request, token):
        place = remote_selectors.remote_by_token(token=token[:40])
        if place is None:
            raise AppointmentError("remote_unknown")
        lang = request.query_params.get("lang")
        lang = lang if lang in ("ar", "en") else place.language
        data = RemoteStatusSerializer(remote_selectors.track_state(place, lang)).data
        return Response(data, headers={"Cache-Control": "no-store"})


class CentreWaitSerializer(serializers.Serializer):
    centre = serializers.CharField()
    name = serializers.CharField()
    open_now = serializers.BooleanField()
    wait_low = serializers.IntegerField(allow_null=True, help_text="minutes; null: no estimate")
    wait_high = serializers.IntegerField(allow_null=True)
    booking_open = serializers.BooleanField()
    remote_open = serializers.BooleanField()


class Quickest(PublicApi):
    """Every centre offering a service with its current estimated wait (minutes), quickest
    first; refreshed every 30 seconds. No estimate (null) when no certified counter is open."""

    throttle_scope = "public_read"

    @extend_schema(
        parameters=[
            OpenApiParameter("service", str, required=True),
            OpenApiParameter("lang", str, enum=["ar", "en"]),
        ],
        responses=CentreWaitSerializer(many=True),
    )
    def get(self, request):
        lang = request.query_params.get("lang")
        lang = lang if lang in ("ar", "en") else (translation.get_language() or "ar")[:2]
        service = remote_selectors.quickest_service(request.query_params.get("service", "")[:60])
        rows = remote_selectors.quickest_centres(service=service)
        data = [{**row.__dict__, "name": row.name_in(lang)} for row in rows]
        return Response(CentreWaitSerializer(data, many=True).data)
