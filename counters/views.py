"""The counter console and the supervisor view. Both pages are thin shells: their script
loads the state from the API and acts through it, so the server always holds the truth."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from appointments.scan import scan_config
from centre.models import Centre
from nafitha.errors import message_of
from nafitha.middleware import camera_allowed
from nafitha.plurals import plural_forms
from queueing.models import Counter, Ticket, TicketStep
from staff.access import can_operate_counters, can_supervise, can_watch_counters, staff_of


def _strings() -> dict:
    """Words the page scripts put together at run time, in the page language."""
    return {
        **{f"state_{value}": str(label) for value, label in Counter.State.choices},
        **{f"reason_{value}": str(label) for value, label in Counter.PauseReason.choices},
        **{f"status_{value}": str(label) for value, label in Ticket.Status.choices},
        **{f"outcome_{value}": str(label) for value, label in TicketStep.Outcome.choices},
        "nobody_waiting": _("Nobody is waiting for your services."),
        "confirm_call_next": _(
            "Ticket %(number)s is still at your counter. How did its service end? "
            "The next citizen is called once you choose."
        ),
        "confirm_no_show": _(
            "Mark ticket %(number)s as a no-show? The citizen leaves the queue and must take "
            "a new ticket."
        ),
        "no_show_too_early": message_of("no_show_too_early"),
        "counter_name": _("Counter %(number)s"),
        "done_call_next": _("Ticket %(number)s called."),
        "done_recall": _("Ticket %(number)s called again."),
        "done_start": _("Service of ticket %(number)s started."),
        "done_complete": _("Ticket %(number)s completed."),
        "done_no_show": _("Ticket %(number)s marked as a no-show."),
        "done_transfer": _("Ticket %(number)s transferred."),
        "done_add_service": _("Service added to ticket %(number)s."),
        "done_return": _("Ticket %(number)s returned to the queue."),
        "done_open": _("Counter opened."),
        "done_pause": _("Counter paused."),
        "done_resume": _("Counter open again."),
        "done_close": _("Counter closed."),
        "offline": _("Connection lost. Reconnecting… your current ticket is kept."),
        "superseded": message_of("console_superseded"),
        "error": _("Something went wrong. Please try again."),
        "step": _("Step %(position)s of %(count)s"),
        "called_times": _("Called %(count)s times"),
        "no_ticket": _("No ticket at the counter."),
        "free": _("free"),
        "yours": _("your counter"),
        "none": _("—"),
        "minutes": plural_forms(ngettext_lazy("%(n)s minute", "%(n)s minutes", "n")),
    }


def _config(request, centre: Centre, **extra) -> dict:
    return {
        "centre": centre.code,
        "api": f"/api/v1/centres/{centre.code}/",
        "socket": f"/ws/counter/{centre.code}/",
        "csrf": get_token(request),
        "lang": translation.get_language(),
        "poll_seconds": settings.COUNTERS_POLL_SECONDS,
        "no_show_after_calls": settings.NAFITHA_NO_SHOW_AFTER_CALLS,
        "strings": _strings(),
        **extra,
    }


@login_required
@camera_allowed  # the check-in card reads QR codes with the camera (static/nafitha/qr_scan.js)
def console(request, centre_code):
    centre = get_object_or_404(Centre, code=centre_code, is_active=True)
    staff = staff_of(request.user)
    if not can_operate_counters(staff, centre):
        raise PermissionDenied
    return render(
        request,
        "counters/console.html",
        {
            "centre": centre,
            "staff": staff,
            "outcomes": TicketStep.Outcome.choices,
            "reasons": [
                c for c in Counter.PauseReason.choices if c[0] != Counter.PauseReason.OTHER
            ],
            "config": _config(
                request, centre, supervisor=can_supervise(staff, centre), scan=scan_config()
            ),
        },
    )


@login_required
def supervisor(request, centre_code):
    centre = get_object_or_404(Centre, code=centre_code, is_active=True)
    staff = staff_of(request.user)
    if not can_watch_counters(staff, centre):
        raise PermissionDenied
    return render(
        request,
        "counters/supervisor.html",
        {
            "centre": centre,
            "staff": staff,
            "config": _config(request, centre, can_act=can_supervise(staff, centre)),
        },
    )
