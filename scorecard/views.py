"""Pages: the manager's live dashboard and the national scorecard (table, centre card).

The dashboard page is a shell: its script renders the snapshots the socket pushes. The
scorecard pages are rendered on the server from the aggregates; exports come from the API.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from centre.models import Centre
from queueing.models import Counter
from scorecard.access import can_see_centre, can_see_national, staff_of
from scorecard.models import Framework
from scorecard.periods import parse_period, period_from_picker
from scorecard.selectors import appointment_figures, centre_card, load_framework, national


def _strings() -> dict[str, str]:
    """Words the dashboard script assembles at run time, in the page language."""
    return {
        **{f"reason_{value}": str(label) for value, label in Counter.PauseReason.choices},
        "busy": _("Busy"),
        "idle": _("Idle"),
        "paused": _("Paused"),
        "closed": _("Closed"),
        "green": _("On target"),
        "amber": _("Near target"),
        "red": _("Past target"),
        "overdue": _("%(service)s: longest wait %(wait)s, past the %(target)s min target"),
        "uncovered": _("%(service)s: no certified employee at an open counter"),
        "idle_alert": _("Counter %(counter)s idle for %(wait)s while people wait"),
        "no_alerts": _("No alerts."),
        "nobody": _("—"),
        "min": _("min"),
        "arrivals": _("Arrivals"),
        "served": _("Served"),
        "hour": _("Hour of the day"),
        "per_hour": _("number of people per hour of the day"),
        "offline": _("Connection lost. Reconnecting…"),
    }


def _leader(request):
    staff = staff_of(request.user)
    if staff is None:
        raise PermissionDenied
    return staff


@login_required
def dashboard_index(request):
    """Managers and supervisors go to their centre; analysts pick one."""
    staff = _leader(request)
    if can_see_national(staff):
        centres = Centre.objects.filter(is_active=True).order_by("code")
        chosen = centres.filter(code=request.GET.get("centre", "")).first()
        if chosen is not None:  # the dashboard's centre picker, which works without script
            return redirect("scorecard:dashboard", centre_code=chosen.code)
        return render(
            request, "scorecard/dashboard_index.html", {"centres": centres, "staff": staff}
        )
    if staff.centre and can_see_centre(staff, staff.centre):
        return redirect("scorecard:dashboard", centre_code=staff.centre.code)
    raise PermissionDenied


@login_required
def dashboard(request, centre_code):
    staff = _leader(request)
    centre = get_object_or_404(Centre, code=centre_code, is_active=True)
    if not can_see_centre(staff, centre):
        raise PermissionDenied
    config = {
        "centre": centre.code,
        "socket": f"/ws/dashboard/{centre.code}/",
        "lang": translation.get_language(),
        "strings": _strings(),
    }
    centres = (
        Centre.objects.filter(is_active=True).order_by("code") if can_see_national(staff) else []
    )
    period = parse_period(None, centre.service_day())  # this month, from the daily rows
    return render(
        request,
        "scorecard/dashboard.html",
        {
            "centre": centre,
            "config": config,
            "centres": centres,
            "staff": staff,
            "appointments": appointment_figures(centre, period),
            "appointments_period": period,
        },
    )


def _query(request):
    """The period from the picker (kind + a day in it), else from a `period` key in a link."""
    if "kind" in request.GET:
        period = period_from_picker(request.GET["kind"], request.GET.get("on"))
    else:
        period = parse_period(request.GET.get("period"))
    return period, load_framework(request.GET.get("framework") or None)


@login_required
def national_page(request):
    staff = _leader(request)
    if not can_see_national(staff):
        if staff.centre and can_see_centre(staff, staff.centre):
            return redirect("scorecard:centre", centre_code=staff.centre.code)
        raise PermissionDenied
    period, spec = _query(request)
    size = request.GET.get("class", "")
    table = [r for r in national(period, spec) if not size or r["centre"]["size_class"] == size]
    return render(
        request,
        "scorecard/national.html",
        {
            "staff": staff,
            "period": period,
            "spec": spec,
            "table": table,
            "size": size,
            "size_classes": Centre.SizeClass.choices,
            "frameworks": Framework.objects.all(),
            "query": request.GET.urlencode(),
            "stars_range": range(1, 8),
        },
    )


def trend_svg(points: list[dict], width: int = 640, height: int = 180) -> dict:
    """Coordinates of the score trend for an inline SVG line chart."""
    pad, step = 30, (width - 60) / max(1, len(points) - 1)
    dots = [
        {
            "x": round(pad + i * step, 1),
            "y": round(height - pad - (p["score"] or 0) * (height - 2 * pad) / 100, 1),
            "score": p["score"],
            "period": p["period"],
        }
        for i, p in enumerate(points)
    ]
    line = " ".join(f"{d['x']},{d['y']}" for d in dots if d["score"] is not None)
    return {
        "width": width,
        "height": height,
        "dots": dots,
        "line": line,
        "pad": pad,
        "grid": [
            {"y": round(height - pad - v * (height - 2 * pad) / 100, 1), "v": v}
            for v in (0, 50, 100)
        ],
    }


@login_required
def centre_page(request, centre_code):
    staff = _leader(request)
    centre = get_object_or_404(Centre, code=centre_code)
    if not can_see_centre(staff, centre):
        raise PermissionDenied
    period, spec = _query(request)
    card = centre_card(centre, period, spec)
    return render(
        request,
        "scorecard/centre.html",
        {
            "staff": staff,
            "centre": centre,
            "card": card,
            "period": period,
            "spec": spec,
            "trend": trend_svg(card["trend"]),
            "query": request.GET.urlencode(),
            "national": can_see_national(staff),
            "stars_range": range(1, 8),
        },
    )
