"""Console and supervisor endpoints that the lead's counter API does not cover.

Counter actions themselves (call next, start, complete, ...) go through
`/api/v1/centres/<code>/counters/<number>/<action>/` in `queueing.api`; this module adds the
console snapshot and lease, and the supervisor's audited actions.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from centre.models import Centre, Counter
from counters import selectors, services
from nafitha.input import param_date, param_int
from nafitha.text import PlainTextSerializerField
from queueing.models import Ticket
from staff.access import (
    can_operate_counters,
    can_supervise,
    can_take_counter,
    can_watch_counters,
    staff_of,
)
from staff.models import Staff


class CentreView(APIView):
    """Resolves the centre and the caller's staff record, then checks `allowed`."""

    permission_classes = [permissions.IsAuthenticated]
    allowed = staticmethod(can_supervise)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.centre = get_object_or_404(Centre, code=kwargs["code"], is_active=True)
        self.staff = staff_of(request.user)
        if not self.allowed(self.staff, self.centre):
            raise PermissionDenied()

    def get_exception_handler(self):
        default = super().get_exception_handler()

        def handler(exc, context):
            if isinstance(exc, services.Refused):
                return Response(
                    {"code": exc.get_codes(), "detail": str(exc.detail)}, status=exc.status_code
                )
            return default(exc, context)

        return handler

    def counter(self, number: int) -> Counter:
        return get_object_or_404(
            Counter.objects.select_related("centre"), centre=self.centre, number=number
        )

    def ticket(self, ticket_id: int) -> Ticket:
        return get_object_or_404(
            Ticket.objects.select_related("centre", "counter"), centre=self.centre, pk=ticket_id
        )

    def employee(self, staff_id: int) -> Staff:
        return get_object_or_404(
            Staff.objects.select_related("user", "centre"), centre=self.centre, pk=staff_id
        )

    @staticmethod
    def valid(serializer_class, data) -> dict:
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


# --- Console -------------------------------------------------------------------------------------


class ConsoleState(CentreView):
    """The console snapshot: my counter and its ticket, my queues and today's figures."""

    allowed = staticmethod(can_operate_counters)

    @extend_schema(parameters=[OpenApiParameter("counter", int, description="counter number")])
    def get(self, request, code):
        number = param_int(request.query_params, "counter", minimum=1)
        if number is not None:
            counter = self.counter(number)
            if not can_take_counter(self.staff, counter):
                raise services.Refused(
                    "counter_occupied", _("Another employee is working at this counter."), 403
                )
        else:
            counter = Counter.objects.filter(staff=self.staff).select_related("centre").first()
        return Response(selectors.console_state(staff=self.staff, counter=counter))


class ClaimInput(serializers.Serializer):
    tab = serializers.RegexField(r"^[-\w]{8,64}$")


class ConsoleClaim(CentreView):
    """This tab takes over the counter's console; any other tab on it becomes read-only."""

    allowed = staticmethod(can_operate_counters)

    @extend_schema(request=ClaimInput)
    def post(self, request, code, number):
        counter = self.counter(number)
        if not can_take_counter(self.staff, counter):
            raise services.Refused(
                "counter_occupied", _("Another employee is working at this counter."), 403
            )
        body = self.valid(ClaimInput, request.data)
        services.lease_claim(counter=counter, staff=self.staff, tab=body["tab"])
        return Response(selectors.console_state(staff=self.staff, counter=counter))


# --- Supervisor ----------------------------------------------------------------------------------


class SupervisorState(CentreView):
    """All counters, staff, waiting tickets and recent audit entries (managers read it too)."""

    allowed = staticmethod(can_watch_counters)

    def get(self, request, code):
        return Response(
            {
                **selectors.supervisor_state(centre=self.centre),
                "can_act": can_supervise(self.staff, self.centre),
            }
        )


class StaffRef(serializers.Serializer):
    staff = serializers.IntegerField()


class CounterRef(serializers.Serializer):
    counter = serializers.IntegerField(min_value=1)


class TicketRef(serializers.Serializer):
    ticket = serializers.IntegerField()


class TransferInput(serializers.Serializer):
    service = serializers.SlugField()
    placement = serializers.ChoiceField(choices=["front", "end", "age"], default="age")


class SupervisorCancelInput(serializers.Serializer):
    reason = PlainTextSerializerField(
        prose=True, required=False, allow_blank=True, max_length=200, default=""
    )


class ServicesInput(serializers.Serializer):
    universal = serializers.BooleanField()
    services = serializers.ListField(
        child=serializers.SlugField(), required=False, default=list, max_length=200
    )


class SupervisorAction(CentreView):
    """An audited supervisor action; answers with the fresh supervisor snapshot."""

    def done(self):
        return Response({**selectors.supervisor_state(centre=self.centre), "can_act": True})


class SupervisorOpenCounter(SupervisorAction):
    """Open a counter with an employee at it (moving them from another counter if need be)."""

    @extend_schema(request=StaffRef)
    def post(self, request, code, number):
        body = self.valid(StaffRef, request.data)
        counter = self.counter(number)
        services.supervisor_open_counter(
            actor=self.staff, counter=counter, staff=self.employee(body["staff"])
        )
        return self.done()


class SupervisorCloseCounter(SupervisorAction):
    @extend_schema(request=None)
    def post(self, request, code, number):
        services.supervisor_close_counter(actor=self.staff, counter=self.counter(number))
        return self.done()


class SupervisorCallTicket(SupervisorAction):
    @extend_schema(request=TicketRef)
    def post(self, request, code, number):
        body = self.valid(TicketRef, request.data)
        counter = self.counter(number)
        services.supervisor_call_ticket(
            actor=self.staff, counter=counter, ticket=self.ticket(body["ticket"])
        )
        return self.done()


class SupervisorMoveStaff(SupervisorAction):
    @extend_schema(request=CounterRef)
    def post(self, request, code, staff_id):
        body = self.valid(CounterRef, request.data)
        employee = self.employee(staff_id)
        services.supervisor_open_counter(
            actor=self.staff, counter=self.counter(body["counter"]), staff=employee
        )
        return self.done()


class SupervisorStaffServices(SupervisorAction):
    @extend_schema(request=ServicesInput)
    def post(self, request, code, staff_id):
        body = self.valid(ServicesInput, request.data)
        services.supervisor_set_services(
            actor=self.staff,
            staff=self.employee(staff_id),
            universal=body["universal"],
            service_codes=body["services"],
        )
        return self.done()


class SupervisorTransferTicket(SupervisorAction):
    @extend_schema(request=TransferInput)
    def post(self, request, code, ticket_id):
        body = self.valid(TransferInput, request.data)
        services.supervisor_transfer_ticket(
            actor=self.staff,
            ticket=self.ticket(ticket_id),
            service_code=body["service"],
            placement=body["placement"],
        )
        return self.done()


class SupervisorCancelTicket(SupervisorAction):
    @extend_schema(request=SupervisorCancelInput)
    def post(self, request, code, ticket_id):
        body = self.valid(SupervisorCancelInput, request.data)
        services.supervisor_cancel_ticket(
            actor=self.staff, ticket=self.ticket(ticket_id), reason=body["reason"]
        )
        return self.done()


class AuditList(CentreView):
    """The centre's audit log, newest first (`?limit=`, at most 500)."""

    allowed = staticmethod(can_watch_counters)

    @extend_schema(parameters=[OpenApiParameter("limit", int, description="rows, at most 500")])
    def get(self, request, code):
        limit = param_int(request.query_params, "limit", default=100, minimum=1)
        return Response(selectors.audit_rows(self.centre, min(limit, 500)))


class PauseHistory(CentreView):
    """Pauses of one local day (`?day=YYYY-MM-DD`, default today), newest first."""

    allowed = staticmethod(can_watch_counters)

    @extend_schema(parameters=[OpenApiParameter("day", OpenApiTypes.DATE)])
    def get(self, request, code):
        day = param_date(request.query_params, "day") or self.centre.service_day()
        return Response(selectors.pause_rows(self.centre, day, timezone.now()))
