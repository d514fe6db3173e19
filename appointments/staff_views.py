"""Staff pages of the booking channel: the day's bookings per hour for the centre's
supervisors and managers (counts only, no names or numbers), and the appointment plans
the centre's manager sets. The API views answer the same counts, and check a booking or a
remote place in at a counter or reception (`appointments.desk`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from appointments import desk, selectors, services
from appointments.errors import AppointmentError
from centre.models import Centre, Service
from counters.api import CentreView
from nafitha.arabic import digits_for
from nafitha.input import BadInput, param_date, param_int
from queueing.api import issued_status
from queueing.models import Ticket
from queueing.serializers import ticket_data
from staff.access import can_operate_counters, can_watch_counters, staff_of, works_at
from staff.models import Staff


def can_see_bookings(staff: Staff | None, centre: Centre) -> bool:
    """The day's bookings per hour: the centre's supervisors and managers."""
    return can_watch_counters(staff, centre)


def can_set_plans(staff: Staff | None, centre: Centre) -> bool:
    """Appointment plans: the manager of that centre only."""
    return works_at(staff, centre, (Staff.Role.MANAGER,))


def _centre(request, centre_code: str, allowed) -> tuple[Centre, Staff]:
    centre = get_object_or_404(Centre, code=centre_code, is_active=True)
    staff = staff_of(request.user)
    if not allowed(staff, centre):
        raise PermissionDenied
    return centre, staff


@login_required
@require_GET
def day(request, centre_code):
    centre, staff = _centre(request, centre_code, can_see_bookings)
    when = param_date(request.GET, "date", default=centre.service_day())
    manager = can_set_plans(staff, centre)
    lang = (translation.get_language() or "ar")[:2]
    figures = selectors.bookings_per_hour(centre=centre, day=when)
    for row in figures["hours"]:
        row["label"] = digits_for(row["hour"], lang)
    return render(
        request,
        "appointments/staff_day.html",
        {
            "centre": centre,
            "staff": staff,
            "day": figures,
            "day_title": digits_for(formats.date_format(when, "l j F Y"), lang),
            "plans": selectors.plans_of(centre=centre) if manager else None,
            "max_counters": services.PLAN_MAX_COUNTERS,
        },
    )


@login_required
@require_POST
def plan(request, centre_code):
    centre, staff = _centre(request, centre_code, can_set_plans)
    service = get_object_or_404(Service, code=request.POST.get("service", ""))
    try:
        services.plan_set(
            actor=staff,
            centre=centre,
            service=service,
            counters=param_int(request.POST, "counters", default=-1),
            walk_in_percent=param_int(request.POST, "walk_in_percent", default=-1),
            is_active=request.POST.get("is_active") == "on",
        )
    except (AppointmentError, BadInput) as refusal:
        messages.error(request, str(getattr(refusal, "message", "")) or _("Not saved."))
    else:
        messages.success(request, _("The appointment plan was saved."))
    return redirect(reverse("appointments-staff-day", args=[centre.code]) + "#plans")


class BookingDay(CentreView):
    """A centre's bookings of one local day per starting hour and state (counts only)."""

    allowed = staticmethod(can_see_bookings)

    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=[OpenApiParameter("date", str)])
    def get(self, request, code):
        when = param_date(request.query_params, "date", default=self.centre.service_day())
        data = selectors.bookings_per_hour(centre=self.centre, day=when)
        data["date"] = data["date"].isoformat()
        return Response(data)


class DeskCheckInInput(serializers.Serializer):
    reference = serializers.CharField(max_length=40)


class DeskCheckIn(CentreView):
    """An agent or supervisor of the centre checks in a booking ("B-…") or a place taken from
    home ("R-…") by the reference the citizen shows, with the kiosk's rules (audited)."""

    allowed = staticmethod(can_operate_counters)

    @extend_schema(
        request=DeskCheckInInput,
        responses=inline_serializer(
            "DeskCheckedIn",
            {
                "kind": serializers.ChoiceField(choices=["booking", "remote"]),
                "late": serializers.BooleanField(),
                "created": serializers.BooleanField(),
                "number": serializers.CharField(),
                "detail": serializers.CharField(),
                "ticket": serializers.DictField(),
            },
        ),
    )
    def post(self, request, code):
        body = self.valid(DeskCheckInInput, request.data)
        language = self.staff.language
        with translation.override(language):
            result = desk.desk_check_in(
                actor=self.staff, centre=self.centre, reference=body["reference"]
            )
            ticket = Ticket.objects.select_related(
                "centre", "service", "bundle", "priority", "counter"
            ).get(pk=result.ticket.pk)
            number = ticket.number_in(language)
            if not result.created:
                detail = _("Already checked in: ticket %(number)s.")
            elif result.late:
                detail = _("The booked time has passed: walk-in ticket %(number)s, in turn.")
            elif result.kind == "remote":
                detail = _("Checked in: ticket %(number)s joins the queue.")
            else:
                detail = _("Checked in: ticket %(number)s, called close to the booked time.")
            data = {
                "kind": result.kind,
                "late": result.late,
                "created": result.created,
                "number": number,
                "detail": detail % {"number": f"\u2068{number}\u2069"},
                "ticket": ticket_data(ticket),
            }
        return Response(data, status=issued_status(result.created))
