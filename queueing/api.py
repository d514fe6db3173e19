"""REST API for kiosks, counters and displays. Views are thin: check access, call the engine."""

import dataclasses
from collections.abc import Callable

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from centre import cached
from centre.models import Bundle, BundleItem, Centre, CentreService, Counter, Service
from counters.services import supervisor_cancel_ticket, supervisor_counter_action
from nafitha.clients import ClientRateThrottle, client_key
from queueing import engine, selectors
from queueing import serializers as s
from queueing.errors import QueueError
from queueing.models import Ticket, TicketStep
from staff.access import can_operate_counters, can_read_centre, staff_of
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


class StaffOnly(permissions.IsAuthenticated):
    message = translation.gettext_lazy("Only staff may do this.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and staff_of(request.user) is not None


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
                raise QueueError("locked_out") from None
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


class CentreServices(APIView):
    """Offered services with what a citizen needs to bring, and the live queue for each."""

    throttle_classes = [ClientRateThrottle]
    throttle_scope = "public_read"

    @extend_schema(responses=s.OfferedServiceSerializer(many=True))
    def get(self, request, code):
        centre = _centre(code)
        loads = selectors.centre_service_loads(centre)
        offers = (
            CentreService.objects.filter(centre=centre, is_active=True, service__is_active=True)
            .select_related("service__department")
            .order_by("service__department__code", "service__code")
        )
        rows = [
            _OfferWithLoad(o.service, o.letter, o.daily_cap, loads[o.service_id]) for o in offers
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
    chosen language. Returns (ticket ready to serialise, created).

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
    return _ticket_query().get(pk=result.ticket.pk), result.created


def issued_status(created: bool) -> int:
    return status.HTTP_201_CREATED if created else status.HTTP_200_OK


class TicketIssue(APIView):
    """Take a ticket. Anonymous but throttled per client; `Idempotency-Key` makes a retry safe."""

    throttle_classes = [ClientRateThrottle]
    throttle_scope = "ticket_issue"

    @issue_ticket_schema
    def post(self, request, code):
        centre = _centre(code)
        ticket, created = issue_ticket_from_request(
            request, centre, issuer=issuer_of(request, centre)
        )
        return Response(s.citizen_ticket_data(ticket), status=issued_status(created))


class TicketStatus(APIView):
    """A ticket's public status, looked up by the unguessable token printed in its QR code."""

    throttle_classes = [ClientRateThrottle]
    throttle_scope = "public_read"

    @extend_schema(responses=s.CitizenTicketSerializer)
    def get(self, request, token):
        return Response(s.citizen_ticket_data(get_object_or_404(_ticket_query(), token=token)))


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


class TicketCancel(APIView):
    """A supervisor cancels a ticket of their centre."""

    permission_classes = [StaffOnly]

    @extend_schema(request=s.CancelInput, responses=s.TicketSerializer)
    def post(self, request, code, ticket_id):
        centre = _centre(code)
        staff = staff_of(request.user)
        if staff.centre_id != centre.pk or staff.role != Staff.Role.SUPERVISOR:
            raise PermissionDenied()
        data = s.CancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = get_object_or_404(Ticket, pk=ticket_id, centre=centre)
        supervisor_cancel_ticket(
            actor=staff, ticket=ticket, reason=data.validated_data.get("reason", "")
        )
        return Response(s.ticket_data(_ticket_query().get(pk=ticket.pk)))


def _open(counter, staff, body):
    if body.get("staff"):
        target = Staff.objects.filter(user__username=body["staff"], centre=counter.centre).first()
        if target is None:
            raise QueueError("wrong_centre")
        return engine.counter_open(counter=counter, staff=target, actor=staff)
    return engine.counter_open(counter=counter, staff=staff)


def _call_specific(counter, staff, body):
    ticket = Ticket.objects.filter(pk=body["ticket"], centre=counter.centre).first()
    if ticket is None:
        raise QueueError("ticket_unknown")
    return engine.ticket_call_specific(counter=counter, staff=staff, ticket=ticket)


@dataclasses.dataclass(frozen=True)
class CounterAction:
    run: Callable
    input: type[s.serializers.Serializer] | None = None


COUNTER_ACTIONS: dict[str, CounterAction] = {
    "open": CounterAction(_open, s.OpenInput),
    "pause": CounterAction(
        lambda c, st, b: engine.counter_pause(counter=c, staff=st, reason=b["reason"]), s.PauseInput
    ),
    "resume": CounterAction(lambda c, st, b: engine.counter_resume(counter=c, staff=st)),
    "close": CounterAction(lambda c, st, b: engine.counter_close(counter=c, staff=st)),
    "call-next": CounterAction(
        lambda c, st, b: engine.ticket_call_next(counter=c, staff=st, finish=b.get("finish")),
        s.CallNextInput,
    ),
    "call-specific": CounterAction(_call_specific, s.CallSpecificInput),
    "recall": CounterAction(lambda c, st, b: engine.ticket_recall(counter=c, staff=st)),
    "start": CounterAction(lambda c, st, b: engine.ticket_start(counter=c, staff=st)),
    "complete": CounterAction(
        lambda c, st, b: engine.ticket_complete(counter=c, staff=st, outcome=b["outcome"]),
        s.CompleteInput,
    ),
    "no-show": CounterAction(
        lambda c, st, b: engine.ticket_no_show(counter=c, staff=st, requeue=b["requeue"]),
        s.NoShowInput,
    ),
    "transfer": CounterAction(
        lambda c, st, b: engine.ticket_transfer(
            counter=c, staff=st, service_code=b["service"], placement=b["placement"]
        ),
        s.TransferInput,
    ),
    "add-service": CounterAction(
        lambda c, st, b: engine.ticket_add_service(counter=c, staff=st, service_code=b["service"]),
        s.AddServiceInput,
    ),
    "return": CounterAction(lambda c, st, b: engine.ticket_return_to_queue(counter=c, staff=st)),
}


def _counter_action_output(counter: Counter, result) -> dict:
    """The counter after the action and the ticket it acted on (or its current ticket),
    each loaded once."""
    counter = Counter.objects.select_related("staff__user").get(pk=counter.pk)
    if isinstance(result, Ticket):
        ticket = _ticket_query().get(pk=result.pk)
        at_counter = ticket.counter_id == counter.pk and ticket.status in Ticket.AT_COUNTER_STATUSES
        current = ticket if at_counter else None
    else:
        ticket = current = (
            _ticket_query().filter(counter=counter, status__in=Ticket.AT_COUNTER_STATUSES).first()
        )
    context = {"show_names": True, "tickets_by_counter": {counter.pk: current}}
    return {
        "counter": s.CounterSerializer(counter, context=context).data,
        "ticket": s.ticket_data(ticket) if ticket else None,
    }


class CounterActionView(APIView):
    """Act on a counter: open, pause, resume, close, call-next, call-specific, recall, start,
    complete, no-show, transfer, add-service, return. Agents only at their own counter."""

    permission_classes = [StaffOnly]

    @extend_schema(
        request=None,
        responses={
            200: s.CounterActionOutput,
            204: OpenApiResponse(description="Nobody eligible waits"),
        },
        parameters=[
            OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(COUNTER_ACTIONS))
        ],
    )
    def post(self, request, code, number, action):
        spec = COUNTER_ACTIONS.get(action)
        if spec is None:
            raise QueueError("invalid_transition")
        staff = staff_of(request.user)
        counter = get_object_or_404(
            Counter.objects.select_related("centre"),
            centre__code=code,
            centre__is_active=True,
            number=number,
        )
        if not can_operate_counters(staff, counter.centre):
            raise PermissionDenied()
        body = {}
        if spec.input is not None:
            data = spec.input(data=request.data)
            data.is_valid(raise_exception=True)
            body = data.validated_data
        with translation.override(staff.language):
            if staff.role == Staff.Role.SUPERVISOR and counter.staff_id != staff.pk:
                result = supervisor_counter_action(
                    actor=staff,
                    counter=counter,
                    action=action,
                    run=lambda: spec.run(counter, staff, body),
                )
            else:
                result = spec.run(counter, staff, body)
        if action == "call-next" and result is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(_counter_action_output(counter, result))


class CounterList(APIView):
    permission_classes = [StaffOnly]

    @extend_schema(responses=s.CounterSerializer(many=True))
    def get(self, request, code):
        centre = _centre(code)
        staff = staff_of(request.user)
        if not can_read_centre(staff, centre):
            raise PermissionDenied()
        return Response(s.counters_data(centre, staff))


class LiveSnapshot(APIView):
    """What the centre looks like now: queues per service and what every counter is doing."""

    permission_classes = [StaffOnly]

    @extend_schema(responses=s.LiveSnapshotSerializer)
    def get(self, request, code):
        centre = _centre(code)
        staff = staff_of(request.user)
        if not can_read_centre(staff, centre):
            raise PermissionDenied()
        now = timezone.now()
        loads = selectors.centre_service_loads(centre, now)
        registry = Service.objects.filter(pk__in=loads).values_list(
            "pk", "code", "target_wait_minutes"
        )
        services = [
            {
                "code": code,
                "waiting": loads[pk].waiting,
                "longest_wait_seconds": loads[pk].longest_wait_seconds,
                "estimated_wait_seconds": loads[pk].estimated_wait_seconds,
                "target_wait_minutes": target,
            }
            for pk, code, target in registry.order_by("code")
        ]
        return Response(
            {
                "centre": centre.code,
                "at": now,
                "services": services,
                "counters": s.counters_data(centre, staff),
            }
        )
