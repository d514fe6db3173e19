"""REST API of the citizen's voice (/api/v1/feedback/…). Views are thin: validate with the
forms the pages use, check access, call a service. Personal data of requests appears only
in the staff queue, and only for those who handle the request."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from centre.models import Centre
from feedback import access, forms, selectors, services
from feedback.errors import FeedbackError
from feedback.models import CitizenRequest, FeedbackTablet, ImprovementAction, ServiceFeedback
from nafitha.clients import ClientRateThrottle
from nafitha.schema import OBJECT_LIST
from queueing.models import Counter, Ticket


class Throttled(APIView):
    throttle_classes = [ClientRateThrottle]


def _valid(form_class, data, **kwargs):
    form = form_class(data, **kwargs)
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return form.cleaned_data


def _feedback_created(feedback: ServiceFeedback) -> Response:
    return Response(
        {"id": feedback.pk, "submitted_at": feedback.submitted_at}, status=status.HTTP_201_CREATED
    )


# --- Feedback after service ---------------------------------------------------------------


class VisitFeedback(Throttled):
    """The short form behind the tracking page and the printed QR, open for a window."""

    throttle_scope = "feedback_answer"

    def _ticket(self, token) -> Ticket:
        ticket = Ticket.objects.filter(token=token).first()
        if ticket is None:
            raise FeedbackError("visit_unknown")
        return ticket

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, token):
        ticket = self._ticket(token)
        step = services.link_target(ticket=ticket)
        return Response(
            {
                "ticket": ticket.display_number,
                "language": ticket.language,
                "expires_at": services.link_expires_at(ticket),
                "service": {"name_ar": step.service.name_ar, "name_en": step.service.name_en}
                if step
                else None,
            }
        )

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, token):
        ticket = self._ticket(token)
        step = services.link_target(ticket=ticket)
        data = _valid(forms.FeedbackForm, request.data)
        return _feedback_created(
            services.feedback_submit(
                ticket=ticket, step=step, channel=ServiceFeedback.Channel.LINK, **data
            )
        )


class TabletFeedback(Throttled):
    """An answer from a counter tablet, carrying the short-lived token of its prompt."""

    throttle_scope = "feedback_answer"

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, device_token):
        tablet = FeedbackTablet.objects.filter(token=device_token, is_active=True).first()
        if tablet is None:
            raise FeedbackError("tablet_unknown")
        ticket, step = services.read_tablet_token(str(request.data.get("token", "")))
        if ticket.centre_id != tablet.centre_id:
            raise FeedbackError("visit_unknown")
        data = _valid(forms.FeedbackForm, request.data)
        return _feedback_created(
            services.feedback_submit(
                ticket=ticket, step=step, channel=ServiceFeedback.Channel.TABLET, **data
            )
        )


class TabletInput(serializers.Serializer):
    centre = serializers.SlugField(max_length=40)
    counter = serializers.IntegerField(min_value=0, max_value=32767)


class TabletRegister(APIView):
    """Bind a tablet to a counter (a manager of the centre); returns the existing one if any."""

    @extend_schema(request=TabletInput, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        body = TabletInput(data=request.data)
        body.is_valid(raise_exception=True)
        centre = get_object_or_404(Centre, code=body.validated_data["centre"])
        if not access.can_manage_tablets(request.user, centre):
            raise PermissionDenied
        counter = get_object_or_404(Counter, centre=centre, number=body.validated_data["counter"])
        tablet, created = FeedbackTablet.objects.get_or_create(
            counter=counter, defaults={"centre": centre}
        )
        return Response(
            {
                "centre": centre.code,
                "counter": counter.number,
                "token": tablet.token,
                "url": f"/feedback/tablet/{tablet.token}/",
            },
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


# --- Requests -----------------------------------------------------------------------------


def request_public(req: CitizenRequest) -> dict:
    """What anyone holding the reference may read: never the requester's data or text."""
    return {
        "reference": req.reference,
        "kind": req.kind,
        "status": req.status,
        "received_at": req.received_at,
        "due_at": req.due_at,
        "answered_at": req.answered_at,
        "answer": req.answer,
        "rejection_reason": req.rejection_reason,
        "status_url": f"/complaints/{req.reference}/",
    }


def request_staff(req: CitizenRequest, user) -> dict:
    data = {
        **request_public(req),
        "body": req.body,
        "centre": req.centre.code if req.centre else None,
        "department": req.department.code if req.department else None,
        "service": req.service.code if req.service else None,
        "overdue": req.is_overdue(),
        "escalation_level": req.escalation_level,
    }
    if access.can_see_personal_data(user, req):
        contact = getattr(req, "contact", None)
        data["contact"] = (
            {
                "name": contact.name,
                "phone": contact.phone,
                "national_number": contact.national_number,
            }
            if contact
            else None
        )
    return data


class RequestSubmit(Throttled):
    """Receive a complaint, suggestion, inquiry or report (anonymous, throttled per client)."""

    throttle_scope = "citizen_request"

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        data = _valid(forms.RequestForm, request.data)
        data["language"] = data["language"] or request.LANGUAGE_CODE[:2]
        req = services.request_submit(channel=str(request.data.get("channel", "web"))[:12], **data)
        return Response(request_public(req), status=status.HTTP_201_CREATED)


class RequestStatus(Throttled):
    throttle_scope = "request_status"

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, reference):
        req = selectors.request_by_reference(reference=reference)
        if req is None:
            raise FeedbackError("request_unknown")
        return Response(request_public(req))


class RequestQueue(APIView):
    """The manager queue with filters: ?status=&kind=&department=&overdue=1."""

    @extend_schema(responses=OBJECT_LIST)
    def get(self, request):
        if not access.can_use_request_queue(request.user):
            raise PermissionDenied
        filters = _valid(forms.QueueFilterForm, request.query_params)
        department = filters["department"]
        requests = selectors.request_queue(
            user=request.user,
            status=filters["status"],
            kind=filters["kind"],
            department=department.code if department else "",
            overdue=filters["overdue"],
        ).select_related("contact")[:500]
        return Response([request_staff(r, request.user) for r in requests])


ACTIONS = {
    "assign": (forms.AssignForm, services.request_assign),
    "answer": (forms.AnswerForm, services.request_answer),
    "reject": (forms.RejectForm, services.request_reject),
    "close": (None, services.request_close),
}


class RequestAction(APIView):
    """assign {department}, answer {answer}, reject {reason}, close."""

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, reference, action):
        if action not in ACTIONS:
            raise FeedbackError("request_invalid_transition")
        req = access.visible_requests(request.user).filter(reference=reference).first()
        if req is None:
            raise FeedbackError("request_unknown")
        if not access.can_handle(request.user, req):
            raise FeedbackError("forbidden")
        form_class, service = ACTIONS[action]
        data = _valid(form_class, request.data) if form_class else {}
        req = service(request=req, by=request.user, **data)
        return Response(request_staff(req, request.user))


class Figures(APIView):
    """Feedback, request and improvement figures of one centre (?centre=code), or national."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        code = request.query_params.get("centre", "")
        centre = get_object_or_404(Centre, code=code) if code else None
        if not access.can_read_figures(request.user, centre):
            raise PermissionDenied
        scope = {"centre": centre} if centre else {}
        return Response(
            {
                "feedback": selectors.feedback_summary(ServiceFeedback.objects.filter(**scope)),
                "requests": selectors.request_figures(CitizenRequest.objects.filter(**scope)),
                "improvements": selectors.improvement_share(
                    ImprovementAction.objects.filter(**scope)
                ),
            }
        )
