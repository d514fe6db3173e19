"""Daily aggregates the scorecard reads, and scoring frameworks.

National queries over years read `CentreDay` / `ServiceDay` only, never raw tickets. Every
count and sum in them is additive, so a period is the SUM of its days; percentiles over a
period come from the wait histogram (`wait_bin_NN`, one column per bin so SQL can sum it).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from centre.models import Bilingual

# Upper edges (minutes) of the wait histogram bins; the last bin is open-ended.
WAIT_BIN_EDGES_MIN = (1, 2, 3, 5, 7, 10, 15, 20, 25, 30, 40, 50, 60, 90, 120)
WAIT_BINS = [f"wait_bin_{i:02d}" for i in range(len(WAIT_BIN_EDGES_MIN) + 1)]


class Figures(models.Model):
    """Additive ticket figures of one day (per service, or summed over a centre)."""

    arrivals = models.PositiveIntegerField(default=0)  # service steps that entered a queue
    called = models.PositiveIntegerField(default=0)  # steps called at least once
    served = models.PositiveIntegerField(default=0)  # steps completed, any outcome
    resolved = models.PositiveIntegerField(default=0)  # completed with outcome "completed"
    no_shows = models.PositiveIntegerField(default=0)
    walk_outs = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    transfers = models.PositiveIntegerField(default=0)
    recalls = models.PositiveIntegerField(default=0)
    within_target = models.PositiveIntegerField(default=0)  # called within the charter target
    within_standard = models.PositiveIntegerField(default=0)  # served within standard time
    wait_sum = models.FloatField(default=0)  # seconds, over `called`
    walk_n = models.PositiveIntegerField(default=0)
    walk_sum = models.FloatField(default=0)
    service_n = models.PositiveIntegerField(default=0)
    service_sum = models.FloatField(default=0)
    # Exact percentiles of the day (seconds); periods use the histogram instead.
    wait_p50 = models.FloatField(null=True, blank=True)
    wait_p90 = models.FloatField(null=True, blank=True)
    walk_p50 = models.FloatField(null=True, blank=True)
    walk_p90 = models.FloatField(null=True, blank=True)
    service_p50 = models.FloatField(null=True, blank=True)
    service_p90 = models.FloatField(null=True, blank=True)

    ADDITIVE = (
        "arrivals",
        "called",
        "served",
        "resolved",
        "no_shows",
        "walk_outs",
        "cancelled",
        "transfers",
        "recalls",
        "within_target",
        "within_standard",
        "wait_sum",
        "walk_n",
        "walk_sum",
        "service_n",
        "service_sum",
        *WAIT_BINS,
    )
    PERCENTILES = ("wait_p50", "wait_p90", "walk_p50", "walk_p90", "service_p50", "service_p90")

    class Meta:
        abstract = True


class CentreDay(Figures):
    """One centre's day: ticket figures summed over services, plus centre-wide figures."""

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    day = models.DateField()
    visits = models.PositiveIntegerField(default=0)  # tickets issued
    visits_done = models.PositiveIntegerField(default=0)
    visit_sum = models.FloatField(default=0)
    visit_p50 = models.FloatField(null=True, blank=True)
    visit_p90 = models.FloatField(null=True, blank=True)
    open_seconds = models.FloatField(default=0)  # counters open (not paused)
    serving_seconds = models.FloatField(default=0)
    peak_waiting = models.PositiveIntegerField(default=0)
    coverage_services = models.PositiveIntegerField(default=0)
    coverage_covered = models.PositiveIntegerField(default=0)
    registry_services = models.PositiveIntegerField(default=0)
    registry_complete = models.PositiveIntegerField(default=0)
    charter_services = models.PositiveIntegerField(default=0)
    charter_met = models.PositiveIntegerField(default=0)
    csat_n = models.PositiveIntegerField(default=0)
    csat_positive = models.PositiveIntegerField(default=0)
    nps_n = models.PositiveIntegerField(default=0)
    nps_promoters = models.PositiveIntegerField(default=0)
    nps_detractors = models.PositiveIntegerField(default=0)
    complaints = models.PositiveIntegerField(default=0)
    complaints_due = models.PositiveIntegerField(default=0)
    complaints_due_met = models.PositiveIntegerField(default=0)
    mystery_n = models.PositiveIntegerField(default=0)
    mystery_sum = models.FloatField(default=0)
    volunteer_n = models.PositiveIntegerField(default=0)
    volunteer_sum = models.FloatField(default=0)
    self_n = models.PositiveIntegerField(default=0)
    self_sum = models.FloatField(default=0)
    # Appointments (docs/metrics.md "Appointments"): bookings of the day (not cancelled) and
    # those nobody checked in; first calls of appointment tickets, those within
    # NAFITHA_BOOKING["punctual_minutes"] of the booked time, and the waits of booked and
    # walk-in steps; visits (tickets) that came from a booking.
    bookings = models.PositiveIntegerField(default=0)
    booking_no_shows = models.PositiveIntegerField(default=0)
    appointment_called = models.PositiveIntegerField(default=0)
    appointment_punctual = models.PositiveIntegerField(default=0)
    appointment_wait_sum = models.FloatField(default=0)
    walk_in_called = models.PositiveIntegerField(default=0)
    walk_in_wait_sum = models.FloatField(default=0)
    visits_booked = models.PositiveIntegerField(default=0)
    # Remote places ("join the queue from home", docs/metrics.md "Appointments"): tickets of
    # the day on the remote channel; places taken for the day (not cancelled), those checked
    # in and those that lapsed; remote tickets called, and the seconds from their check-in to
    # their first call, summed.
    visits_remote = models.PositiveIntegerField(default=0)
    remote_places = models.PositiveIntegerField(default=0)
    remote_checked_in = models.PositiveIntegerField(default=0)
    remote_expired = models.PositiveIntegerField(default=0)
    remote_called = models.PositiveIntegerField(default=0)
    remote_lead_sum = models.FloatField(default=0)
    arrivals_by_hour = models.JSONField(default=list)  # 24 counts, local hour of issue
    served_by_hour = models.JSONField(default=list)  # 24 counts, local hour of completion
    by_channel = models.JSONField(
        default=dict
    )  # {channel: {arrivals, called, within_target, wait_sum}}
    by_priority = models.JSONField(default=dict)  # {priority code or "none": {...}}
    # Where the row came from: "" for this instance, else the feed's instance name.
    origin = models.CharField(max_length=100, blank=True)

    CENTRE_ADDITIVE = (
        "visits",
        "visits_done",
        "visit_sum",
        "open_seconds",
        "serving_seconds",
        "coverage_services",
        "coverage_covered",
        "registry_services",
        "registry_complete",
        "charter_services",
        "charter_met",
        "csat_n",
        "csat_positive",
        "nps_n",
        "nps_promoters",
        "nps_detractors",
        "complaints",
        "complaints_due",
        "complaints_due_met",
        "mystery_n",
        "mystery_sum",
        "volunteer_n",
        "volunteer_sum",
        "self_n",
        "self_sum",
        "bookings",
        "booking_no_shows",
        "appointment_called",
        "appointment_punctual",
        "appointment_wait_sum",
        "walk_in_called",
        "walk_in_wait_sum",
        "visits_booked",
        "visits_remote",
        "remote_places",
        "remote_checked_in",
        "remote_expired",
        "remote_called",
        "remote_lead_sum",
    )

    class Meta:
        ordering = ["centre", "day"]
        constraints = [models.UniqueConstraint(fields=["centre", "day"], name="unique_centre_day")]
        indexes = [models.Index(fields=["day", "centre"], name="centreday_day_idx")]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.day}"


class ServiceDay(Figures):
    """One service's day at one centre (drill-down centre → department → service)."""

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    day = models.DateField()
    service = models.ForeignKey(
        "centre.Service", on_delete=models.CASCADE, related_name="+", verbose_name=_("service")
    )

    class Meta:
        ordering = ["centre", "day", "service"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "day", "service"], name="unique_service_day")
        ]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.day} {self.service_id}"


for _name in WAIT_BINS:
    for _model in (CentreDay, ServiceDay):
        _model.add_to_class(_name, models.PositiveIntegerField(default=0))


class CentreMonth(models.Model):
    """The SUM of a centre's days in one calendar month, kept with them by the aggregation and
    the feed import: a year of national figures reads 12 rows per centre, not 260."""

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    month = models.DateField(help_text="First day of the month.")

    class Meta:
        ordering = ["centre", "month"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "month"], name="unique_centre_month")
        ]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.month:%Y-%m}"


for _name in (*Figures.ADDITIVE, *CentreDay.CENTRE_ADDITIVE):
    CentreMonth.add_to_class(_name, CentreDay._meta.get_field(_name).clone())


class Watermark(models.Model):
    """How far `aggregate_daily` has read each source, so a run only redoes touched days."""

    source = models.CharField(max_length=40, unique=True)
    last_id = models.BigIntegerField(default=0)
    last_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.source}: {self.last_id}"


class FederatedCentre(models.Model):
    """A centre whose days come from another instance's feed, not from local tickets."""

    centre = models.OneToOneField(
        "centre.Centre", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    instance = models.CharField(max_length=100)
    last_imported_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.centre_id} from {self.instance}"


class ImportedDay(models.Model):
    """Digest of an imported centre-day, so re-importing the same feed changes nothing."""

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    day = models.DateField()
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["centre", "day"], name="unique_imported_day")
        ]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.day}"


# --- Scoring frameworks ------------------------------------------------------------------


class Framework(Bilingual):
    """A scoring framework: weighted dimensions of indicators, star bands and caps."""

    code = models.SlugField(_("code"), unique=True, max_length=40)
    is_default = models.BooleanField(_("default"), default=False)
    min_sample = models.PositiveIntegerField(
        _("small sample below"),
        default=30,
        help_text=_("Indicators with fewer answers are flagged."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("scoring framework")
        verbose_name_plural = _("scoring frameworks")

    def problems(self) -> list[str]:
        """Why this framework cannot score (empty when it can)."""
        found = []
        weights = [d.weight for d in self.dimensions.all()]
        if sum(weights) != 100:
            found.append(
                str(
                    _("Dimension weights must sum to 100; they sum to %(sum)s.")
                    % {"sum": sum(weights)}
                )
            )
        if not self.bands.exists():
            found.append(str(_("The framework has no star bands.")))
        return found


class Dimension(Bilingual):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("framework")
    )
    code = models.CharField(_("code"), max_length=4)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MaxValueValidator(100)])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["framework", "position", "code"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_dimension_code")
        ]


class Indicator(models.Model):
    """One measured figure scored 0–100 as 100·clamp((x − floor)/(target − floor)).

    A floor above the target scores "lower is better" figures (waits, complaints).
    """

    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("dimension")
    )
    metric = models.CharField(_("metric"), max_length=40)
    floor = models.FloatField(_("floor (scores 0)"))
    target = models.FloatField(_("target (scores 100)"))
    weight = models.FloatField(
        _("weight within the dimension"), default=1, validators=[MinValueValidator(0)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["dimension", "position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.metric} ({self.floor} → {self.target})"

    def clean(self):
        from scorecard.indicators import INDICATORS

        if self.metric not in INDICATORS:
            raise ValidationError({"metric": _("Unknown metric.")})
        if self.floor == self.target:
            raise ValidationError({"target": _("The floor and the target must differ.")})


class StarBand(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="bands", verbose_name=_("framework")
    )
    min_score = models.FloatField(
        _("from score"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )

    class Meta:
        ordering = ["framework", "-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "stars"], name="unique_band_stars")
        ]

    def __str__(self) -> str:
        return f"≥ {self.min_score}: {self.stars}★"


class StarCap(models.Model):
    """At most `max_stars` when a condition holds (e.g. service level under 80 %)."""

    class Kind(models.TextChoices):
        VALUE_BELOW = "value_below", _("Indicator value below the threshold")
        SAMPLE_BELOW = "sample_below", _("Indicator sample below the threshold")
        DIMENSION_BELOW = "dimension_below", _("Any dimension score below the threshold")

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="caps", verbose_name=_("framework")
    )
    kind = models.CharField(_("condition"), max_length=20, choices=Kind)
    metric = models.CharField(_("metric"), max_length=40, blank=True)
    threshold = models.FloatField(_("threshold"))
    max_stars = models.PositiveSmallIntegerField(
        _("at most stars"), validators=[MaxValueValidator(7)]
    )

    class Meta:
        ordering = ["framework", "max_stars"]

    def __str__(self) -> str:
        return f"{self.kind} {self.metric} {self.threshold} → ≤ {self.max_stars}★"

    def clean(self):
        from scorecard.indicators import INDICATORS

        if self.kind != self.Kind.DIMENSION_BELOW and self.metric not in INDICATORS:
            raise ValidationError({"metric": _("Unknown metric.")})
