"""Tickets (visits), their service steps and the event log they are measured from."""

import datetime as dt
import secrets

from django.db import models
from django.db.models import Count, Min, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from centre.models import Bilingual
from nafitha import generations
from nafitha.arabic import arabic_digits, arabic_letter


class PriorityClass(Bilingual):
    """A class of citizens called ahead of others (elderly, disability, pregnancy, ...)."""

    code = models.SlugField(_("code"), unique=True, max_length=30)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=1, help_text=_("Higher ranks are called first; 0 means no priority.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-rank", "code"]
        verbose_name = _("priority class")
        verbose_name_plural = _("priority classes")


class Counter(models.Model):
    """A service window (شباك) and its live state. Who is at it is a `staff.Staff`; what it
    serves is a Ticket. The engine owns the state, so the model lives here; the table keeps
    its first name (`centre_counter`)."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    class PauseReason(models.TextChoices):
        BREAK = "break", _("Break")
        PRAYER = "prayer", _("Prayer")
        ADMIN = "admin", _("Administrative task")
        OTHER = "other", _("Other")

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="counters", verbose_name=_("centre")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=80, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.CLOSED)
    pause_reason = models.CharField(
        _("pause reason"), max_length=10, choices=PauseReason, blank=True
    )
    state_changed_at = models.DateTimeField(_("state changed at"), default=timezone.now)
    staff = models.OneToOneField(
        "staff.Staff",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="counter",
        verbose_name=_("employee"),
    )
    profile = models.ForeignKey(
        "centre.WorkProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("work profile"),
    )

    class Meta:
        db_table = "centre_counter"
        ordering = ["centre", "number"]
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [
            models.UniqueConstraint(fields=["centre", "number"], name="unique_counter_number")
        ]

    def __str__(self) -> str:
        return f"{self.centre.code} #{self.number}"


def new_public_token() -> str:
    return secrets.token_urlsafe(16)


# The calling order of a queue: priority class, then tickets a transfer sent to the front,
# then arrival in the queue. The engine's FIFO routing, positions, "near" messages and
# every waiting list follow it; the charter policy only reorders whole queues.
CALL_ORDER = ("-priority_rank", "-at_front", "queue_since", "pk")


def call_rank(priority_rank: int, at_front: bool) -> tuple[int, bool]:
    """The part of CALL_ORDER that ranks before arrival, as a sort key (smaller first)."""
    return -priority_rank, not at_front


# Before all of CALL_ORDER: a ticket queued from a time still to come (an appointment
# checked in before its booked time) is not due, and is called after every due ticket;
# routing, positions and waiting lists all take the rule from here (docs/engine.md,
# "Appointments").
def not_due(queue_since: dt.datetime, now: dt.datetime) -> bool:
    return queue_since > now


def call_key(
    priority_rank: int, at_front: bool, queue_since: dt.datetime, pk: int, *, now: dt.datetime
) -> tuple:
    """A ticket's place in its queue's calling order at `now`, as a sort key."""
    return (not_due(queue_since, now), *call_rank(priority_rank, at_front), queue_since, pk)


def call_order(now: dt.datetime) -> tuple:
    """`call_key` as `order_by` arguments: not-due tickets last, then CALL_ORDER."""
    later = models.Case(
        models.When(queue_since__gt=now, then=models.Value(1)),
        default=models.Value(0),
        output_field=models.IntegerField(),
    )
    return (later.asc(), *CALL_ORDER)


class TicketQuerySet(models.QuerySet):
    def waiting(self) -> "TicketQuerySet":
        return self.filter(status=Ticket.Status.WAITING)

    def in_call_order(self, now: dt.datetime | None = None) -> "TicketQuerySet":
        return self.order_by(*call_order(now or timezone.now()))

    def ahead_of(self, ticket: "Ticket", now: dt.datetime | None = None) -> "TicketQuerySet":
        """Tickets `call_key` puts before `ticket` at `now` (any service; callers narrow it)."""
        now = now or timezone.now()
        earlier = Q(queue_since__lt=ticket.queue_since) | Q(
            queue_since=ticket.queue_since, pk__lt=ticket.pk
        )
        same_rank = Q(priority_rank=ticket.priority_rank) & (
            Q(at_front=True) & earlier if ticket.at_front else Q(at_front=True) | earlier
        )
        ahead = Q(priority_rank__gt=ticket.priority_rank) | same_rank
        if not_due(ticket.queue_since, now):
            ahead = Q(queue_since__lte=now) | ahead  # every due ticket, then its own order
        else:
            ahead = Q(queue_since__lte=now) & ahead  # not-due tickets come after it
        return self.filter(ahead).exclude(pk=ticket.pk)

    def waiting_counts(self, key: str = "service_id") -> dict:
        """People waiting per `key` (a service field), services nobody waits for left out."""
        return dict(self.waiting().order_by().values_list(key).annotate(n=Count("id")))

    def waiting_loads(self, now: dt.datetime) -> dict[int, tuple[int, int]]:
        """(people waiting, longest current wait in seconds) per service id: the wait is
        counted from when the current step joined the queue, as the displays show it."""
        rows = (
            self.waiting()
            .order_by()
            .values_list("service_id")
            .annotate(n=Count("id"), oldest=Min("current_step__queued_at"))
        )
        return {
            service_id: (n, max(0, int((now - oldest).total_seconds())) if oldest else 0)
            for service_id, n, oldest in rows
        }


class Ticket(models.Model):
    """One citizen's visit. Its queue state follows the current service step."""

    class Status(models.TextChoices):
        WAITING = "waiting", pgettext_lazy("ticket status", "Waiting")
        CALLED = "called", pgettext_lazy("ticket status", "Called")
        SERVING = "serving", pgettext_lazy("ticket status", "Being served")
        DONE = "done", pgettext_lazy("ticket status", "Done")
        NO_SHOW = "no_show", pgettext_lazy("ticket status", "No-show")
        WALKED_OUT = "walked_out", pgettext_lazy("ticket status", "Walked out")
        CANCELLED = "cancelled", pgettext_lazy("ticket status", "Cancelled")

    class Channel(models.TextChoices):
        KIOSK = "kiosk", _("Kiosk")
        RECEPTION = "reception", _("Reception")
        APPOINTMENT = "appointment", _("Appointment")
        REMOTE = "remote", _("Remote")

    class Language(models.TextChoices):
        ARABIC = "ar", _("Arabic")
        ENGLISH = "en", _("English")

    ACTIVE_STATUSES = (Status.WAITING, Status.CALLED, Status.SERVING)
    AT_COUNTER_STATUSES = (Status.CALLED, Status.SERVING)

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.PROTECT, related_name="tickets", verbose_name=_("centre")
    )
    service_day = models.DateField(_("service day"))
    letter = models.CharField(_("letter"), max_length=2)
    number = models.PositiveIntegerField(_("number"))
    bundle = models.ForeignKey(
        "centre.Bundle", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("bundle")
    )
    priority = models.ForeignKey(
        PriorityClass, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("priority")
    )
    priority_rank = models.PositiveSmallIntegerField(default=0)
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.ARABIC
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel, default=Channel.KIOSK)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.WAITING)

    # Queue position of the current step. `queue_since` orders the queue (a bundle's later
    # steps keep the visit's arrival); `at_front` is set by a transfer "to the front".
    service = models.ForeignKey(
        "centre.Service",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("current service"),
    )
    current_step = models.ForeignKey(
        "TicketStep",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("current step"),
    )
    queue_since = models.DateTimeField(_("queued since"))
    at_front = models.BooleanField(default=False)

    counter = models.ForeignKey(
        Counter,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
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
    call_count = models.PositiveSmallIntegerField(default=0)
    recall_count = models.PositiveSmallIntegerField(default=0)

    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    appointment_at = models.DateTimeField(_("appointment time"), null=True, blank=True)
    called_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    token = models.CharField(max_length=32, unique=True, default=new_public_token, editable=False)
    # SHA-256 of the issuer's key and its Idempotency-Key, and of what it asked for: a key
    # answers only its own client on its own service day, and only for the same request.
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)
    request_fingerprint = models.CharField(max_length=64, blank=True, default="")
    # Optional, for "your turn is near" messages only; never shown on displays.
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)

    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["centre", "-issued_at"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "service_day", "letter", "number"], name="unique_ticket_number"
            ),
            models.UniqueConstraint(
                fields=["centre", "service_day", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="unique_ticket_idempotency_key_per_day",
            ),
            # One ticket at a counter at a time.
            models.UniqueConstraint(
                fields=["counter"],
                condition=models.Q(status__in=["called", "serving"]),
                name="one_ticket_per_counter",
            ),
        ]
        indexes = [
            models.Index(
                fields=["centre", "status", "service", "priority_rank", "queue_since"],
                name="ticket_queue_idx",
            ),
            models.Index(fields=["centre", "service_day"], name="ticket_day_idx"),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return self.number_in("en")

    def number_in(self, language: str) -> str:
        """The ticket number as every surface writes it in `language`: "H-002" in English,
        "ح-٠٠٢" in Arabic (the letter in abjad order, Arabic-Indic digits). Paper, kiosk,
        displays, console, SMS, feedback pages and the API all take it from here, so what a
        citizen holds matches what every screen and message says."""
        if language != "ar":
            return f"{self.letter}-{self.number:03d}"
        return f"{arabic_letter(self.letter)}-{arabic_digits(f'{self.number:03d}')}"


class TicketStep(models.Model):
    """One service within a visit; bundles have several, served in order."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("ticket status", "Pending")
        WAITING = "waiting", pgettext_lazy("ticket status", "Waiting")
        CALLED = "called", pgettext_lazy("ticket status", "Called")
        SERVING = "serving", pgettext_lazy("ticket status", "Being served")
        DONE = "done", pgettext_lazy("ticket status", "Done")
        TRANSFERRED = "transferred", pgettext_lazy("ticket status", "Transferred")
        NO_SHOW = "no_show", pgettext_lazy("ticket status", "No-show")
        WALKED_OUT = "walked_out", pgettext_lazy("ticket status", "Walked out")
        CANCELLED = "cancelled", pgettext_lazy("ticket status", "Cancelled")

    class Outcome(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        MISSING_DOCUMENTS = "missing_documents", _("Missing documents")
        REFERRED = "referred", _("Referred elsewhere")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="steps", verbose_name=_("ticket")
    )
    position = models.PositiveSmallIntegerField()
    service = models.ForeignKey(
        "centre.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    outcome = models.CharField(max_length=20, choices=Outcome, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    called_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    counter = models.ForeignKey(
        Counter,
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

    class Meta:
        ordering = ["ticket", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "position"], name="unique_step_position")
        ]

    def __str__(self) -> str:
        return f"{self.ticket} #{self.position}: {self.service}"


class TicketEvent(models.Model):
    """Append-only log of every transition; wait and service times are derived from it."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Issued")
        QUEUED = "queued", _("Step queued")
        CALLED = "called", _("Called")
        RECALLED = "recalled", _("Recalled")
        STARTED = "started", _("Service started")
        COMPLETED = "completed", _("Step completed")
        DONE = "done", _("Visit done")
        NO_SHOW = "no_show", _("No-show")
        REQUEUED = "requeued", _("Requeued")
        TRANSFERRED = "transferred", _("Transferred")
        RETURNED = "returned", _("Returned to queue")
        SERVICE_ADDED = "service_added", _("Service added")
        CANCELLED = "cancelled", _("Cancelled")
        WALKED_OUT = "walked_out", _("Walked out")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="events", verbose_name=_("ticket")
    )
    step = models.ForeignKey(
        TicketStep,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("step"),
    )
    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    kind = models.CharField(max_length=16, choices=Kind)
    at = models.DateTimeField(default=timezone.now)
    service = models.ForeignKey(
        "centre.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service"),
    )
    counter = models.ForeignKey(
        Counter,
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
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["centre", "at"], name="event_centre_at_idx"),
            models.Index(fields=["ticket", "at"], name="event_ticket_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket} {self.kind} {self.at:%Y-%m-%d %H:%M:%S}"


class CounterEvent(models.Model):
    """Append-only log of counter state changes (open, pause, resume, close).

    The engine writes it in the transaction of the change, as it writes `TicketEvent`, so
    it names the employee who was really at the counter and cannot be lost to a crash after
    commit. Pause history, open time, utilisation and staff on shift are queries over it.
    """

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    counter = models.ForeignKey(
        Counter,
        on_delete=models.CASCADE,
        related_name="state_events",
        verbose_name=_("counter"),
    )
    state = models.CharField(_("state"), max_length=10, choices=Counter.State)
    reason = models.CharField(_("reason"), max_length=10, blank=True)
    # The employee at the counter after the change (none once it is closed).
    staff = models.ForeignKey(
        "staff.Staff",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("employee"),
    )
    # Who made the change: the employee, or a supervisor acting for them.
    actor = models.ForeignKey(
        "staff.Staff",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("counter state change")
        verbose_name_plural = _("counter state changes")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["centre", "at"], name="counterevent_centre_at_idx"),
            models.Index(fields=["counter", "at"], name="counterevent_counter_at_idx"),
        ]

    def __str__(self) -> str:
        return f"counter {self.counter_id} {self.state} at {self.at:%Y-%m-%d %H:%M}"


class TicketNumberSequence(models.Model):
    """Last number handed out per centre, local day and letter."""

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    service_day = models.DateField()
    letter = models.CharField(max_length=2)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "service_day", "letter"], name="unique_number_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_day} {self.letter}: {self.last_number}"


class ServiceTimeStat(models.Model):
    """Exponentially weighted mean service time per centre and service, for wait estimates."""

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    service = models.ForeignKey(
        "centre.Service", on_delete=models.CASCADE, related_name="+", verbose_name=_("service")
    )
    mean_seconds = models.FloatField()
    samples = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["centre", "service"], name="unique_service_time_stat")
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.mean_seconds:.0f} s"

    @staticmethod
    def generation_key(centre_id: int) -> str:
        """The generation the per-process copy of a centre's means is kept under
        (`selectors.mean_service_seconds`)."""
        return f"service-times-generation:{centre_id}"

    @classmethod
    def changed(cls, centre_id: int) -> None:
        """A centre's means change in this transaction (the engine's upsert at a completion,
        or a row saved): every process reads them again."""
        generations.changed(cls.generation_key(centre_id))


@receiver([post_save, post_delete], sender=ServiceTimeStat)
def _service_time_saved(sender, instance, **kwargs):
    ServiceTimeStat.changed(instance.centre_id)


class ClientIssueCount(models.Model):
    """Tickets one client took on one remote channel on one day: its per-client allowance.

    Counted by an upsert inside the issuing transaction, so a refused or rolled-back issue
    counts nothing and concurrent issues of one client are serialised on the row. `client` is
    a keyed hash (nafitha.clients.client_key), never an address.
    """

    service_day = models.DateField()
    channel = models.CharField(max_length=12)
    client = models.CharField(max_length=40)
    issued = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service_day", "channel", "client"], name="unique_client_issue_count"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_day} {self.channel} {self.client}: {self.issued}"


class CapHold(models.Model):
    """Places of a service's daily cap at a centre held for one day by visits that are not
    tickets yet (bookings still to come). The channel that gives such places keeps `held`
    up to date in the same transaction as its own change, under the offer's row lock; the
    engine adds it to the day's tickets whenever it claims a place of the cap
    (`engine._claim_capacity`), so a walk-in cannot take a place a booked citizen holds."""

    offer = models.ForeignKey(
        "centre.CentreService", on_delete=models.CASCADE, related_name="cap_holds"
    )
    service_day = models.DateField()
    held = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "service_day"], name="unique_cap_hold")
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} {self.service_day}: {self.held}"


class Estimator(models.TextChoices):
    """The wait estimators of `queueing.estimates`, and `auto`: the one with the lowest
    back-test error at the centre over the last 30 days (docs/planning.md)."""

    AUTO = "auto", pgettext_lazy("wait estimator", "Automatic (lowest recent error)")
    ZMS = "zms", pgettext_lazy("wait estimator", "Same queue × mean time (ZMS rule)")
    POOL = "pool", pgettext_lazy("wait estimator", "Work ahead shared by the counters (pool)")
    LAST_CALLED = "last_called", pgettext_lazy("wait estimator", "Wait of the last called")
    SIMULATION = "simulation", pgettext_lazy("wait estimator", "Simulation of the hall")


class WaitEstimateSetting(models.Model):
    """Which estimator gives the waits citizens see at a centre (kiosk, ticket, tracking)."""

    centre = models.OneToOneField(
        "centre.Centre",
        on_delete=models.CASCADE,
        related_name="wait_estimate_setting",
        verbose_name=_("centre"),
    )
    estimator = models.CharField(
        _("wait estimator"), max_length=20, choices=Estimator.choices, default=Estimator.AUTO
    )

    class Meta:
        verbose_name = _("wait estimate setting")
        verbose_name_plural = _("wait estimate settings")

    def __str__(self) -> str:
        return f"{self.centre}: {self.estimator}"


class EstimatorError(models.Model):
    """One estimator's back-test error at a centre (`service` empty: every service) over the
    days before `computed_on`, in seconds; signed error = estimate − actual wait. Written by
    `manage.py calibrate_estimates`, read to pick `auto` and to widen an estimate to a range."""

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    service = models.ForeignKey(
        "centre.Service",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    estimator = models.CharField(max_length=20, choices=Estimator.choices)
    computed_on = models.DateField()
    samples = models.PositiveIntegerField()
    mae_seconds = models.FloatField()
    low_seconds = models.FloatField(help_text="10th percentile of the signed error")
    high_seconds = models.FloatField(help_text="90th percentile of the signed error")

    class Meta:
        indexes = [models.Index(fields=["centre", "estimator"], name="estimator_error_centre")]

    def __str__(self) -> str:
        return (
            f"{self.centre_id}/{self.service_id or '*'} {self.estimator}: {self.mae_seconds:.0f} s"
        )
