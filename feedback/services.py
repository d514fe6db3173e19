"""Every change the feedback app makes: keyword-only functions, each one transaction.

Views, the API, the tablet socket and the management commands only call these. A refused
operation raises `FeedbackError` and changes nothing.
"""

import dataclasses
import datetime as dt
import re

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from centre.models import Centre, Department, Service
from feedback.errors import FeedbackError
from feedback.models import (
    CitizenRequest,
    Evaluation,
    EvaluationAnswer,
    EvaluationTemplate,
    FeedbackPolicy,
    FeedbackTablet,
    ImprovementAction,
    RequesterContact,
    RequestEvent,
    ServiceFeedback,
)
from feedback.workdays import add_working_days
from nafitha import references
from nafitha.days import local_day
from queueing.models import Ticket, TicketStep

TABLET_SALT = "feedback.tablet"
Status = CitizenRequest.Status

# --- Feedback after service ---------------------------------------------------------------


def asks_per_step(centre_id: int) -> bool:
    policy = FeedbackPolicy.objects.filter(centre_id=centre_id).first()
    return policy.per_step if policy else settings.NAFITHA_FEEDBACK_PER_STEP


@dataclasses.dataclass(frozen=True)
class Prompt:
    """What a tablet shows after a service: in which language, and the token to answer with."""

    ticket_number: str
    language: str
    token: str


def _done_steps(ticket: Ticket):
    return ticket.steps.filter(status=TicketStep.Status.DONE).order_by("ended_at", "position")


def tablet_prompt(*, tablet: FeedbackTablet, ticket_id: int, kinds: list[str]) -> Prompt | None:
    """The prompt for a service just finished at the tablet's counter, or None to stay idle.

    `kinds` are the event kinds of the action. Per visit the tablet reacts to `ticket.done`;
    per step to `ticket.completed`, so a bundle's last step is asked once either way.
    """
    ticket = Ticket.objects.filter(pk=ticket_id, centre_id=tablet.centre_id).first()
    if ticket is None:
        return None
    per_step = asks_per_step(ticket.centre_id)
    if ("ticket.completed" if per_step else "ticket.done") not in kinds:
        return None
    step = _done_steps(ticket).filter(counter_id=tablet.counter_id).last()
    if step is None:
        return None
    payload = {"t": ticket.pk, "s": step.pk if per_step else None}
    return Prompt(
        ticket_number=ticket.number_in(ticket.language),
        language=ticket.language,
        token=signing.dumps(payload, salt=TABLET_SALT),
    )


# A tablet whose socket was away (a Redis restart, a Wi-Fi drop) still asks the citizen who
# has just left its counter, but not one who left longer ago than this.
TABLET_CATCH_UP = dt.timedelta(minutes=2)


def tablet_missed_prompt(
    *, tablet: FeedbackTablet, now: dt.datetime | None = None
) -> Prompt | None:
    """The prompt of the last service finished at the tablet's counter in the last two
    minutes, if it has not been answered: what a reconnecting tablet shows from its snapshot."""
    now = now or timezone.now()
    step = (
        TicketStep.objects.filter(
            counter_id=tablet.counter_id,
            ticket__centre_id=tablet.centre_id,
            status=TicketStep.Status.DONE,
            ended_at__gte=now - TABLET_CATCH_UP,
        )
        .select_related("ticket")
        .order_by("-ended_at")
        .first()
    )
    if step is None:
        return None
    if asks_per_step(tablet.centre_id):
        answered = ServiceFeedback.objects.filter(ticket_id=step.ticket_id, step=step)
        kinds = ["ticket.completed"]
    else:
        answered = ServiceFeedback.objects.filter(ticket_id=step.ticket_id)
        kinds = ["ticket.done"] if step.ticket.status == Ticket.Status.DONE else []
    if not kinds or answered.exists():
        return None
    return tablet_prompt(tablet=tablet, ticket_id=step.ticket_id, kinds=kinds)


def read_tablet_token(token: str) -> tuple[Ticket, TicketStep | None]:
    try:
        payload = signing.loads(
            token, salt=TABLET_SALT, max_age=settings.NAFITHA_FEEDBACK_TABLET_MINUTES * 60
        )
    except signing.SignatureExpired as exc:
        raise FeedbackError("prompt_expired") from exc
    except signing.BadSignature as exc:
        raise FeedbackError("visit_unknown") from exc
    ticket = Ticket.objects.filter(pk=payload["t"]).first()
    if ticket is None:
        raise FeedbackError("visit_unknown")
    step = ticket.steps.filter(pk=payload["s"]).first() if payload["s"] else None
    return ticket, step


def link_expires_at(ticket: Ticket) -> dt.datetime | None:
    if ticket.ended_at is None:
        return None
    return ticket.ended_at + dt.timedelta(hours=settings.NAFITHA_FEEDBACK_LINK_HOURS)


def link_target(*, ticket: Ticket, now: dt.datetime | None = None) -> TicketStep | None:
    """Check a visit's link is open; return the step to ask about (None when asking per visit).

    Per step, the link asks about the first served step not yet answered, one after another.
    """
    now = now or timezone.now()
    if ticket.status != Ticket.Status.DONE:
        raise FeedbackError("visit_not_finished")
    if now > link_expires_at(ticket):
        raise FeedbackError("link_expired")
    answered = ServiceFeedback.objects.filter(ticket=ticket)
    if not asks_per_step(ticket.centre_id):
        if answered.exists():
            raise FeedbackError("already_answered")
        return None
    step = _done_steps(ticket).exclude(pk__in=answered.values("step_id")).first()
    if step is None:
        raise FeedbackError("already_answered")
    return step


def feedback_submit(
    *,
    ticket: Ticket,
    step: TicketStep | None,
    satisfaction: int,
    recommend: int | None,
    comment: str = "",
    channel: str,
    now: dt.datetime | None = None,
) -> ServiceFeedback:
    """Store one anonymous answer about a visit (step=None) or one of its steps.

    The service, counter and employee come from the step served (the visit's last one when
    asking per visit); the citizen's identity is never stored.
    """
    served = step or _done_steps(ticket).last()
    if served is None:
        raise FeedbackError("visit_not_finished")
    try:
        with transaction.atomic():
            return ServiceFeedback.objects.create(
                ticket=ticket,
                step=step,
                centre_id=ticket.centre_id,
                service_id=served.service_id,
                counter_id=served.counter_id,
                staff_id=served.staff_id,
                satisfaction=satisfaction,
                recommend=recommend,
                comment=comment.strip(),
                language=ticket.language,
                channel=channel,
                submitted_at=now or timezone.now(),
            )
    except IntegrityError as exc:
        raise FeedbackError("already_answered") from exc


def tablet_seen(*, tablet: FeedbackTablet, now: dt.datetime | None = None) -> None:
    FeedbackTablet.objects.filter(pk=tablet.pk).update(last_seen_at=now or timezone.now())


# --- Requests -----------------------------------------------------------------------------

KIND_LETTER = {"complaint": "C", "suggestion": "S", "inquiry": "Q", "report": "R"}


def _new_reference(kind: str) -> str:
    return references.new_reference(KIND_LETTER[kind])


def _log(request: CitizenRequest, kind: str, *, at: dt.datetime, by=None, **data) -> None:
    RequestEvent.objects.create(request=request, kind=kind, at=at, by=by, data=data)


def request_submit(
    *,
    kind: str,
    body: str,
    language: str = "ar",
    centre: Centre | None = None,
    department: Department | None = None,
    service: Service | None = None,
    ticket: Ticket | None = None,
    name: str = "",
    phone: str = "",
    national_number: str = "",
    channel: str = "web",
    now: dt.datetime | None = None,
) -> CitizenRequest:
    """Receive a request with a fresh reference number and its response deadline."""
    now = now or timezone.now()
    if ticket is not None:
        centre = centre or ticket.centre
        service = service or ticket.service
    if service is not None and department is None:
        department = service.department
    due_at = add_working_days(
        now, settings.NAFITHA_REQUEST_SLA_DAYS[kind], centre.tz if centre else None
    )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                reference = _new_reference(kind)
                request = CitizenRequest.objects.create(
                    reference=reference,
                    reference_digest=references.digest(reference),
                    kind=kind,
                    language=language,
                    channel=channel,
                    body=body.strip(),
                    centre=centre,
                    department=department,
                    service=service,
                    ticket=ticket,
                    received_at=now,
                    due_at=due_at,
                    next_escalation_at=due_at,
                )
                if name or phone or national_number:
                    RequesterContact.objects.create(
                        request=request, name=name, phone=phone, national_number=national_number
                    )
                _log(request, RequestEvent.Kind.RECEIVED, at=now)
                return request
        except IntegrityError:
            continue  # reference collision: draw again
    raise RuntimeError("could not draw a free reference number")


def _locked(request: CitizenRequest, allowed: tuple[str, ...]) -> CitizenRequest:
    request = CitizenRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in allowed:
        raise FeedbackError("request_invalid_transition")
    return request


def request_assign(
    *, request: CitizenRequest, department: Department, by, now: dt.datetime | None = None
) -> CitizenRequest:
    now = now or timezone.now()
    with transaction.atomic():
        request = _locked(request, CitizenRequest.OPEN_STATUSES)
        request.department = department
        request.status = Status.ASSIGNED
        request.assigned_at = now
        request.save(update_fields=["department", "status", "assigned_at"])
        _log(request, RequestEvent.Kind.ASSIGNED, at=now, by=by, department=department.code)
    return request


def request_answer(
    *, request: CitizenRequest, answer: str, by, now: dt.datetime | None = None
) -> CitizenRequest:
    """Answer the citizen; the answer shows on the request's status page."""
    now = now or timezone.now()
    if not answer.strip():
        raise FeedbackError("answer_required")
    with transaction.atomic():
        request = _locked(request, CitizenRequest.OPEN_STATUSES)
        request.answer = answer.strip()
        request.status = Status.ANSWERED
        request.answered_at = now
        request.save(update_fields=["answer", "status", "answered_at"])
        _log(request, RequestEvent.Kind.ANSWERED, at=now, by=by)
    return request


def request_close(*, request: CitizenRequest, by, now: dt.datetime | None = None) -> CitizenRequest:
    now = now or timezone.now()
    with transaction.atomic():
        request = _locked(request, (Status.ANSWERED,))
        request.status = Status.CLOSED
        request.closed_at = now
        request.save(update_fields=["status", "closed_at"])
        _log(request, RequestEvent.Kind.CLOSED, at=now, by=by)
    return request


def request_reject(
    *, request: CitizenRequest, reason: str, by, now: dt.datetime | None = None
) -> CitizenRequest:
    now = now or timezone.now()
    if not reason.strip():
        raise FeedbackError("reason_required")
    with transaction.atomic():
        request = _locked(request, CitizenRequest.OPEN_STATUSES)
        request.rejection_reason = reason.strip()
        request.status = Status.REJECTED
        request.closed_at = now
        request.save(update_fields=["rejection_reason", "status", "closed_at"])
        _log(request, RequestEvent.Kind.REJECTED, at=now, by=by)
    return request


def requests_escalate(*, now: dt.datetime | None = None) -> list[CitizenRequest]:
    """Escalate every open request whose deadline (or last escalation's follow-up) passed.

    Each request is claimed with a conditional UPDATE, so two runs at once escalate it once.
    """
    now = now or timezone.now()
    escalated = []
    due = CitizenRequest.objects.filter(
        status__in=CitizenRequest.OPEN_STATUSES, next_escalation_at__lte=now
    ).values_list("pk", "next_escalation_at", "escalation_level")
    follow_up = add_working_days(now, settings.NAFITHA_REQUEST_ESCALATE_EVERY_DAYS)
    for pk, next_at, level in due:
        with transaction.atomic():
            claimed = CitizenRequest.objects.filter(
                pk=pk, next_escalation_at=next_at, status__in=CitizenRequest.OPEN_STATUSES
            ).update(escalation_level=level + 1, next_escalation_at=follow_up)
            if not claimed:
                continue
            request = CitizenRequest.objects.get(pk=pk)
            _log(request, RequestEvent.Kind.ESCALATED, at=now, level=level + 1)
        escalated.append(request)
    return escalated


# Runs of 7+ digits (phones, national numbers) in free text are masked on anonymisation.
LONG_NUMBER = re.compile(r"[+\d٠-٩][\d٠-٩\s-]{5,}[\d٠-٩]")


def requests_anonymise(*, now: dt.datetime | None = None) -> int:
    """Remove the personal data of requests finished longer ago than the retention period."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.NAFITHA_REQUEST_RETENTION_DAYS)
    finished = Q(closed_at__lte=cutoff) | Q(closed_at__isnull=True, answered_at__lte=cutoff)
    count = 0
    for request in CitizenRequest.objects.filter(finished, anonymised_at__isnull=True):
        with transaction.atomic():
            RequesterContact.objects.filter(request=request).delete()
            request.body = LONG_NUMBER.sub("•••", request.body)
            request.anonymised_at = now
            request.save(update_fields=["body", "anonymised_at"])
            _log(request, RequestEvent.Kind.ANONYMISED, at=now)
        count += 1
    return count


# --- Improvements and evaluations -------------------------------------------------------------


def improvement_record(
    *,
    title: str,
    description: str = "",
    centre: Centre | None = None,
    service: Service | None = None,
    implemented_on: dt.date | None = None,
    requests=(),
    feedback=(),
    by=None,
) -> ImprovementAction:
    with transaction.atomic():
        action = ImprovementAction.objects.create(
            title=title.strip(),
            description=description.strip(),
            centre=centre,
            service=service,
            implemented_on=implemented_on or local_day(),
            created_by=by,
        )
        action.requests.set(requests)
        action.feedback.set(feedback)
    return action


def evaluation_score(template: EvaluationTemplate, values: dict[int, int]) -> float:
    """Weighted share of the maximum, 0–100; every item must be scored within its scale."""
    items = list(template.items.all())
    if {item.pk for item in items} != set(values):
        raise FeedbackError("incomplete_evaluation")
    total = sum(item.weight for item in items)
    earned = 0.0
    for item in items:
        value = values[item.pk]
        if not 0 <= value <= item.scale_max:
            raise FeedbackError("value_out_of_scale")
        earned += item.weight * value / item.scale_max
    return round(100 * earned / total, 1) if total else 0.0


def evaluation_submit(
    *,
    template: EvaluationTemplate,
    centre: Centre,
    kind: str,
    evaluator,
    visited_on: dt.date,
    values: dict[int, int],
    comments: dict[int, str] | None = None,
    notes: str = "",
    service: Service | None = None,
    now: dt.datetime | None = None,
) -> Evaluation:
    score = evaluation_score(template, values)
    comments = comments or {}
    with transaction.atomic():
        evaluation = Evaluation.objects.create(
            template=template,
            centre=centre,
            kind=kind,
            service=service,
            evaluator=evaluator,
            score=score,
            visited_on=visited_on,
            notes=notes.strip(),
            submitted_at=now or timezone.now(),
        )
        EvaluationAnswer.objects.bulk_create(
            EvaluationAnswer(
                evaluation=evaluation, item_id=pk, value=value, comment=comments.get(pk, "")
            )
            for pk, value in values.items()
        )
    return evaluation
