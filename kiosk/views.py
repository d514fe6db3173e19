"""The kiosk touch page, and the ticket as PDF (for printing) and QR code (for the screen)."""

import segno
from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import npgettext_lazy, pgettext, pgettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from centre.models import Bundle, Centre, Service
from kiosk.pdf import (
    ahead_text,
    feedback_text,
    feedback_url,
    issued_text,
    ticket_pdf,
    ticket_print_data,
    tracking_url,
    wait_text,
)
from nafitha.plurals import plural_forms
from queueing.engine import SELF_DECLARED_PRIORITIES
from queueing.models import PriorityClass, Ticket

# Everything the page says, in both languages, so switching language needs no reload.
STRINGS = {
    "welcome": pgettext_lazy("kiosk", "Welcome. Choose a department, or search for a service."),
    "search": pgettext_lazy("kiosk", "Search for a service"),
    "keyboard": pgettext_lazy("kiosk", "Keyboard"),
    "space": pgettext_lazy("kiosk", "Space"),
    "departments": pgettext_lazy("kiosk", "Departments"),
    "bundles": pgettext_lazy("kiosk", "Service bundles"),
    "bundle_hint": pgettext_lazy("kiosk", "Several services in one visit, with one ticket."),
    "back": pgettext_lazy("kiosk", "Back"),
    "start_over": pgettext_lazy("kiosk", "Start over"),
    "waiting": pgettext_lazy("kiosk", "Waiting: %(n)s"),
    "wait_unknown": pgettext_lazy("kiosk", "Expected wait: not available"),
    "wait_no_counter": pgettext_lazy(
        "kiosk", "No estimate of the wait: no counter for this service is open now"
    ),
    "no_results": pgettext_lazy("kiosk", "No service matches your search."),
    "documents": pgettext_lazy("kiosk", "Bring these documents"),
    "no_documents": pgettext_lazy("kiosk", "No documents are needed."),
    "conditions": pgettext_lazy("kiosk", "Conditions"),
    "fee": pgettext_lazy("kiosk", "Fee"),
    "fee_free": pgettext_lazy("kiosk", "Free of charge"),
    "fee_variable": pgettext_lazy("kiosk", "Variable fee"),
    "fee_amount": pgettext_lazy("kiosk", "%(n)s JOD"),
    "have_documents": pgettext_lazy("kiosk", "I have the documents — continue"),
    "missing_documents": pgettext_lazy("kiosk", "I don't have all the documents — print the list"),
    "checklist_printing": pgettext_lazy(
        "kiosk",
        "The list of documents is printing. Please take it, and come back with them. "
        "No ticket was taken.",
    ),
    "priority": pgettext_lazy("kiosk", "Do you need priority service?"),
    "priority_none": pgettext_lazy("kiosk", "No"),
    "phone": pgettext_lazy(
        "kiosk", "Mobile number (optional) — we send a message when your turn is near"
    ),
    "phone_privacy": pgettext_lazy(
        "kiosk",
        "Your number is used only for messages about this ticket, and is erased after your visit.",
    ),
    "priority_chosen": pgettext_lazy("kiosk", "Priority service: %(name)s"),
    "accessible": pgettext_lazy("kiosk", "Larger text and contrast"),
    "guidance": pgettext_lazy("kiosk", "Spoken guidance"),
    "guidance_hint": pgettext_lazy(
        "kiosk",
        "Spoken guidance: reads each screen and button aloud. "
        "Tap a button once to hear it, and again to choose it.",
    ),
    "phone_invalid": pgettext_lazy(
        "kiosk", "Enter a mobile number like 07XXXXXXXX, or leave it empty."
    ),
    "clear": pgettext_lazy("kiosk", "Clear"),
    "delete": pgettext_lazy("kiosk", "Delete"),
    "confirm": pgettext_lazy("kiosk", "Take my ticket"),
    "issuing": pgettext_lazy("kiosk", "Issuing your ticket…"),
    "your_number": pgettext_lazy("kiosk", "Your number"),
    "ahead": pgettext_lazy("kiosk", "People ahead of you: %(n)s"),
    "printing": pgettext_lazy("kiosk", "Your ticket is printing. Please take it."),
    "printer_failed": pgettext_lazy(
        "kiosk", "The printer is not working. Please remember your number or take a photo."
    ),
    "scan": pgettext_lazy("kiosk", "Scan to follow your turn on your phone"),
    "done": pgettext_lazy("kiosk", "Done"),
    "closed": pgettext_lazy(
        "kiosk", "The centre is closed now. Please come back during opening hours."
    ),
    "holiday": pgettext_lazy(
        "kiosk",
        "The centre is closed today for a public holiday (%(name)s). "
        "Please come back on a working day.",
    ),
    "daily_cap_reached": pgettext_lazy(
        "kiosk", "No more tickets can be issued for this service today."
    ),
    "network": pgettext_lazy(
        "kiosk", "The connection to the centre's system is lost. Please try again in a moment."
    ),
    "throttled": pgettext_lazy("kiosk", "Too many requests. Please wait a moment and try again."),
    "error": pgettext_lazy(
        "kiosk", "Sorry, the ticket could not be issued. Please ask the reception desk."
    ),
    "try_again": pgettext_lazy("kiosk", "Try again"),
    "offline": pgettext_lazy("kiosk", "No connection"),
}


# Texts with a count, sent with every plural form (the page picks one with Intl.PluralRules).
PLURALS = {
    "wait_estimate": npgettext_lazy(
        "kiosk", "Expected wait: about %(n)s minute", "Expected wait: about %(n)s minutes", "n"
    ),
    # A service's wait as a range of minutes; the form follows the higher number.
    "wait_range": npgettext_lazy(
        "kiosk",
        "Expected wait: %(low)s–%(n)s minute",
        "Expected wait: %(low)s–%(n)s minutes",
        "n",
    ),
    "wait_up_to": npgettext_lazy(
        "kiosk", "Expected wait: up to %(n)s minute", "Expected wait: up to %(n)s minutes", "n"
    ),
}


def _strings() -> dict[str, dict]:
    result = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            result[code] = {key: str(text) for key, text in STRINGS.items()}
            result[code].update({key: plural_forms(text) for key, text in PLURALS.items()})
    return result


@require_GET
def kiosk(request, centre_code):
    centre = get_object_or_404(Centre, code=centre_code, is_active=True)
    priorities = [
        {"code": p.code, "ar": p.name_ar, "en": p.name_en}
        for p in PriorityClass.objects.filter(code__in=SELF_DECLARED_PRIORITIES, is_active=True)
    ]
    config = {
        "centre": centre.as_json(),
        "priorities": priorities,
        "idle_seconds": settings.NAFITHA_KIOSK_IDLE_SECONDS,
        # Spoken guidance (kiosk.speech): the WAV of a key the server writes.
        "speech_url": reverse("api-kiosk-speech", args=[centre.code]),
        "strings": _strings(),
    }
    return render(request, "kiosk/kiosk.html", {"centre": centre, "config": config})


@require_GET
@xframe_options_sameorigin  # the kiosk page prints it from a hidden frame
@csp_replace({"frame-ancestors": ["'self'"]})
def ticket_pdf_view(request, token):
    ticket = get_object_or_404(
        Ticket.objects.select_related("centre", "bundle", "priority"), token=token
    )
    response = HttpResponse(ticket_pdf(ticket), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ticket-{ticket.display_number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@xframe_options_sameorigin  # the kiosk page prints it from a hidden frame
@csp_replace({"frame-ancestors": ["'self'"]})
def ticket_print_view(request, token):
    """The ticket as a page to print, with what the PDF shows. The kiosk prints this page,
    not the PDF: Chromium's PDF viewer crashed the kiosk tab when asked to print from a
    hidden frame, and a page prints the same on an 80 mm roll (docs/kiosk.md)."""
    ticket = get_object_or_404(
        Ticket.objects.select_related("centre", "bundle", "priority"), token=token
    )
    data = ticket_print_data(ticket)
    with translation.override(data.language):
        context = {
            "ticket": data,
            "token": ticket.token,
            "title": pgettext("ticket", "Ticket %(number)s") % {"number": data.number},
            "queue_ticket": pgettext("ticket", "Queue ticket"),
            "your_number": pgettext("ticket", "Your number"),
            "priority": pgettext("ticket", "Priority: %(name)s") % {"name": data.priority}
            if data.priority
            else "",
            "ahead": ahead_text(data) if data.position is not None else "",
            "wait": wait_text(data.wait_seconds, data.language),
            "issued": issued_text(data),
            "scan": pgettext("ticket", "Scan to follow your turn on your phone"),
            "feedback": feedback_text(),
        }
        response = render(request, "kiosk/ticket_print.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@xframe_options_sameorigin  # the kiosk page prints it from a hidden frame
@csp_replace({"frame-ancestors": ["'self'"]})
def checklist_print_view(request, centre_code):
    """The documents to bring for the services offered here (`?service=` codes, or
    `?bundle=`), as a page to print: for a citizen who has not brought them all yet."""
    centre = get_object_or_404(Centre, code=centre_code, is_active=True)
    language = "en" if request.GET.get("lang") == "en" else "ar"
    offered = Service.objects.filter(offers__centre=centre, offers__is_active=True, is_active=True)
    bundle_code = request.GET.get("bundle")
    if bundle_code:
        bundle = get_object_or_404(Bundle, code=bundle_code, is_active=True)
        services = [s for s in bundle.ordered_services() if offered.filter(pk=s.pk).exists()]
    else:
        codes = request.GET.getlist("service")[:10]
        by_code = {s.code: s for s in offered.filter(code__in=codes)}
        services = [by_code[code] for code in codes if code in by_code]
    if not services:
        raise Http404
    with translation.override(language):
        context = {
            "language": language,
            "centre_name": centre.name_in(language),
            "title": pgettext("checklist", "Documents to bring"),
            "documents_title": pgettext("kiosk", "Bring these documents"),
            "conditions_title": pgettext("kiosk", "Conditions"),
            "no_documents": pgettext("kiosk", "No documents are needed."),
            "come_back": pgettext(
                "checklist", "Come back with these documents and take a ticket at the kiosk."
            ),
            "services": [
                {
                    "name": s.name_in(language),
                    "documents": Service.localise(s.required_documents, language),
                    "conditions": Service.localise(s.conditions, language),
                }
                for s in services
            ],
        }
        response = render(request, "kiosk/checklist_print.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def ticket_qr_view(request, token):
    """The tracking QR code, or with `?for=feedback` the feedback one (printed ticket)."""
    ticket = get_object_or_404(Ticket, token=token)
    url = feedback_url(ticket) if request.GET.get("for") == "feedback" else tracking_url(ticket)
    response = HttpResponse(content_type="image/svg+xml")
    segno.make(url, error="m").save(response, kind="svg", scale=8, border=2)
    return response
