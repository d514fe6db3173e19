"""Planner pages: a centre's day (managers of the centre, analysts) and the national sizing
table (analysts). Rendered on the server; the numbers come from `planning.staffing` and
`planning.sizing`, the same functions the API answers from."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from centre.models import Centre, Service
from nafitha.clients import PageThrottle
from nafitha.input import param_date, param_int
from planning import sizing, staffing
from planning.charts import hourly_chart
from scorecard.access import can_see_centre, can_see_national, staff_of
from scorecard.periods import parse_period

MAX_COUNTERS = 200


def what_if_request(params, centre: Centre, day: dt.date) -> staffing.Staffing | None:
    """The staffing the manager asks about (`counters`, `universal`), or None for none."""
    counters = param_int(params, "counters", maximum=MAX_COUNTERS)
    universal = param_int(params, "universal", default=0, maximum=MAX_COUNTERS)
    if counters is None and not universal:
        return None
    offered = frozenset(staffing.service_facts(centre).service_seconds)
    seated = staffing.current_staffing(centre, day, counters=counters)
    return staffing.with_extra_universal(seated, extra=universal, offered=offered)


def _too_often(request) -> bool:
    """Each plan runs a simulation: the pages share the API's per-client limit."""
    return not PageThrottle("planning").allow_request(request, None)


def _centre_for(request, centre_code: str) -> tuple[Centre, object]:
    staff = staff_of(request.user)
    centre = get_object_or_404(Centre, code=centre_code, is_active=True)
    if not can_see_centre(staff, centre):
        raise PermissionDenied
    return centre, staff


@login_required
def index(request):
    staff = staff_of(request.user)
    if can_see_national(staff):
        return redirect("planning:national")
    if staff is not None and staff.centre and can_see_centre(staff, staff.centre):
        return redirect("planning:centre", centre_code=staff.centre.code)
    raise PermissionDenied


@login_required
def centre_page(request, centre_code):
    centre, staff = _centre_for(request, centre_code)
    if _too_often(request):
        return render(request, "429.html", status=429)
    day = param_date(request.GET, "day", default=centre.service_day() + dt.timedelta(days=1))
    today = staffing.plan_day(centre=centre, day=day)
    asked = what_if_request(request.GET, centre, day)
    what_if = staffing.plan_day(centre=centre, day=day, staffing=asked) if asked else None
    rows = [
        {"today": h, "what_if": what_if.hours[i] if what_if else None}
        for i, h in enumerate(today.hours)
    ]
    return render(
        request,
        "planning/centre.html",
        {
            "staff": staff,
            "centre": centre,
            "day": day,
            "plan": today,
            "what_if": what_if,
            "rows": rows,
            "chart": hourly_chart(today.hours, available=today.staffing.size),
            "counters": request.GET.get("counters", ""),
            "universal": request.GET.get("universal", ""),
            "installed": centre.counters.count(),
        },
    )


@login_required
def training_page(request, centre_code):
    centre, staff = _centre_for(request, centre_code)
    if _too_often(request):
        return render(request, "429.html", status=429)
    day = param_date(request.GET, "day", default=centre.service_day() + dt.timedelta(days=1))
    options = staffing.training_options(centre=centre, day=day)
    services = Service.objects.in_bulk([o.service_id for o in options])
    return render(
        request,
        "planning/training.html",
        {
            "staff": staff,
            "centre": centre,
            "day": day,
            "options": [(o, services[o.service_id]) for o in options],
        },
    )


@login_required
def national_page(request):
    staff = staff_of(request.user)
    if not can_see_national(staff):
        raise PermissionDenied
    period = parse_period(request.GET.get("period"))
    return render(
        request,
        "planning/national.html",
        {"staff": staff, "period": period, "table": sizing.national_sizing(period)},
    )
