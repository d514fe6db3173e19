"""The citizen API: centres, services, issuing and tracking tickets, and API tokens. The staff
counter API is in `counters.api`. Views are thin: check access, call the engine."""

import dataclasses

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from centre import cached
from centre.models import Bundle, BundleItem, Centre, CentreService, Service
from nafitha.clients import ClientRateThrottle, client_key
from queueing import engine, selectors
from queueing import serializers as s
from queueing.errors import QueueError
from queueing.models import Ticket, TicketStep
from queueing.waits import CentreWaits
from staff.access import staff_of
from staff.errors import StaffError
from staff.models import Staff


def _centre(code: str) -> Centre:
    found = cached.centre(code)
    if found is None:
        raise Http404
    return found


def _ticket_query():
    return Ticket.objects.select_related(
        "centre", "service", "bundle", "priority", "counter"
    ).prefetch_related(Prefetch("steps", TicketStep.objects.select_related("service")))


def _ticket_by_token(token: str) -> Ticket:
    """A ticket with everything its answer shows, in one query: its steps joined to the
    ticket (and the ticket to its centre, services, bundle, priority and counter) instead of
    the ticket and then its steps. Every ticket has at least one step; 404 when none."""
    steps = list(
        TicketStep.objects.filter(ticket__token=token).select_related(
            "service",
            "ticket__centre",
            "ticket__service",
            "ticket__bundle",
            "ticket__priority",
            "ticket__counter",
        )
    )
    if not steps:
        raise Http404
    ticket = steps[0].ticket
    for step in steps:
        step.ticket = ticket
    loaded = ticket.steps.all()
    loaded._result_cache, loaded._prefetch_done = steps, True
    ticket._prefetched_objects_cache = {"steps": loaded}
    return ticket


class TokenView(ObtainAuthToken):
    """Exchange a staff username and password for an API token (devices and scripts)."""

    throttle_classes = [ClientRateThrottle]
    throttle_scope = "auth"

    def post(self, request, *args, **kwargs):
        """A locked-out account or address (django-axes marks the request while checking the
        password) gets `locked_out`, not the usual "wrong credentials"."""
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            if getattr(request, "axes_locked_out", False):
                raise StaffError("locked_out") from None
            raise


class CentreList(APIView):
    @extend_schema(responses=s.CentreSerializer(many=True))
    def get(self, request):
        centres = Centre.objects.filter(is_active=True).prefetch_related("opening_hours")
        return Response(s.CentreSerializer(centres, many=True).data)


class CentreDetail(APIView):
    @extend_schema(responses=s.CentreSerializer)
    def get(self, request, code):
        return Response(s.CentreSerializer(_centre(code)).data)


@dataclasses.dataclass
class _OfferWithLoad:
    service: Service
    letter: str
    daily_cap: int | None
    load: selectors.ServiceLoad
    wait_range_minutes: tuple[int, int] | None


class CentreServices(APIView):
    """Offered services with what a citizen needs to bring, and the live queue for each."""

    throttle_classes = [ClientRateThrottle]
    throttle_scope = "public_read"

    @extend_schema(responses=s.OfferedServiceSerializer(many=True))
    def get(self, request, code):
        centre = _centre(code)
        loads = selectors.centre_service_loads(centre)  # one read of the hall for all
        offers = (
            CentreService.objects.filter(centre=centre, is_active=True, service__is_active=True)
            .select_related("service__department")
            .order_by("service__department__code", "service__code")
        )
        rows = [
            _OfferWithLoad(
                o.service,
                o.letter,
                o.daily_cap,
                loads[o.service_id],
                loads[o.service_id].wait_range_minutes,
            )
            for o in offers
        ]
        return Response(s.OfferedServiceSerializer(rows, many=True).data)


class CentreBundles(APIView):
    @extend_schema(responses=s.BundleSerializer(many=True))
    def get(self, request, code):
        centre = _centre(code)
        offered = CentreService.objects.filter(centre=centre, is_active=True).values("service_id")
        bundles = (
            Bundle.objects.filter(is_active=True)
            .exclude(items__service__in=Service.objects.exclude(pk__in=offered))
            .prefetch_related(
                Prefetch("items", BundleItem.objects.select_related("service").order_by("position"))
            )
        )
        return Response(s.BundleSerializer(bundles, many=True).data)


issue_ticket_schema = extend_schema(
    request=s.IssueTicketInput,
    parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
    responses={
        201: s.CitizenTicketSerializer,
        200: OpenApiResponse(s.CitizenTicketSerializer, "A repeated request"),
    },
)


def issuer_of(request, centre: Centre) -> engine.Issuer:
    """Who is asking: the centre's staff (not national analysts), or an anonymous citizen
    counted by client address. Kiosk devices are recognised by the kiosk API."""
    staff = staff_of(request.user)
    if staff and staff.centre_id == centre.pk and staff.role != Staff.Role.ANALYST:
        return engine.Issuer(engine.Issuer.STAFF, f"staff:{staff.pk}")
    return engine.Issuer(engine.Issuer.CITIZEN, client_key(request))


def issue_ticket_from_request(request, centre: Centre, *, issuer: engine.Issuer):
    """Validate an issue request and take the ticket, answering errors in the citizen's
    chosen language. Returns (ticket ready to serialise, created, the hall as the engine
    read it while issuing or None: `citizen_ticket_data`'s `waits`).

    A phone (for SMS) is taken only from an issuer at the centre (a registered kiosk or the
    centre's staff), or later one verified by a code: anyone else could make the centre text
    any number.
    """
    data = s.IssueTicketInput(data=request.data)
    data.is_valid(raise_exception=True)
    body = data.validated_data
    with translation.override(body["language"]):
        if body.get("phone") and not issuer.at_centre:
            raise QueueError("phone_not_verified")
        result = engine.ticket_issue(
            centre=centre,
            service_codes=body.get("services"),
            bundle_code=body.get("bundle"),
            priority=body.get("priority") or None,
            language=body["language"],
            channel=body.get("channel"),
            issuer=issuer,
            phone=body.get("phone", ""),
            idempotency_key=request.headers.get("Idempotency-Key") or None,
        )
    if result.created and result.steps:
        waits = None
        if result.hall is not None:
            waits = CentreWaits(centre, waiting_rows=[row[:-1] for row in result.hall])
        return _as_issued(result), True, waits
    return _ticket_query().get(pk=result.ticket.pk), result.created, None


def _as_issued(result: engine.IssueResult) -> Ticket:
    """The new ticket as the engine wrote it, ready to serialise without reading it again:
    its centre, services, bundle and priority are the instances the engine used, and its
    steps the rows it inserted."""
    ticket = result.ticket
    steps = ticket.steps.all()
    steps._result_cache, steps._prefetch_done = list(result.steps), True
    ticket._prefetched_objects_cache = {"steps": steps}
    return ticket


def issued_status(created: bool) -> int:
    return status.HTTP_201_CREATED if created else status.HTTP_200_OK


class TicketIssue(APIView):
    """Take a ticket. Anonymous but throttled per client; `Idempotency-Key` makes a retry safe."""

    throttle_classes = [ClientRateThrottle]
    throttle_scope = "ticket_issue"

    @issue_ticket_schema
    def post(self, request, code):
        centre = _centre(code)
        ticket, created, waits = issue_ticket_from_request(
            request, centre, issuer=issuer_of(request, centre)
        )
        return Response(s.citizen_ticket_data(ticket, waits=waits), status=issued_status(created))


class TicketStatus(APIView):
    """A ticket's public status, looked up by the unguessable token printed in its QR code."""

    throttle_classes = [ClientRateThrottle]
    throttle_scope = "public_read"

    @extend_schema(responses=s.CitizenTicketSerializer)
    def get(self, request, token):
        return Response(s.citizen_ticket_data(_ticket_by_token(token)))


class TicketLeave(APIView):
    """The citizen leaves the queue: a walk-out while waiting, a cancellation once called."""

    throttle_classes = [ClientRateThrottle]
    throttle_scope = "public_write"

    @extend_schema(request=None, responses=s.CitizenTicketSerializer)
    def post(self, request, token):
        ticket = get_object_or_404(Ticket, token=token)
        if ticket.status == Ticket.Status.CALLED:
            engine.ticket_cancel(ticket=ticket, reason="citizen")
        else:
            engine.ticket_walk_out(ticket=ticket)
        return Response(s.citizen_ticket_data(_ticket_query().get(pk=ticket.pk)))
