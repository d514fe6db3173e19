"""Staff of a centre, their roles and the services they are certified for."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nafitha.days import local_day


class Staff(models.Model):
    class Role(models.TextChoices):
        AGENT = "agent", _("Agent")
        SUPERVISOR = "supervisor", _("Supervisor")
        MANAGER = "manager", _("Centre manager")
        ANALYST = "analyst", _("National analyst")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff",
        verbose_name=_("user"),
    )
    centre = models.ForeignKey(
        "centre.Centre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("centre"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role, default=Role.AGENT)
    is_universal = models.BooleanField(
        _("universal employee"),
        default=True,
        help_text=_("Certified for every service the centre offers (الموظف الشامل)."),
    )
    profile = models.ForeignKey(
        "centre.WorkProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("work profile"),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="ar"
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="analyst") | models.Q(centre__isnull=False),
                name="staff_has_centre_unless_analyst",
            )
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def display_name(self) -> str:
        return str(self)

    def certified_service_ids(self, on: dt.date | None = None) -> set[int] | None:
        """Service ids this person may serve, or None for every service the centre offers."""
        if self.is_universal:
            return None
        on = on or (self.centre.service_day() if self.centre_id else local_day())
        return set(self.certifications.valid_on(on).values_list("service_id", flat=True))

    def is_certified_for(self, service_id: int, on: dt.date | None = None) -> bool:
        ids = self.certified_service_ids(on)
        return ids is None or service_id in ids


class CertificationQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date) -> "CertificationQuerySet":
        """Certifications in force on `day`: open-ended, or valid through that whole day."""
        return self.filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day))


class Certification(models.Model):
    staff = models.ForeignKey(
        Staff, on_delete=models.CASCADE, related_name="certifications", verbose_name=_("employee")
    )
    service = models.ForeignKey(
        "centre.Service", on_delete=models.CASCADE, related_name="+", verbose_name=_("service")
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.UniqueConstraint(fields=["staff", "service"], name="unique_certification")
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.service.code}"
