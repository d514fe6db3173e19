"""Configured display screens: which calls a hall screen shows, in which languages and layout."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class DisplayScreen(models.Model):
    """One TV in a centre's hall, shown at /display/<centre>/screen/<slug>/.

    Empty department and service lists mean "everything". Saving in admin pushes the new
    configuration to the open screens at once.
    """

    class Languages(models.TextChoices):
        ARABIC_ENGLISH = "ar,en", _("Arabic, then English")
        ARABIC = "ar", _("Arabic only")
        ENGLISH = "en", _("English only")

    class Layout(models.TextChoices):
        STANDARD = "standard", _("Latest call, recent calls and waiting per department")
        CALLS = "calls", _("Calls only")

    centre = models.ForeignKey(
        "centre.Centre", on_delete=models.CASCADE, related_name="screens", verbose_name=_("centre")
    )
    slug = models.SlugField(_("slug"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    departments = models.ManyToManyField(
        "centre.Department", blank=True, related_name="+", verbose_name=_("departments")
    )
    services = models.ManyToManyField(
        "centre.Service", blank=True, related_name="+", verbose_name=_("services")
    )
    languages = models.CharField(
        _("languages"), max_length=5, choices=Languages, default=Languages.ARABIC_ENGLISH
    )
    layout = models.CharField(_("layout"), max_length=10, choices=Layout, default=Layout.STANDARD)
    recent_calls = models.PositiveSmallIntegerField(
        _("recent calls shown"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    announce = models.BooleanField(_("chime and spoken announcement"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["centre", "slug"]
        verbose_name = _("display screen")
        verbose_name_plural = _("display screens")
        constraints = [
            models.UniqueConstraint(fields=["centre", "slug"], name="unique_screen_slug")
        ]

    def __str__(self) -> str:
        return f"{self.centre.code}/{self.slug}"

    def config(self) -> dict:
        """What the screen's page and socket need, as JSON."""
        return {
            "screen": self.slug,
            "name": self.name,
            "departments": sorted(d.code for d in self.departments.all()),
            "services": sorted(s.code for s in self.services.all()),
            "languages": self.languages.split(","),
            "layout": self.layout,
            "recent_calls": self.recent_calls,
            "announce": self.announce,
        }


def default_config() -> dict:
    """The centre's own hall display (/display/<centre>/): everything, in both languages."""
    return {
        "screen": None,
        "name": "",
        "departments": [],
        "services": [],
        "languages": ["ar", "en"],
        "layout": DisplayScreen.Layout.STANDARD.value,
        "recent_calls": settings.NAFITHA_DISPLAY_RECENT_CALLS,
        "announce": True,
    }
