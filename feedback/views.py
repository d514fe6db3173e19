"""Pages of the citizen's voice: the feedback form behind the ticket link, the counter tablet,
complaints and their status page, the manager queue, evaluations and improvements.

Views are short: access check, one service call, redirect. Every page is rendered in the
citizen's language (`?lang=` or the ticket's), and all free text goes through autoescaping.
"""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centre.models import Centre
from feedback import access, forms, selectors, services
from feedback.api import ACTIONS
from feedback.errors import FeedbackError
from feedback.faces import FACES
from feedback.models import (
    CitizenRequest,
    EvaluationTemplate,
    FeedbackTablet,
    ImprovementAction,
    ServiceFeedback,
)
from nafitha.clients import PageThrottle
from nafitha.days import local_day
from nafitha.input import id_list
from nafitha.pages import public_language, render_public
from nafitha.text import strip_bidi_controls
from queueing.models import Ticket

LANGUAGES = ("ar", "en")


def _faces() -> list[dict]:
    labels = [
        _("Very dissatisfied"),
        _("Dissatisfied"),
        _("Neutral"),
        _("Satisfied"),
        _("Very satisfied"),
    ]
    return [{**face, "label": label} for face, label in zip(FACES, labels, strict=True)]


def _throttled(request, scope: str) -> bool:
    return not PageThrottle(scope).allow_request(request, None)


# --- Feedback after service ---------------------------------------------------------------


def visit_feedback(request, token):
    """The short form reachable from the tracking page and the printed QR."""
    ticket = Ticket.objects.filter(token=token).select_related("centre").first()
    if ticket is None:
        raise Http404
    language = public_language(request, ticket.language)
    context = {"ticket": ticket, "ticket_number": ticket.number_in(language)}
    try:
        step = services.link_target(ticket=ticket)
    except FeedbackError as exc:
        context["error"] = exc
        return render_public(
            request, "feedback/visit.html", context, language=language, status=exc.status
        )
    form = forms.FeedbackForm(request.POST or None)
    if request.method == "POST":
        if _throttled(request, "feedback_answer"):
            context["error"] = FeedbackError("throttled")
            return render_public(
                request, "feedback/visit.html", context, language=language, status=429
            )
        if form.is_valid():
            try:
                services.feedback_submit(
                    ticket=ticket,
                    step=step,
                    channel=ServiceFeedback.Channel.LINK,
                    **form.cleaned_data,
                )
            except FeedbackError as exc:
                context["error"] = exc
                return render_public(
                    request, "feedback/visit.html", context, language=language, status=exc.status
                )
            return render_public(
                request, "feedback/visit.html", {**context, "thanks": True}, language=language
            )
    context.update(form=form, step=step, scale=range(11))
    with translation.override(language):
        context["faces"] = _faces()
    return render_public(request, "feedback/visit.html", context, language=language)


def tablet(request, device_token):
    """The page a counter tablet keeps open; it waits on /ws/feedback/<device_token>/."""
    device = get_object_or_404(
        FeedbackTablet.objects.select_related("centre", "counter"),
        token=device_token,
        is_active=True,
    )
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            texts[language] = {
                "dir": "rtl" if language == "ar" else "ltr",
                "idle": _("Welcome"),
                "idle_hint": _("After your service, tell us how it went."),
                "question": _("How satisfied are you with the service?"),
                "faces": [face["label"] for face in _faces()],
                "recommend": _("How likely are you to recommend this centre to a friend?"),
                "not_likely": _("Not at all likely"),
                "very_likely": _("Extremely likely"),
                "comment": _("Comment (optional)"),
                "send": _("Send"),
                "skip": _("Skip"),
                "thanks": _("Thank you for your feedback!"),
                "ticket": _("Ticket"),
                "error": _("Sorry, your answer could not be saved."),
            }
    return render(
        request,
        "feedback/tablet.html",
        {
            "device": device,
            "faces": FACES,
            "scale": range(11),
            "texts": texts,
            "config": {
                "socket": f"/ws/feedback/{device.token}/",
                "answer": f"/api/v1/feedback/tablets/{device.token}/answers/",
                "thanksSeconds": settings.NAFITHA_FEEDBACK_THANKS_SECONDS,
                "promptSeconds": settings.NAFITHA_FEEDBACK_PROMPT_SECONDS,
            },
        },
    )


# --- Requests -----------------------------------------------------------------------------


def request_new(request):
    """Public form for complaints, suggestions, inquiries and reports.

    `?ticket=<token>` links it to a visit (tracking page, kiosk), `?centre=` preselects a centre.
    """
    language = public_language(request)
    initial = {
        "language": language,
        "ticket": request.GET.get("ticket", ""),
        "centre": request.GET.get("centre", ""),
        "kind": request.GET.get("kind", "complaint"),
    }
    form = forms.RequestForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if _throttled(request, "citizen_request"):
            messages.error(request, FeedbackError("throttled").message)
        elif form.is_valid():
            data = {**form.cleaned_data, "language": form.cleaned_data["language"] or language}
            req = services.request_submit(**data)
            return redirect(f"/complaints/{req.reference}/?lang={data['language']}&new=1")
    return render_public(request, "feedback/request_new.html", {"form": form}, language=language)


def request_lookup(request):
    reference = request.GET.get("reference", "").strip().upper()
    if reference:
        return redirect(f"/complaints/{reference}/?lang={public_language(request)}")
    return render_public(
        request, "feedback/request_lookup.html", {}, language=public_language(request)
    )


def request_status(request, reference):
    language = public_language(request)
    if _throttled(request, "request_status"):
        return render_public(
            request,
            "feedback/request_lookup.html",
            {"error": FeedbackError("throttled")},
            language=language,
            status=429,
        )
    req = selectors.request_by_reference(reference=reference)
    if req is None:
        return render_public(
            request,
            "feedback/request_lookup.html",
            {"error": FeedbackError("request_unknown")},
            language=language,
            status=404,
        )
    language = public_language(request, req.language)
    context = {"req": req, "new": request.GET.get("new") == "1"}
    return render_public(request, "feedback/request_status.html", context, language=language)


def _queue_user(request):
    if not access.can_use_request_queue(request.user):
        raise PermissionDenied
    return request.user


@login_required
def request_queue(request):
    user = _queue_user(request)
    filters = forms.QueueFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    department = data.get("department")
    requests = selectors.request_queue(
        user=user,
        status=data.get("status", ""),
        kind=data.get("kind", ""),
        department=department.code if department else "",
        overdue=data.get("overdue", False),
    )
    context = {
        "filters": filters,
        "requests": requests[:200],
        "figures": selectors.request_figures(access.visible_requests(user)),
        "now": timezone.now(),
        "query": request.GET.urlencode(),
    }
    return render(request, "feedback/queue.html", context)


@login_required
def request_export(request):
    """CSV of the visible requests: never the requester's personal data or free text."""
    user = _queue_user(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="requests.csv"'
    response.write("\ufeff")  # BOM, so spreadsheet programs read the Arabic correctly
    writer = csv.writer(response)
    writer.writerow(
        [
            "reference",
            "kind",
            "status",
            "centre",
            "department",
            "service",
            "received_at",
            "due_at",
            "answered_at",
            "closed_at",
            "escalation_level",
        ]
    )
    for r in access.visible_requests(user).select_related("centre", "department", "service"):
        writer.writerow(
            [
                r.reference,
                r.kind,
                r.status,
                r.centre.code if r.centre else "",
                r.department.code if r.department else "",
                r.service.code if r.service else "",
                r.received_at.isoformat(),
                r.due_at.isoformat(),
                r.answered_at.isoformat() if r.answered_at else "",
                r.closed_at.isoformat() if r.closed_at else "",
                r.escalation_level,
            ]
        )
    return response


def _handled_request(request, reference) -> CitizenRequest:
    req = access.visible_requests(_queue_user(request)).filter(reference=reference).first()
    if req is None:
        raise Http404
    return req


@login_required
def request_detail(request, reference):
    req = _handled_request(request, reference)
    context = {
        "req": req,
        "can_handle": access.can_handle(request.user, req),
        "show_personal": access.can_see_personal_data(request.user, req),
        "contact": getattr(req, "contact", None),
        "events": req.events.select_related("by"),
        "assign_form": forms.AssignForm(initial={"department": req.department}),
        "answer_form": forms.AnswerForm(),
        "reject_form": forms.RejectForm(),
    }
    return render(request, "feedback/request_detail.html", context)


@login_required
@require_POST
def request_act(request, reference, action):
    req = _handled_request(request, reference)
    if action not in ACTIONS or not access.can_handle(request.user, req):
        raise PermissionDenied
    form_class, service = ACTIONS[action]
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            service(request=req, by=request.user, **(form.cleaned_data if form else {}))
            messages.success(request, _("Saved."))
        except FeedbackError as exc:
            messages.error(request, exc.message)
    return redirect("feedback:request-detail", reference=req.reference)


# --- Improvements and evaluations -------------------------------------------------------------


@login_required
def improvements(request):
    if not access.can_manage_improvements(request.user):
        raise PermissionDenied
    staff_centre = getattr(getattr(request.user, "staff", None), "centre", None)
    requests = access.visible_requests(request.user).filter(
        kind__in=[CitizenRequest.Kind.COMPLAINT, CitizenRequest.Kind.SUGGESTION]
    )
    if request.method == "POST":
        title = strip_bidi_controls(request.POST.get("title", "")).strip()
        if not title:
            messages.error(request, _("Describe what changed."))
        else:
            services.improvement_record(
                title=title[:200],
                description=strip_bidi_controls(
                    request.POST.get("description", ""), keep_marks=True
                )[:4000],
                centre=staff_centre,
                requests=requests.filter(
                    pk__in=id_list(request.POST.getlist("requests"), "requests")
                ),
                feedback=ServiceFeedback.objects.filter(
                    pk__in=id_list(request.POST.getlist("feedback"), "feedback"),
                    **({"centre": staff_centre} if staff_centre else {}),
                ),
                by=request.user,
            )
            messages.success(request, _("Saved."))
            return redirect("feedback:improvements")
    actions = ImprovementAction.objects.all()
    if staff_centre:
        actions = actions.filter(centre=staff_centre)
    feedback = ServiceFeedback.objects.exclude(comment="").select_related("service")
    if staff_centre:
        feedback = feedback.filter(centre=staff_centre)
    context = {
        "actions": actions.prefetch_related("requests", "feedback")[:100],
        "share": selectors.improvement_share(actions),
        "requests": requests[:100],
        "feedback": feedback[:100],
    }
    return render(request, "feedback/improvements.html", context)


@login_required
def evaluation_form(request, template_id=None):
    evaluator = access.evaluator_of(request.user)
    if evaluator is None:
        raise PermissionDenied
    templates = EvaluationTemplate.objects.filter(is_active=True)
    if template_id is None:
        return render(request, "feedback/evaluate_choose.html", {"templates": templates})
    template = get_object_or_404(templates, pk=template_id)
    centres = evaluator.centres.all() or Centre.objects.filter(is_active=True)
    language = translation.get_language() or "ar"
    form = forms.EvaluationForm(
        request.POST or None,
        template=template,
        centres=centres,
        language=language,
        initial={"visited_on": local_day()},
    )
    if request.method == "POST" and form.is_valid():
        evaluation = services.evaluation_submit(
            template=template,
            centre=form.cleaned_data["centre"],
            kind=evaluator.kind,
            evaluator=request.user,
            visited_on=form.cleaned_data["visited_on"],
            values=form.values,
            notes=form.cleaned_data["notes"],
        )
        messages.success(
            request, _("Evaluation saved. Score: %(score)s / 100") % {"score": evaluation.score}
        )
        return redirect("feedback:evaluate")
    return render(request, "feedback/evaluate.html", {"form": form, "template": template})
