"""What the counter console and the supervisor view keep beside the engine's own records."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLog(models.Model):
    """One supervisor action: who did what to which counter, ticket or employee, and the
    state before and after. Written in the same transaction as the change itself."""

    class Action(models.TextChoices):
        """One name per action of the staff counter API: what the log and its screens show."""

        OPEN = "counter.open", _("Opened a counter")
        PAUSE = "counter.pause", _("Paused a counter")
        RESUME = "counter.resume", _("Resumed a counter")
        CLOSE = "counter.close", _("Closed a counter")
        CALL_NEXT = "counter.call-next", _("Called the next ticket")
        CALL_SPECIFIC = "counter.call-specific", _("Called a ticket to a counter")
        RECALL = "counter.recall", _("Called a ticket again")
        START = "counter.start", _("Started a service")
        COMPLETE = "counter.complete", _("Completed a service")
        NO_SHOW = "counter.no-show", _("Marked a ticket as a no-show")
        ADD_SERVICE = "counter.add-service", _("Added a service to a visit")
        RETURN = "counter.return", _("Returned a ticket to the queue")
        TICKET_TRANSFER = "ticket.transfer", _("Moved a ticket to another service")
        TICKET_CANCEL = "ticket.cancel", _("Cancelled a ticket")
        STAFF_SERVICES = "staff.services", _("Changed an employee's services")
        APPOINTMENT_PLAN = "appointments.plan", _("Changed an appointment plan")
        APPOINTMENT_CHECK_IN = "appointments.check_in", _("Checked in a booking or remote place")

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    actor = models.ForeignKey(
        "staff.Staff", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    actor_name = models.CharField(_("by (name)"), max_length=150)
    action = models.CharField(_("action"), max_length=40, choices=Action)
    target = models.CharField(_("target"), max_length=120)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["centre", "at"], name="audit_centre_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target}"


class ConsoleLease(models.Model):
    """Which browser tab operates a counter. The newest tab to open the console takes it; a
    console request from any other tab is refused, so two tabs never both act on the counter."""

    counter = models.OneToOneField(
        "queueing.Counter",
        on_delete=models.CASCADE,
        related_name="console_lease",
        verbose_name=_("counter"),
    )
    tab = models.CharField(max_length=64)
    staff = models.ForeignKey(
        "staff.Staff", on_delete=models.CASCADE, related_name="+", verbose_name=_("employee")
    )
    claimed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.counter_id}: {self.tab}"
