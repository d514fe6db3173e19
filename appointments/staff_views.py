"""Staff pages of the booking channel: the day's bookings per hour for the centre's
supervisors and managers (counts only, no names or numbers), and the appointment plans
the centre's manager sets. The API view answers the same counts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from appointments import selectors, services
from appointments.errors import AppointmentError
from appointments.services import local_digits
from centre.models import Centre, Service
from counters.api import CentreView
from nafitha.input import BadInput, param_date, param_int
from staff.access import can_watch_counters, staff_of, works_at
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
        row["label"] = local_digits(row["hour"], lang)
    return render(
        request,
        "appointments/staff_day.html",
        {
            "centre": centre,
            "staff": staff,
            "day": figures,
            "day_title": local_digits(formats.date_format(when, "l j F Y"), lang),
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

    @extend_schema(parameters=[OpenApiParameter("date", str)])
    def get(self, request, code):
        when = param_date(request.query_params, "date", default=self.centre.service_day())
        data = selectors.bookings_per_hour(centre=self.centre, day=when)
        data["date"] = data["date"].isoformat()
        return Response(data)
