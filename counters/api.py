"""The staff counter API: every action at a counter, the supervisor's actions, the console
and the live lists. One route per action; staff are named by id; the console lease is a
permission on the views that act at a counter. Views check access and call the services."""

import dataclasses
from collections.abc import Callable

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from centre import cached
from centre.models import Centre, Service
from counters import selectors, services
from counters import serializers as s
from counters.errors import CounterError
from nafitha.input import param_date, param_int
from nafitha.schema import OBJECT_LIST
from queueing import engine
from queueing import selectors as queue_selectors
from queueing.errors import QueueError
from queueing.models import Counter, Ticket, TicketStep
from queueing.serializers import ticket_data
from staff.access import (
    can_operate_counters,
    can_read_centre,
    can_supervise,
    can_watch_counters,
    staff_of,
)
from staff.models import Staff

TAB_HEADER = "X-Console-Tab"


def can_take_counter(staff: Staff | None, counter: Counter) -> bool:
    """Operating one counter's console: its own employee, anyone of the centre's operators
    while it is free, or a supervisor of its centre."""
    if not can_operate_counters(staff, counter.centre):
        return False
    return staff.role == Staff.Role.SUPERVISOR or counter.staff_id in (None, staff.pk)


def _ticket_query():
    return Ticket.objects.select_related(
        "centre", "service", "bundle", "priority", "counter"
    ).prefetch_related(Prefetch("steps", TicketStep.objects.select_related("service")))


class ConsoleLeaseHeld(permissions.BasePermission):
    """A console tab that another tab has taken the counter from may no longer act there
    (409 `console_superseded`), even if it missed the socket message. Requests without
    `X-Console-Tab` (tokens, scripts, the supervisor view) are not console tabs and pass."""

    def has_permission(self, request, view):
        tab = request.headers.get(TAB_HEADER)
        if tab and request.method == "POST":
            counter = view.leased_counter()
            if counter is not None and services.lease_conflict(counter=counter, tab=tab):
                raise CounterError("console_superseded")
        return True


class CentreView(APIView):
    """Resolves the centre and the caller's staff record, then checks `allowed`."""

    permission_classes = [permissions.IsAuthenticated]
    allowed = staticmethod(can_supervise)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.centre = self.get_centre()
        self.staff = staff_of(request.user)
        if not self.allowed(self.staff, self.centre):
            raise PermissionDenied()

    def get_centre(self) -> Centre:
        found = cached.centre(self.kwargs["code"])
        if found is None:
            raise Http404
        return found

    def counter(self, number: int) -> Counter:
        return get_object_or_404(
            Counter.objects.select_related("centre"),
            centre__code=self.kwargs["code"],
            number=number,
        )

    def ticket(self, ticket_id: int) -> Ticket:
        return get_object_or_404(
            Ticket.objects.select_related("centre", "counter"),
            centre__code=self.kwargs["code"],
            pk=ticket_id,
        )

    def employee(self, staff_id: int) -> Staff:
        """Someone of this centre, named by id (`wrong_centre` for anyone else)."""
        employee = (
            Staff.objects.select_related("user", "centre")
            .filter(centre=self.centre, pk=staff_id)
            .first()
        )
        if employee is None:
            raise QueueError("wrong_centre")
        return employee

    @staticmethod
    def valid(serializer_class, data) -> dict:
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def _action_output(counter: Counter | None, result) -> dict:
    """The counter after the action and the ticket it acted on (or its current ticket),
    each loaded once."""
    if counter is None:
        ticket = _ticket_query().get(pk=result.pk)
        return {"counter": None, "ticket": ticket_data(ticket)}
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
        "ticket": ticket_data(ticket) if ticket else None,
    }


def _acted_output(counter: Counter, ticket: Ticket, viewer: Staff) -> dict:
    """`_action_output` for a ticket the engine has just acted on, without reading it or the
    counter again: the engine locked the counter into this instance and returns the ticket as
    its transaction left it. The centre, the service and the employee at the counter come
    from what is already loaded; the ticket's steps are left out (the console reads the
    console's state after each action, `GET …/console/`), so nothing is read."""
    ticket.centre = counter.centre
    offer = cached.offers(counter.centre_id).get(ticket.service_id)
    if offer is not None:
        ticket.service = offer.service
    if ticket.counter_id == counter.pk:
        ticket.counter = counter
    if counter.staff_id is not None and counter.staff_id == viewer.pk:
        counter.staff = viewer  # with its user (the name), loaded with the API token
    at_counter = ticket.counter_id == counter.pk and ticket.status in Ticket.AT_COUNTER_STATUSES
    context = {
        "show_names": True,
        "steps": False,
        "tickets_by_counter": {counter.pk: ticket if at_counter else None},
    }
    return {
        "counter": s.CounterSerializer(counter, context=context).data,
        "ticket": ticket_data(ticket, steps=False),
    }


# --- Actions at a counter ----------------------------------------------------------------------


def _call_specific(view, counter, staff, body):
    ticket = Ticket.objects.filter(pk=body["ticket"], centre=counter.centre).first()
    if ticket is None:
        raise QueueError("ticket_unknown")
    return engine.ticket_call_specific(counter=counter, staff=staff, ticket=ticket)


@dataclasses.dataclass(frozen=True)
class CounterAction:
    run: Callable
    input: type[serializers.Serializer] | None = None


COUNTER_ACTIONS: dict[str, CounterAction] = {
    "open": CounterAction(
        lambda v, c, st, b: engine.counter_open(
            counter=c, staff=v.target or st, **({"actor": st} if v.target else {})
        ),
        s.OpenInput,
    ),
    "pause": CounterAction(
        lambda v, c, st, b: engine.counter_pause(counter=c, staff=st, reason=b["reason"]),
        s.PauseInput,
    ),
    "resume": CounterAction(lambda v, c, st, b: engine.counter_resume(counter=c, staff=st)),
    "close": CounterAction(lambda v, c, st, b: engine.counter_close(counter=c, staff=st)),
    "call-next": CounterAction(
        lambda v, c, st, b: engine.ticket_call_next(counter=c, staff=st, finish=b.get("finish")),
        s.CallNextInput,
    ),
    "call-specific": CounterAction(_call_specific, s.CallSpecificInput),
    "recall": CounterAction(lambda v, c, st, b: engine.ticket_recall(counter=c, staff=st)),
    "start": CounterAction(lambda v, c, st, b: engine.ticket_start(counter=c, staff=st)),
    "complete": CounterAction(
        lambda v, c, st, b: engine.ticket_complete(counter=c, staff=st, outcome=b["outcome"]),
        s.CompleteInput,
    ),
    "no-show": CounterAction(
        lambda v, c, st, b: engine.ticket_no_show(counter=c, staff=st, requeue=b["requeue"]),
        s.NoShowInput,
    ),
    "add-service": CounterAction(
        lambda v, c, st, b: engine.ticket_add_service(
            counter=c, staff=st, service_code=b["service"]
        ),
        s.AddServiceInput,
    ),
    "return": CounterAction(lambda v, c, st, b: engine.ticket_return_to_queue(counter=c, staff=st)),
}


# Actions on the counter's ticket, which never change the counter row itself.
TICKET_ACTIONS = frozenset(
    [
        "call-next",
        "call-specific",
        "recall",
        "start",
        "complete",
        "no-show",
        "add-service",
        "return",
    ]
)


class CounterActionView(CentreView):
    """Act at a counter: open (a supervisor may name the employee), pause, resume, close,
    call-next, call-specific, recall, start, complete, no-show, add-service, return. Agents
    only at their own counter; a supervisor's action at another counter is audited."""

    permission_classes = [permissions.IsAuthenticated, ConsoleLeaseHeld]
    allowed = staticmethod(can_operate_counters)

    def leased_counter(self) -> Counter | None:
        self.leased = Counter.objects.filter(
            centre__code=self.kwargs["code"], number=self.kwargs["number"]
        ).first()
        return self.leased

    def acted_counter(self, number: int, action: str) -> Counter:
        """The counter to act at, read once: the console-lease check's row, else a ticket
        action of the employee at it names it for the engine to read under its lock; a
        supervisor's action (audited against the row as it was) reads it here."""
        leased = getattr(self, "leased", None)
        if leased is not None:
            return leased
        if action in TICKET_ACTIONS and self.staff.role != Staff.Role.SUPERVISOR:
            return engine.counter_at(self.centre, number)
        return self.counter(number)

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
        counter = self.acted_counter(number, action)
        body = self.valid(spec.input, request.data) if spec.input is not None else {}
        with translation.override(self.staff.language):
            self.target = self.employee(body["staff"]) if body.get("staff") else None
            try:
                result = services.counter_action(
                    actor=self.staff,
                    counter=counter,
                    action=action,
                    employee=self.target,
                    run=lambda: spec.run(self, counter, self.staff, body),
                )
            except Counter.DoesNotExist:
                raise Http404 from None
        if action == "call-next" and result is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        if isinstance(result, Ticket):
            return Response(_acted_output(counter, result, self.staff))
        return Response(_action_output(counter, result))


class TicketTransfer(CentreView):
    """Move a ticket to another service (front, end or by arrival): the employee at its
    counter, or a supervisor (also a ticket still waiting, audited)."""

    permission_classes = [permissions.IsAuthenticated, ConsoleLeaseHeld]
    allowed = staticmethod(can_operate_counters)

    def leased_counter(self) -> Counter | None:
        ticket = Ticket.objects.filter(pk=self.kwargs["ticket_id"]).only("counter").first()
        return ticket.counter if ticket and ticket.counter_id else None

    @extend_schema(request=s.TransferInput, responses=s.CounterActionOutput)
    def post(self, request, code, ticket_id):
        body = self.valid(s.TransferInput, request.data)
        ticket = self.ticket(ticket_id)
        counter = ticket.counter if ticket.status in Ticket.AT_COUNTER_STATUSES else None
        with translation.override(self.staff.language):
            services.ticket_transfer(
                actor=self.staff,
                ticket=ticket,
                service_code=body["service"],
                placement=body["placement"],
            )
        return Response(_action_output(counter, ticket))


class TicketCancel(CentreView):
    """A supervisor cancels a ticket of their centre (audited)."""

    @extend_schema(request=s.CancelInput, responses=s.CounterActionOutput)
    def post(self, request, code, ticket_id):
        body = self.valid(s.CancelInput, request.data)
        ticket = self.ticket(ticket_id)
        with translation.override(self.staff.language):
            services.ticket_cancel(actor=self.staff, ticket=ticket, reason=body["reason"])
        return Response(_action_output(None, ticket))


class StaffServices(CentreView):
    """A supervisor sets what an employee is certified for (audited)."""

    @extend_schema(request=s.ServicesInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, code, staff_id):
        body = self.valid(s.ServicesInput, request.data)
        with translation.override(self.staff.language):
            employee = services.staff_set_services(
                actor=self.staff,
                staff=self.employee(staff_id),
                universal=body["universal"],
                service_codes=body["services"],
            )
        return Response({"id": employee.pk, **services.staff_snapshot(employee)})


# --- Console -------------------------------------------------------------------------------------


class ConsoleState(CentreView):
    """The console snapshot: my counter and its ticket, my queues and today's figures."""

    allowed = staticmethod(can_operate_counters)

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        parameters=[OpenApiParameter("counter", int, description="counter number")],
    )
    def get(self, request, code):
        number = param_int(request.query_params, "counter", minimum=1)
        if number is not None:
            counter = self.counter(number)
            if not can_take_counter(self.staff, counter):
                raise QueueError("counter_occupied")
        else:
            counter = Counter.objects.filter(staff=self.staff).select_related("centre").first()
        return Response(selectors.console_state(staff=self.staff, counter=counter))


class ConsoleClaim(CentreView):
    """This tab takes over the counter's console; any other tab on it becomes read-only."""

    allowed = staticmethod(can_operate_counters)

    @extend_schema(responses=OpenApiTypes.OBJECT, request=s.ClaimInput)
    def post(self, request, code, number):
        counter = self.counter(number)
        if not can_take_counter(self.staff, counter):
            raise QueueError("counter_occupied")
        body = self.valid(s.ClaimInput, request.data)
        services.lease_claim(counter=counter, staff=self.staff, tab=body["tab"])
        return Response(selectors.console_state(staff=self.staff, counter=counter))


# --- Live lists --------------------------------------------------------------------------------


class CounterList(CentreView):
    """Counters and what each is doing (names only for the centre's own staff)."""

    allowed = staticmethod(can_read_centre)

    @extend_schema(responses=s.CounterSerializer(many=True))
    def get(self, request, code):
        return Response(s.counters_data(self.centre, self.staff))


class LiveSnapshot(CentreView):
    """What the centre looks like now: queues per service and what every counter is doing."""

    allowed = staticmethod(can_read_centre)

    @extend_schema(responses=s.LiveSnapshotSerializer)
    def get(self, request, code):
        now = timezone.now()
        loads = queue_selectors.centre_service_loads(self.centre, now)
        registry = Service.objects.filter(pk__in=loads).values_list(
            "pk", "code", "target_wait_minutes"
        )
        services_now = [
            {
                "code": service_code,
                "waiting": loads[pk].waiting,
                "longest_wait_seconds": loads[pk].longest_wait_seconds,
                "estimated_wait_seconds": loads[pk].estimated_wait_seconds,
                "target_wait_minutes": target,
            }
            for pk, service_code, target in registry.order_by("code")
        ]
        return Response(
            {
                "centre": self.centre.code,
                "at": now,
                "services": services_now,
                "counters": s.counters_data(self.centre, self.staff),
            }
        )


class SupervisorState(CentreView):
    """All counters, staff, waiting tickets and recent audit entries (managers read it too)."""

    allowed = staticmethod(can_watch_counters)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, code):
        return Response(
            {
                **selectors.supervisor_state(centre=self.centre),
                "can_act": can_supervise(self.staff, self.centre),
            }
        )


class AuditList(CentreView):
    """The centre's audit log, newest first (`?limit=`, at most 500)."""

    allowed = staticmethod(can_watch_counters)

    @extend_schema(
        responses=OBJECT_LIST,
        parameters=[OpenApiParameter("limit", int, description="rows, at most 500")],
    )
    def get(self, request, code):
        limit = param_int(request.query_params, "limit", default=100, minimum=1)
        return Response(selectors.audit_rows(self.centre, min(limit, 500)))


class PauseHistory(CentreView):
    """Pauses of one local day (`?day=YYYY-MM-DD`, default today), newest first."""

    allowed = staticmethod(can_watch_counters)

    @extend_schema(responses=OBJECT_LIST, parameters=[OpenApiParameter("day", OpenApiTypes.DATE)])
    def get(self, request, code):
        day = param_date(request.query_params, "day") or self.centre.service_day()
        return Response(selectors.pause_rows(self.centre, day, timezone.now()))
