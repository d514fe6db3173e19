"""Appointments: what a centre plans for them, verified phone numbers, and the bookings.

A booking's reference is a bearer secret (it moves, cancels and checks the booking in): only
its SHA-256 digest is stored, like a complaint reference. A one-time code is kept only as a
keyed hash. A visit may hold several services (or a bundle): `Booking.service` is the
first one, whose slot grid the visit takes, and `BookingItem` lists them all in order. The
places of a grid are counted under the lock of its plan row (`services._lock_plan`);
one active booking per (centre, service, start, seat) stays as the database's backstop.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppointmentPlan(models.Model):
    """How many counters a centre plans for one service's appointments, and the share of
    their time kept free for walk-ins. Without a plan a service cannot be booked there."""

    centre = models.ForeignKey(
        "centre.Centre",
        on_delete=models.CASCADE,
        related_name="appointment_plans",
        verbose_name=_("centre"),
    )
    service = models.ForeignKey(
        "centre.Service", on_delete=models.CASCADE, related_name="+", verbose_name=_("service")
    )
    counters = models.PositiveSmallIntegerField(_("counters planned for appointments"), default=1)
    walk_in_percent = models.PositiveSmallIntegerField(
        _("share kept for walk-ins (%)"),
        default=50,
        help_text=_("Part of the planned counters' time that is never offered for booking."),
    )
    is_active = models.BooleanField(_("booking open"), default=True)
    remote_open = models.BooleanField(
        _("remote tickets open"),
        default=False,
        help_text=_(
            "Citizens may take a place in today's queue from home with a verified number, "
            "and join the queue when they check in at the kiosk."
        ),
    )

    class Meta:
        ordering = ["centre", "service"]
        verbose_name = _("appointment plan")
        verbose_name_plural = _("appointment plans")
        constraints = [
            models.UniqueConstraint(fields=["centre", "service"], name="unique_appointment_plan"),
            models.CheckConstraint(
                condition=models.Q(walk_in_percent__lte=100), name="walk_in_percent_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre.code}:{self.service.code}"


class PhoneVerification(models.Model):
    """The one-time code state of one mobile number (E.164). One row per number: locking
    it serialises everything done for that number (codes, bookings)."""

    phone = models.CharField(_("mobile number"), max_length=20, unique=True)
    code_hash = models.CharField(max_length=64, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    sends = models.PositiveSmallIntegerField(default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phone verification")
        verbose_name_plural = _("phone verifications")

    def __str__(self) -> str:
        from nafitha.phones import masked

        return masked(self.phone)


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CHECKED_IN = "checked_in", _("Checked in")
        LATE = "late", _("Came late (walk-in ticket)")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("Did not come")

    ACTIVE = (Status.BOOKED, Status.CHECKED_IN)

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.PROTECT, related_name="bookings", verbose_name=_("centre")
    )
    service = models.ForeignKey(
        "centre.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    bundle = models.ForeignKey(
        "centre.Bundle",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service bundle"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    seat = models.PositiveSmallIntegerField(default=0)
    phone = models.CharField(_("mobile number"), max_length=20)
    language = models.CharField(_("language"), max_length=2, default="ar")
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.BOOKED)
    reference_digest = models.CharField(max_length=64, unique=True, editable=False)
    ticket = models.OneToOneField(
        "queueing.Ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="booking",
        verbose_name=_("ticket"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "service", "starts_at", "seat"],
                condition=models.Q(status__in=["booked", "checked_in"]),
                name="one_booking_per_seat",
            )
        ]
        indexes = [models.Index(fields=["phone", "starts_at"], name="booking_phone_idx")]

    def __str__(self) -> str:
        return f"{self.centre.code}:{self.service.code} {self.starts_at:%Y-%m-%d %H:%M}"

    def visit_services(self) -> list:
        """The services of the visit in order (the first is `service`); a booking written
        without items is a visit of its one service."""
        items = [item.service for item in self.items.all()]
        return items or [self.service]

    def services_text(self, language: str) -> str:
        """The visit's services as the citizen reads them: the bundle's name, or the names."""
        if self.bundle_id:
            return self.bundle.name_in(language)
        comma = "، " if language == "ar" else ", "
        return comma.join(service.name_in(language) for service in self.visit_services())


class BookingItem(models.Model):
    """One service of a booked visit, in the order it is served."""

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="items", verbose_name=_("booking")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    service = models.ForeignKey(
        "centre.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )

    class Meta:
        ordering = ["booking", "position"]
        verbose_name = _("booked service")
        verbose_name_plural = _("booked services")
        constraints = [
            models.UniqueConstraint(fields=["booking", "position"], name="unique_booking_position"),
            models.UniqueConstraint(fields=["booking", "service"], name="unique_booking_service"),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id} #{self.position}: {self.service_id}"


class RemoteTicket(models.Model):
    """A place in today's order of arrival taken from home ("join the queue from home").

    It is not a ticket of the live queue: nothing calls it, counts it as waiting or puts it
    ahead of anyone until the citizen checks in at the centre's kiosk with its reference;
    then the engine issues the ticket (`appointments.remote`). Like a booking's, the
    reference is a bearer secret kept only as a digest; `token` only opens the page that
    says when to leave.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending (not yet at the centre)")
        CHECKED_IN = "checked_in", _("Checked in")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    centre = models.ForeignKey(
        "centre.Centre",
        on_delete=models.PROTECT,
        related_name="remote_tickets",
        verbose_name=_("centre"),
    )
    service = models.ForeignKey(
        "centre.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    service_day = models.DateField(_("service day"))
    phone = models.CharField(_("mobile number"), max_length=20)
    language = models.CharField(_("language"), max_length=2, default="ar")
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PENDING)
    reference_digest = models.CharField(max_length=64, unique=True, editable=False)
    token = models.CharField(max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(_("taken at"), default=timezone.now)
    travel_minutes = models.PositiveSmallIntegerField(_("travel time (minutes)"), default=0)
    # The estimated wait when the place was taken (upper end, minutes; None: no estimate),
    # the head start it keeps at check-in, and when it lapses if nobody comes.
    estimate_minutes = models.PositiveIntegerField(null=True, blank=True)
    head_start_minutes = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(_("expires at"))
    ticket = models.OneToOneField(
        "queueing.Ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="remote_place",
        verbose_name=_("ticket"),
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("remote ticket")
        verbose_name_plural = _("remote tickets")
        constraints = [
            models.UniqueConstraint(
                fields=["phone", "centre", "service_day"],
                condition=models.Q(status="pending"),
                name="one_pending_remote_ticket_per_number",
            )
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="remote_pending_idx"),
            models.Index(fields=["centre", "service", "service_day"], name="remote_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.centre.code}:{self.service.code} {self.created_at:%Y-%m-%d %H:%M}"


class SentOnce(models.Model):
    """A message the SMS outbox sends once: its row is the guard (a unique key in the
    subclass), written with the outbox row (`reminders._send_once`). `notification` is None
    when the number's daily messages were used up: the message counts as done."""

    notification = models.ForeignKey(
        "kiosk.Notification",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("message"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        abstract = True


class BookingReminder(SentOnce):
    """One reminder sent (or due but not sendable) for a booking: the unique constraint makes
    the reminder sender idempotent, however often and however many copies of it run."""

    class Kind(models.TextChoices):
        DAY = "day", _("The day before")
        HOUR = "hour", _("An hour before")

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("booking")
    )
    kind = models.CharField(_("kind"), max_length=4, choices=Kind)

    class Meta:
        verbose_name = _("booking reminder")
        verbose_name_plural = _("booking reminders")
        constraints = [
            models.UniqueConstraint(fields=["booking", "kind"], name="one_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.booking_id}:{self.kind}"


class RemoteLeaveMessage(SentOnce):
    """The "time to leave" message of a place taken from home (or its due moment, when the
    number's daily messages were used up): the one-to-one guard makes the sender write it
    once per place, however often and however many copies of the job run."""

    remote = models.OneToOneField(
        RemoteTicket,
        on_delete=models.CASCADE,
        related_name="leave_message",
        verbose_name=_("remote ticket"),
    )

    class Meta:
        verbose_name = _("time-to-leave message")
        verbose_name_plural = _("time-to-leave messages")

    def __str__(self) -> str:
        return f"{self.remote_id}:leave"
