"""The citizen's voice: feedback after a visit, requests (complaints, suggestions, inquiries,
reports), improvements they led to, and independent service evaluations.

Feedback is anonymous by construction: it points at the ticket, service, counter, employee and
centre, never at a person. A request's personal data lives apart in `RequesterContact`, so
exports and public pages cannot leak it and anonymisation is one delete.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centre.models import Bilingual

# A request's reference is a bearer secret (it shows the staff answer): it is made, and
# stored as a digest, by `nafitha.references`.


def new_device_token() -> str:
    return secrets.token_urlsafe(24)


# --- Feedback after service --------------------------------------------------------------


class FeedbackPolicy(models.Model):
    """How a centre collects feedback; a centre without a row uses the settings' default."""

    centre = models.OneToOneField(
        "centre.Centre",
        on_delete=models.CASCADE,
        related_name="feedback_policy",
        verbose_name=_("centre"),
    )
    per_step = models.BooleanField(
        _("one answer per service step"),
        default=False,
        help_text=_("For bundles: ask after every service instead of once per visit."),
    )

    class Meta:
        verbose_name = _("feedback policy")
        verbose_name_plural = _("feedback policies")

    def __str__(self) -> str:
        return str(self.centre)


class ServiceFeedback(models.Model):
    """One citizen's answer about a visit (or one service step of it)."""

    class Channel(models.TextChoices):
        TABLET = "tablet", _("Counter tablet")
        LINK = "link", _("Ticket link / QR")

    ticket = models.ForeignKey(
        "queueing.Ticket", on_delete=models.CASCADE, related_name="+", verbose_name=_("ticket")
    )
    step = models.ForeignKey(
        "queueing.TicketStep",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("step"),
    )
    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    service = models.ForeignKey(
        "centre.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    counter = models.ForeignKey(
        "queueing.Counter",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("counter"),
    )
    staff = models.ForeignKey(
        "staff.Staff",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("employee"),
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    recommend = models.PositiveSmallIntegerField(
        _("likelihood to recommend"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    language = models.CharField(_("language"), max_length=2, default="ar")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("service feedback")
        verbose_name_plural = _("service feedback")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="feedback_satisfaction_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(recommend__isnull=True)
                | models.Q(recommend__gte=0, recommend__lte=10),
                name="feedback_recommend_0_10",
            ),
            # One answer per visit, or per step when the centre asks per step.
            models.UniqueConstraint(
                fields=["ticket"],
                condition=models.Q(step__isnull=True),
                name="one_feedback_per_visit",
            ),
            models.UniqueConstraint(
                fields=["ticket", "step"],
                condition=models.Q(step__isnull=False),
                name="one_feedback_per_step",
            ),
        ]
        indexes = [models.Index(fields=["centre", "submitted_at"], name="feedback_centre_at_idx")]

    def __str__(self) -> str:
        return f"{self.centre_id}/{self.ticket_id}: {self.satisfaction}"


class FeedbackTablet(models.Model):
    """A tablet facing the citizen at one counter; it authenticates by its device token."""

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    counter = models.OneToOneField(
        "queueing.Counter",
        on_delete=models.CASCADE,
        related_name="feedback_tablet",
        verbose_name=_("counter"),
    )
    label = models.CharField(_("label"), max_length=80, blank=True)
    token = models.CharField(
        _("device token"), max_length=64, unique=True, default=new_device_token, editable=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)

    class Meta:
        ordering = ["centre", "counter__number"]
        verbose_name = _("feedback tablet")
        verbose_name_plural = _("feedback tablets")

    def __str__(self) -> str:
        return self.label or str(self.counter)


# --- Requests: complaints, suggestions, inquiries, reports ----------------------------------


class DepartmentOfficer(models.Model):
    """A user who handles the requests assigned to a department (and may see requesters' data)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="department_roles",
        verbose_name=_("user"),
    )
    department = models.ForeignKey(
        "centre.Department",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("department"),
    )

    class Meta:
        verbose_name = _("department officer")
        verbose_name_plural = _("department officers")
        constraints = [
            models.UniqueConstraint(fields=["user", "department"], name="unique_department_officer")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.department.code}"


class CitizenRequest(models.Model):
    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        SUGGESTION = "suggestion", _("Suggestion")
        INQUIRY = "inquiry", _("Inquiry")
        REPORT = "report", _("Report of an error or violation")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ASSIGNED = "assigned", _("Assigned to a department")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")

    OPEN_STATUSES = (Status.RECEIVED, Status.ASSIGNED)

    reference = models.CharField(_("reference number"), max_length=24, unique=True)
    reference_digest = models.CharField(max_length=64, unique=True, null=True, editable=False)
    kind = models.CharField(_("type"), max_length=12, choices=Kind)
    language = models.CharField(_("language"), max_length=2, default="ar")
    channel = models.CharField(_("channel"), max_length=12, default="web")
    body = models.TextField(_("text"), max_length=4000)
    centre = models.ForeignKey(
        "centre.Centre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("centre"),
    )
    department = models.ForeignKey(
        "centre.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    service = models.ForeignKey(
        "centre.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service"),
    )
    ticket = models.ForeignKey(
        "queueing.Ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ticket"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.RECEIVED)
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, max_length=2000)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    due_at = models.DateTimeField(_("response due"))
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    next_escalation_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("citizen request")
        verbose_name_plural = _("citizen requests")
        indexes = [
            models.Index(fields=["status", "due_at"], name="request_status_due_idx"),
            models.Index(fields=["centre", "received_at"], name="request_centre_at_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, now=None) -> bool:
        return self.is_open and (now or timezone.now()) > self.due_at


class RequesterContact(models.Model):
    """Personal data of a request, kept apart and deleted when the request is anonymised."""

    request = models.OneToOneField(
        CitizenRequest, on_delete=models.CASCADE, related_name="contact", verbose_name=_("request")
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    national_number = models.CharField(_("national number"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("requester contact")
        verbose_name_plural = _("requester contacts")

    def __str__(self) -> str:
        return str(self.request)


class RequestEvent(models.Model):
    """Audit trail of a request's workflow."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        ASSIGNED = "assigned", _("Assigned")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")
        ESCALATED = "escalated", _("Escalated")
        ANONYMISED = "anonymised", _("Anonymised")

    request = models.ForeignKey(
        CitizenRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("request")
    )
    kind = models.CharField(max_length=12, choices=Kind)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request} {self.kind}"


class ImprovementAction(models.Model):
    """A change made to a service, linked to the citizen input that led to it."""

    centre = models.ForeignKey(
        "centre.Centre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("centre"),
    )
    service = models.ForeignKey(
        "centre.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service"),
    )
    title = models.CharField(_("what changed"), max_length=200)
    description = models.TextField(_("details"), blank=True, max_length=4000)
    implemented_on = models.DateField(_("implemented on"), default=timezone.localdate)
    requests = models.ManyToManyField(
        CitizenRequest, blank=True, related_name="improvements", verbose_name=_("requests")
    )
    feedback = models.ManyToManyField(
        ServiceFeedback, blank=True, related_name="improvements", verbose_name=_("feedback")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-implemented_on", "-id"]
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")

    def __str__(self) -> str:
        return self.title


# --- Service evaluations ---------------------------------------------------------------------


class EvaluationKind(models.TextChoices):
    MYSTERY_SHOPPER = "mystery_shopper", _("Mystery shopper")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    VOLUNTEER_VISITOR = "volunteer_visitor", _("Volunteer visitor")


class EvaluationTemplate(Bilingual):
    """A checklist of service standards."""

    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("evaluation checklist")
        verbose_name_plural = _("evaluation checklists")


class EvaluationItem(models.Model):
    class Scale(models.TextChoices):
        YES_NO = "yes_no", _("Yes / no")
        MATURITY = "maturity", _("Maturity 0–4")

    SCALE_MAX = {Scale.YES_NO: 1, Scale.MATURITY: 4}

    template = models.ForeignKey(
        EvaluationTemplate,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("template"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text_ar = models.CharField(_("standard (Arabic)"), max_length=300)
    text_en = models.CharField(_("standard (English)"), max_length=300)
    scale = models.CharField(_("scale"), max_length=10, choices=Scale, default=Scale.YES_NO)
    weight = models.FloatField(_("weight"), default=1.0, validators=[MinValueValidator(0.01)])

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="unique_item_position"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="item_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.text_en

    @property
    def scale_max(self) -> int:
        return self.SCALE_MAX[self.scale]

    def text_in(self, language: str) -> str:
        return self.text_en if language.startswith("en") else self.text_ar


class Evaluator(models.Model):
    """A user allowed to file evaluations of the given kind (for any centre unless limited)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="evaluator",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EvaluationKind)
    centres = models.ManyToManyField(
        "centre.Centre",
        blank=True,
        related_name="+",
        help_text=_("Empty means every centre."),
        verbose_name=_("centres"),
    )

    class Meta:
        verbose_name = _("evaluator")
        verbose_name_plural = _("evaluators")

    def __str__(self) -> str:
        return f"{self.user} ({self.kind})"


class Evaluation(models.Model):
    """One filled checklist for one visit; `score` is the weighted share of the maximum."""

    template = models.ForeignKey(
        EvaluationTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("template")
    )
    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.PROTECT, related_name="+", verbose_name=_("centre")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EvaluationKind)
    service = models.ForeignKey(
        "centre.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service"),
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("evaluator"),
    )
    score = models.FloatField(_("score"), validators=[MinValueValidator(0), MaxValueValidator(100)])
    visited_on = models.DateField(_("visited on"))
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("service evaluation")
        verbose_name_plural = _("service evaluations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100), name="evaluation_score_0_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.centre} {self.visited_on}: {self.score}"


class EvaluationAnswer(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="answers", verbose_name=_("evaluation")
    )
    item = models.ForeignKey(
        EvaluationItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    value = models.PositiveSmallIntegerField()
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "item"], name="unique_evaluation_item")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.value}"
