"""The public booking page (phone-first, Arabic and English) and the kiosk check-in screen.

The booking page is plain HTML forms over the same services as the API: choose the centre
and service, add other services of the centre to the same visit (or take a bundle that
starts with it), a day and a time, receive a code, confirm; then the reference and its QR code,
which is shown once and sent by SMS. References are posted, never put in a URL.
"""

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from appointments import selectors, services
from appointments.api import qr_data_uri
from appointments.errors import AppointmentError
from appointments.models import AppointmentPlan
from appointments.scan import scan_config
from centre.models import Bundle, Centre, CentreService
from kiosk.views import STRINGS as KIOSK_STRINGS
from nafitha.arabic import digits_for
from nafitha.clients import PageThrottle
from nafitha.errors import Refusal
from nafitha.input import BadInput, param_date, param_int
from nafitha.middleware import camera_allowed
from nafitha.pages import public_language, render_public
from nafitha.phones import jordan_mobile


def _plans():
    return (
        AppointmentPlan.objects.filter(is_active=True, centre__is_active=True)
        .select_related("centre", "service")
        .order_by("centre__code", "service__code")
    )


def _choices(plan: AppointmentPlan, lang: str, data) -> dict:
    """What may join the plan's service in one visit: the centre's other offered services
    (ticked ones are `also`), and the bundles that start with it and are all offered there."""
    centre = plan.centre
    offered = {
        o.service_id: o.service
        for o in CentreService.objects.filter(
            centre=centre, is_active=True, service__is_active=True
        ).select_related("service__department")
    }
    also = [code for code in data.getlist("also")[: selectors.MAX_VISIT_SERVICES] if code]
    # Grouped by department, the plan's own department first (what is most often combined).
    departments: dict[int, dict] = {}
    home = plan.service.department_id
    for s in sorted(offered.values(), key=lambda s: (s.department_id != home, s.code)):
        if s.pk != plan.service_id:
            group = departments.setdefault(
                s.department_id, {"name": s.department.name_in(lang), "services": []}
            )
            group["services"].append(
                {"code": s.code, "name": s.name_in(lang), "checked": s.code in also}
            )
    extras = list(departments.values())
    bundles = []
    for bundle in Bundle.objects.filter(is_active=True).prefetch_related("items__service"):
        items = sorted(bundle.items.all(), key=lambda i: i.position)
        if (
            items
            and items[0].service_id == plan.service_id
            and all(i.service_id in offered for i in items)
        ):
            bundles.append({"code": bundle.code, "name": bundle.name_in(lang)})
    bundle = data.get("bundle", "")[:60]
    if bundle and bundle not in {b["code"] for b in bundles}:
        raise BadInput("parameter_invalid", name="bundle")
    query = [("also", code) for code in also] if not bundle else [("bundle", bundle)]
    return {
        "extras": extras,
        "bundles": bundles,
        "bundle": bundle,
        "also": also if not bundle else [],
        "visit_query": ("&" + urlencode(query)) if query else "",
    }


def _visit(plan: AppointmentPlan, choices: dict) -> selectors.Visit:
    if choices["bundle"]:
        return selectors.visit_for(centre=plan.centre, bundle_code=choices["bundle"])
    codes = [plan.service.code, *choices["also"]]
    return selectors.visit_for(centre=plan.centre, service_codes=codes)


def _days(plan: AppointmentPlan, visit: selectors.Visit, lang: str) -> list[dict]:
    """The next days with a free place, as links."""
    centre, service = plan.centre, plan.service
    slots = selectors.slots_for(
        centre=centre,
        service=service,
        first=centre.service_day(),
        days=settings.NAFITHA_BOOKING["horizon_days"] + 1,
        length=visit.length,
    )
    days = sorted({s.starts_at.astimezone(centre.tz).date() for s in slots if s.free})
    with translation.override(lang):
        from django.utils import formats

        return [
            {"iso": d.isoformat(), "label": digits_for(formats.date_format(d, "l j F"), lang)}
            for d in days
        ]


def _times(plan: AppointmentPlan, visit: selectors.Visit, day: dt.date, lang: str) -> list[dict]:
    centre = plan.centre
    slots = selectors.slots_for(centre=centre, service=plan.service, first=day, length=visit.length)
    return [
        {
            "value": s.starts_at.isoformat(),
            "label": centre.clock(s.starts_at, lang),
        }
        for s in slots
        if s.free
    ]


def _throttled(request, scope: str) -> bool:
    return not PageThrottle(scope).allow_request(request, None)


@require_http_methods(["GET", "POST"])
def book(request):
    lang = public_language(request)
    data = request.POST if request.method == "POST" else request.GET
    plans = list(_plans())
    context = {"plans": plans, "step": "choose"}
    plan_id = param_int(data, "plan")
    plan = next((p for p in plans if p.pk == plan_id), None)
    if plan_id is not None and plan is None:
        raise BadInput("parameter_invalid", name="plan")
    if plan is None:
        return render_public(request, "appointments/book.html", context, language=lang)
    choices = _choices(plan, lang, data)
    context.update(choices, plan=plan, step="day")
    try:
        with translation.override(lang):
            visit = _visit(plan, choices)
    except Refusal as exc:
        context.update(error=exc.detail, days=[])
        return render_public(
            request, "appointments/book.html", context, language=lang, status=exc.status
        )
    context.update(
        visit_names=[s.name_in(lang) for s in visit.services],
        visit_count=digits_for(str(len(visit.services)), lang),
        visit_minutes=digits_for(str(int(visit.length.total_seconds() // 60)), lang),
        days=_days(plan, visit, lang),
    )
    day = param_date(data, "day")
    if day is None:
        return render_public(request, "appointments/book.html", context, language=lang)
    context.update(day=day.isoformat(), times=_times(plan, visit, day, lang), step="time")
    if request.method == "GET":
        return render_public(request, "appointments/book.html", context, language=lang)
    context.update(
        slot=request.POST.get("slot", ""),
        phone=request.POST.get("phone", "")[:30],
    )
    try:
        with translation.override(lang):
            return _post(request, context, plan, visit, lang)
    except Refusal as exc:
        context["error"] = exc.detail
        return render_public(
            request, "appointments/book.html", context, language=lang, status=exc.status
        )


def _post(request, context: dict, plan: AppointmentPlan, visit: selectors.Visit, lang: str):
    action = request.POST.get("action")
    if _throttled(request, "booking_code" if action == "code" else "booking_write"):
        context["error"] = _("Too many requests. Please wait a moment and try again.")
        return render_public(request, "appointments/book.html", context, language=lang, status=429)
    try:
        phone = jordan_mobile(context["phone"])
    except Exception:
        raise AppointmentError("phone_invalid") from None
    try:
        starts_at = dt.datetime.fromisoformat(context["slot"])
    except ValueError:
        raise AppointmentError("slot_unknown") from None
    if starts_at.tzinfo is None:
        raise AppointmentError("slot_unknown")
    if action == "code":
        services.code_send(phone=phone, language=lang)
        context["step"] = "code"
        return render_public(request, "appointments/book.html", context, language=lang)
    context["step"] = "code"
    booked = services.booking_create(
        centre=plan.centre,
        visit=visit,
        starts_at=starts_at,
        phone=phone,
        code=request.POST.get("code", "")[:12],
        language=lang,
    )
    context.update(
        step="done",
        reference=booked.reference,
        qr=qr_data_uri(booked.reference),
        when=services.when_text(booked.booking, lang),
        services_text=booked.booking.services_text(lang),
    )
    return render_public(request, "appointments/book.html", context, language=lang, status=201)


@require_http_methods(["GET", "POST"])
def manage(request):
    """Look a booking up by its reference, and cancel it."""
    lang = public_language(request)
    context = {}
    if request.method == "POST":
        reference = request.POST.get("reference", "")[:40]
        context["reference"] = reference
        try:
            with translation.override(lang):
                if _throttled(request, "booking_lookup"):
                    raise AppointmentError("booking_unknown")
                if request.POST.get("action") == "cancel":
                    booking = services.booking_cancel(reference=reference)
                    context["cancelled"] = True
                else:
                    booking = selectors.booking_by_reference(reference=reference)
                context.update(
                    booking=booking,
                    when=services.when_text(booking, lang),
                    services_text=booking.services_text(lang),
                )
        except Refusal as exc:
            context["error"] = exc.detail
            return render_public(
                request, "appointments/manage.html", context, language=lang, status=exc.status
            )
    return render_public(request, "appointments/manage.html", context, language=lang)


@require_GET
@camera_allowed  # QR codes are read with the kiosk's camera (static/nafitha/qr_scan.js)
def kiosk_check_in(request, centre_code):
    """The kiosk's check-in screen: type the reference, scan it with a scanner that types,
    or show its QR code to the camera; its script calls the API and prints the ticket."""
    centre = get_object_or_404(Centre, code=centre_code, is_active=True)
    lang = public_language(request)
    with translation.override(lang):
        config = {
            "centre": centre.code,
            "language": lang,
            "strings": {
                "checking": _("Checking your booking…"),
                "network": _(
                    "The connection to the centre's system is lost. Please try again in a moment."
                ),
                "no_device": _("This kiosk is not registered. Please ask the reception desk."),
                "error": _("Sorry, the check-in did not work. Please ask the reception desk."),
                "printing": str(KIOSK_STRINGS["printing"]),
                "printer_failed": str(KIOSK_STRINGS["printer_failed"]),
            },
            "scan": scan_config(),
        }
    context = {"centre": centre, "kiosk_url": f"/kiosk/{centre.code}/", "config": config}
    return render_public(request, "appointments/check_in.html", context, language=lang)
