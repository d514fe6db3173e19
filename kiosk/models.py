"""Registered kiosk devices and the outbox of citizen notifications."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nafitha import references


def hash_token(token: str) -> str:
    """Device tokens are random secrets stored as their digest (`nafitha.references`)."""
    return references.digest(token)


class KioskDevice(models.Model):
    """A check-in kiosk of one centre. Only the hash of its token is kept; admin shows the
    token once, when it is created or replaced."""

    class PrintMode(models.TextChoices):
        BROWSER = "browser", _("Kiosk browser prints the PDF")
        CUPS = "cups", _("Server sends the PDF to a CUPS printer")
        ESCPOS = "escpos", _("Server sends ESC/POS raster to a network printer")

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="kiosks", verbose_name=_("centre")
    )
    name = models.CharField(_("name"), max_length=80)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("token starts with"), max_length=8, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    print_mode = models.CharField(
        _("printing"), max_length=10, choices=PrintMode, default=PrintMode.BROWSER
    )
    printer = models.CharField(
        _("printer"),
        max_length=200,
        blank=True,
        help_text=_("CUPS queue name for CUPS printing, or host:port for an ESC/POS printer."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["centre", "name"]
        verbose_name = _("kiosk device")
        verbose_name_plural = _("kiosk devices")

    def __str__(self) -> str:
        return f"{self.name} ({self.centre.code})"

    def set_new_token(self) -> str:
        """Replace the token; return the clear text, which is never stored."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.token_prefix = token[:8]
        return token


class Notification(models.Model):
    """One message to a citizen's phone, kept until a backend accepts it (an outbox row)."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Ticket issued")
        NEAR = "near", _("Turn is near")
        TURN = "turn", _("Your turn")
        CODE = "code", _("One-time code")
        BOOKING = "booking", _("Booking confirmed")
        REMINDER = "reminder", _("Booking reminder")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not needed")

    # None for messages about no ticket yet (a one-time code, a booking confirmation).
    ticket = models.ForeignKey(
        "queueing.Ticket",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("ticket"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    phone = models.CharField(_("mobile number"), max_length=20)
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "kind"], name="one_notification_per_kind")
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_due_idx"),
            # The daily limit per number is counted while the engine holds its locks.
            models.Index(fields=["phone", "created_at"], name="notification_phone_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.ticket_id} ({self.status})"
