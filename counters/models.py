"""What the counter console and the supervisor view keep beside the engine's own records."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLog(models.Model):
    """One supervisor action: who did what to which counter, ticket or employee, and the
    state before and after. Written in the same transaction as the change itself."""

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    actor = models.ForeignKey(
        "staff.Staff", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    actor_name = models.CharField(_("by (name)"), max_length=150)
    action = models.SlugField(_("action"), max_length=40)
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
        "centre.Counter",
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
