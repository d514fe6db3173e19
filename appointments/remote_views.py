"""Public pages of remote tickets and of the quickest centre (phone first, Arabic and English).

`/book/remote/`: choose the centre and service, give the number and the travel time, receive a
code, confirm; then the reference and its QR code (shown once, sent by SMS) and a link to the
page that says when to leave (`/book/remote/<token>/`: the token opens only that page, where
a pending place can also be given up, after a confirmation).
`/quickest/`: every centre offering a service with its current wait, quickest first.
"""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from appointments import remote, remote_selectors
from appointments.api import qr_data_uri
from appointments.errors import AppointmentError
from appointments.models import RemoteTicket
from appointments.services import code_send
from appointments.views import _throttled
from centre.models import Service
from nafitha.arabic import digits_for
from nafitha.clients import client_key
from nafitha.errors import Refusal
from nafitha.input import BadInput, param_int
from nafitha.pages import public_language, render_public
from nafitha.phones import jordan_mobile

REMOTE = "appointments/remote.html"
REMOTE_TRACK = "appointments/remote_track.html"


@require_http_methods(["GET", "POST"])
def remote_join(request):
    lang = public_language(request)
    data = request.POST if request.method == "POST" else request.GET
    plans = list(remote_selectors.remote_plans())
    context = {"plans": plans, "step": "choose"}
    plan_id = param_int(data, "plan")
    plan = next((p for p in plans if p.pk == plan_id), None)
    if plan_id is not None and plan is None:
        raise BadInput("parameter_invalid", name="plan")
    context["plan"] = plan
    if plan is None or request.method == "GET":
        return render_public(request, REMOTE, context, language=lang)
    context.update(
        phone=request.POST.get("phone", "")[:30],
        travel=request.POST.get("travel", "0")[:4],
        step="details",
    )
    try:
        with translation.override(lang):
            return _post(request, context, plan, lang)
    except Refusal as exc:
        context["error"] = exc.message
        return render_public(request, REMOTE, context, language=lang, status=exc.status)


def _post(request, context, plan, lang):
    action = request.POST.get("action")
    if _throttled(request, "booking_code" if action == "code" else "booking_write"):
        context["error"] = _("Too many requests. Please wait a moment and try again.")
        return render_public(request, REMOTE, context, language=lang, status=429)
    try:
        phone = jordan_mobile(context["phone"])
    except Exception:
        raise AppointmentError("phone_invalid") from None
    travel = context["travel"].strip()
    if not travel.isascii() or not travel.isdigit():
        raise AppointmentError("travel_invalid")
    if action == "code":
        code_send(phone=phone, language=lang)
        context["step"] = "code"
        return render_public(request, REMOTE, context, language=lang)
    context["step"] = "code"
    taken = remote.remote_create(
        centre=plan.centre,
        service=plan.service,
        phone=phone,
        code=request.POST.get("code", "")[:12],
        travel_minutes=int(travel),
        language=lang,
        client=client_key(request),
    )
    context.update(
        step="done",
        reference=taken.reference,
        qr=qr_data_uri(taken.reference),
        remote=taken.remote,
        until=plan.centre.clock(taken.remote.expires_at, lang),
    )
    return render_public(request, REMOTE, context, language=lang, status=201)


@require_http_methods(["GET", "POST"])
def remote_track(request, token):
    """When to leave: the service's wait range now, less the travel time given. A pending
    place can be given up here: a first POST asks for confirmation, the second cancels."""
    lang = public_language(request)
    place = remote_selectors.remote_by_token(token=token[:40])
    if place is None:
        raise Http404
    context, status = {}, 200
    if request.method == "POST" and request.POST.get("action") == "cancel":
        if request.POST.get("confirm") != "yes":
            context["confirm_cancel"] = True
        elif _throttled(request, "booking_write"):
            with translation.override(lang):
                context["error"] = _("Too many requests. Please wait a moment and try again.")
            status = 429
        else:
            try:
                with translation.override(lang):
                    remote.remote_cancel(token=place.token)
                context["cancelled"] = True
            except Refusal as exc:
                with translation.override(lang):
                    context["error"] = str(exc.message)
                status = exc.status
            place = remote_selectors.remote_by_token(token=place.token)
    return render_public(
        request,
        REMOTE_TRACK,
        {**_track_context(place, lang), **context},
        language=lang,
        status=status,
    )


def _track_context(place: RemoteTicket, lang: str) -> dict:
    refresh = max(5, settings.NAFITHA_REMOTE_QUEUE["refresh_seconds"])
    return {"place": place, "refresh": refresh, **remote_selectors.track_state(place, lang)}


@require_GET
def quickest(request):
    """Choose a service; the centres offering it, quickest first (30 s cache)."""
    lang = public_language(request)
    services = list(Service.objects.filter(is_active=True).order_by("code"))
    code = request.GET.get("service", "")[:60]
    context = {"services": services, "code": code}
    if code:
        if _throttled(request, "public_read"):
            context["error"] = _("Too many requests. Please wait a moment and try again.")
            return render_public(
                request, "appointments/quickest.html", context, language=lang, status=429
            )
        try:
            with translation.override(lang):
                service = remote_selectors.quickest_service(code)
        except Refusal as exc:
            context["error"] = exc.message
            return render_public(
                request, "appointments/quickest.html", context, language=lang, status=exc.status
            )
        context["service"] = service
        context["rows"] = [
            {
                "row": row,
                "name": row.name_in(lang),
                "low": digits_for(str(row.wait_low), lang) if row.wait_low is not None else None,
                "high": digits_for(str(row.wait_high), lang) if row.wait_high is not None else None,
            }
            for row in remote_selectors.quickest_centres(service=service)
        ]
    return render_public(request, "appointments/quickest.html", context, language=lang)
