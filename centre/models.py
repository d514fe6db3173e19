"""Centres and the National Registry of Government Services."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from nafitha import days
from nafitha.arabic import digits_for


class InvalidatingQuerySet(models.QuerySet):
    """Bulk writes invalidate the per-process copies of `centre.cached` (they send no
    signals; saves and deletes are connected there)."""

    def update(self, **kwargs):
        from centre.cached import invalidate

        rows = super().update(**kwargs)
        invalidate()
        return rows

    def bulk_create(self, *args, **kwargs):
        from centre.cached import invalidate

        created = super().bulk_create(*args, **kwargs)
        invalidate()
        return created

    def bulk_update(self, *args, **kwargs):
        from centre.cached import invalidate

        rows = super().bulk_update(*args, **kwargs)
        invalidate()
        return rows


class Bilingual(models.Model):
    """A record named in Arabic and English; `name` follows the active language."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_in(translation.get_language() or settings.LANGUAGE_CODE)

    def name_in(self, language: str) -> str:
        return self.name_en if language.startswith("en") else self.name_ar


class Centre(Bilingual):
    class SizeClass(models.TextChoices):
        COMPREHENSIVE = "comprehensive", _("Comprehensive centre")
        OFFICE = "office", _("Service office")

    code = models.SlugField(_("code"), unique=True, max_length=40)
    governorate = models.CharField(_("governorate"), max_length=80)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Amman")
    size_class = models.CharField(
        _("size class"), max_length=20, choices=SizeClass, default=SizeClass.COMPREHENSIVE
    )
    charter_line_ar = models.CharField(_("charter line (Arabic)"), max_length=300, blank=True)
    charter_line_en = models.CharField(_("charter line (English)"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = InvalidatingQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return days.zone(self.timezone)

    def local_now(self, now: dt.datetime | None = None) -> dt.datetime:
        return (now or timezone.now()).astimezone(self.tz)

    def clock(self, at: dt.datetime, language: str) -> str:
        """`at` as the centre's wall clock, "14:05", in the reader's digits."""
        return digits_for(at.astimezone(self.tz).strftime("%H:%M"), language)

    def service_day(self, at: dt.datetime | None = None) -> dt.date:
        """The centre's "today" at a moment (default now); ticket numbers restart with it."""
        return days.local_day(at, self.tz)

    def day_window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """The instants the centre's local `day` starts and ends."""
        return days.day_window(day, self.tz)

    def day_start(self, at: dt.datetime | None = None) -> dt.datetime:
        """Local midnight that began the centre's service day of `at` (default now)."""
        return days.day_start(at, self.tz)

    def charter_line(self, language: str) -> str:
        return self.charter_line_en if language.startswith("en") else self.charter_line_ar

    def as_json(self) -> dict:
        """The centre as every screen, API and report sends it: one shape for all of them."""
        return {
            "code": self.code,
            "name_ar": self.name_ar,
            "name_en": self.name_en,
            "governorate": self.governorate,
            "size_class": self.size_class,
            "timezone": self.timezone,
        }

    def is_open_at(self, at: dt.datetime | None = None) -> bool:
        return self.closed_because(at) is None

    def closed_because(self, at: dt.datetime | None = None) -> str | None:
        """Why the centre is closed at `at` ("holiday" or "hours"), or None when it is open.

        A confirmed public holiday closes every centre all day, whatever its opening hours.
        """
        from centre import cached  # the in-process copy of the holidays (imports this module)

        local = self.local_now(at)
        if local.date() in cached.holidays():
            return "holiday"
        hours = [h for h in self.opening_hours.all() if h.weekday == local.weekday()]
        return None if any(h.opens <= local.time() < h.closes for h in hours) else "hours"


class OpeningHours(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("centre")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    objects = InvalidatingQuerySet.as_manager()

    class Meta:
        ordering = ["centre", "weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")), name="opens_before_closes"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class PublicHolidayQuerySet(InvalidatingQuerySet):
    def observed(self) -> "PublicHolidayQuerySet":
        """The holidays that count: an estimated date counts once an admin confirms it."""
        return self.filter(confirmed=True)

    def dates_between(self, first: dt.date, last: dt.date) -> set[dt.date]:
        """Observed holiday dates from `first` to `last`, inclusive."""
        return set(self.observed().filter(date__range=(first, last)).values_list("date", flat=True))


class PublicHoliday(Bilingual):
    """A national public holiday: centres are closed and it is no working day for deadlines.

    Seeded from the `holidays` package (`manage.py seed_holidays`). Islamic holidays follow
    the moon sighting, so their dates are only estimates until the government announces them:
    they are seeded unconfirmed and count once an admin confirms them (or corrects the date).
    """

    date = models.DateField(_("date"), unique=True)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("An estimated date counts as a holiday only once it is confirmed."),
    )

    objects = PublicHolidayQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class Department(Bilingual):
    """A government department (الدائرة) whose services the centres offer."""

    code = models.SlugField(_("code"), unique=True, max_length=40)

    objects = InvalidatingQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")


class Service(Bilingual):
    """An entry of the National Registry of Government Services.

    Documents, conditions and procedure steps are lists of {"ar": ..., "en": ...} items,
    shown to citizens before they take a ticket and to staff as a checklist.

    The fee is free, fixed (an amount, with an optional note such as a replacement fee) or
    variable (no single amount: the note is the rule it follows, e.g. "by floor area").
    """

    class FeeKind(models.TextChoices):
        FREE = "free", _("Free of charge")
        FIXED = "fixed", _("Fixed amount")
        VARIABLE = "variable", _("Variable (by a rule)")

    code = models.SlugField(_("code"), unique=True, max_length=60)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="services", verbose_name=_("department")
    )
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    procedure_steps = models.JSONField(_("procedure steps"), default=list, blank=True)
    fee_kind = models.CharField(_("fee"), max_length=10, choices=FeeKind, default=FeeKind.FREE)
    fee = models.DecimalField(_("fee (JOD)"), max_digits=8, decimal_places=3, default=0)
    fee_note_ar = models.CharField(
        _("fee note or rule (Arabic)"),
        max_length=200,
        blank=True,
        help_text=_("For a variable fee, the rule it follows; for a fixed fee, an optional note."),
    )
    fee_note_en = models.CharField(_("fee note or rule (English)"), max_length=200, blank=True)
    digital_channels = models.JSONField(_("also offered digitally on"), default=list, blank=True)
    target_wait_minutes = models.PositiveIntegerField(
        _("charter target wait (minutes)"), default=15
    )
    standard_service_minutes = models.PositiveIntegerField(
        _("standard service time (minutes)"), default=10
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = InvalidatingQuerySet.as_manager()

    class Meta:
        ordering = ["department__code", "code"]
        verbose_name = _("registry service")
        verbose_name_plural = _("registry services")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_wait_minutes__gt=0), name="target_wait_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(standard_service_minutes__gt=0), name="standard_service_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(fee_kind="free", fee=0)
                | models.Q(fee_kind="fixed", fee__gt=0)
                | (models.Q(fee_kind="variable", fee=0) & ~models.Q(fee_note_ar="")),
                name="fee_matches_its_kind",
                violation_error_message=_(
                    "A free service has no amount, a fixed fee has one, and a variable fee "
                    "has its rule instead of an amount."
                ),
            ),
        ]

    @staticmethod
    def localise(items: list, language: str) -> list[str]:
        key = "en" if language.startswith("en") else "ar"
        return [item.get(key) or item.get("ar") or "" for item in items]


class CentreService(models.Model):
    """A registry service as offered by one centre: its ticket letter and daily cap."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="offers", verbose_name=_("centre")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="offers", verbose_name=_("service")
    )
    letter = models.CharField(_("ticket letter"), max_length=2)
    daily_cap = models.PositiveIntegerField(_("daily cap"), null=True, blank=True)
    is_active = models.BooleanField(_("offered"), default=True)

    objects = InvalidatingQuerySet.as_manager()

    class Meta:
        ordering = ["centre", "letter", "service__code"]
        verbose_name = _("offered service")
        verbose_name_plural = _("offered services")
        constraints = [
            models.UniqueConstraint(fields=["centre", "service"], name="unique_centre_service")
        ]

    def __str__(self) -> str:
        return f"{self.centre.code}:{self.service.code} ({self.letter})"


class Bundle(Bilingual):
    """A package of services (حزمة خدمات) served in one visit, in order."""

    code = models.SlugField(_("code"), unique=True, max_length=60)
    letter = models.CharField(_("ticket letter"), max_length=2, blank=True)
    services = models.ManyToManyField(
        Service, through="BundleItem", related_name="bundles", verbose_name=_("services")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = InvalidatingQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("service bundle")
        verbose_name_plural = _("service bundles")

    def ordered_services(self) -> list[Service]:
        return [item.service for item in self.items.select_related("service").order_by("position")]


class BundleItem(models.Model):
    bundle = models.ForeignKey(
        Bundle, on_delete=models.CASCADE, related_name="items", verbose_name=_("bundle")
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, verbose_name=_("service"))
    position = models.PositiveSmallIntegerField(_("position"))

    objects = InvalidatingQuerySet.as_manager()

    class Meta:
        ordering = ["bundle", "position"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "position"], name="unique_bundle_position")
        ]

    def __str__(self) -> str:
        return f"{self.bundle.code} #{self.position}: {self.service.code}"


class WorkProfile(models.Model):
    """An ordered calling profile for an employee or counter (configuration of the centre,
    named by `staff.Staff` and `queueing.Counter`; `queueing.routing` applies it).

    Rules are tried in order; the first whose condition holds picks the service to call
    from. When none holds, the default policy decides among every eligible service.
    """

    class Policy(models.TextChoices):
        CHARTER = "charter", _("Most overdue against the charter target")
        FIFO = "fifo", _("First come, first served")

    centre = models.ForeignKey(
        Centre, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("centre")
    )
    name = models.CharField(_("name"), max_length=100)
    default_policy = models.CharField(
        _("default policy"), max_length=10, choices=Policy, default=Policy.CHARTER
    )

    class Meta:
        verbose_name = _("work profile")
        verbose_name_plural = _("work profiles")

    def __str__(self) -> str:
        return self.name


class WorkProfileRule(models.Model):
    profile = models.ForeignKey(
        WorkProfile, on_delete=models.CASCADE, related_name="rules", verbose_name=_("work profile")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="+", verbose_name=_("service")
    )
    min_longest_wait_minutes = models.PositiveIntegerField(
        _("when the longest wait passes (minutes)"), null=True, blank=True
    )
    min_waiting = models.PositiveIntegerField(
        _("when at least this many wait"), null=True, blank=True
    )

    class Meta:
        ordering = ["profile", "position"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "position"], name="unique_rule_position")
        ]

    def __str__(self) -> str:
        return f"{self.profile} #{self.position}: {self.service}"
