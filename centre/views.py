"""The home page: every active centre with links to its screens."""

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from centre.models import Centre

# Paths fixed by the contract between the apps (docs in nafitha/urls.py); the screens live
# in other apps, so they are written out rather than reversed.
CENTRE_SCREENS = [
    (_("Kiosk"), "/kiosk/{code}/"),
    (_("Hall display"), "/display/{code}/"),
    (_("Counter console"), "/counter/{code}/"),
    (_("Supervisor view"), "/counter/{code}/supervisor/"),
    (_("Manager dashboard"), "/dashboard/{code}/"),
]
NATIONAL_LINKS = [
    (_("National scorecard"), "/scorecard/"),
    (_("API documentation"), "/api/v1/docs/"),
    (_("Staff log-in"), "/staff/login/"),
    (_("Administration"), "/admin/"),
]


def centre_screens(code: str) -> list[tuple[str, str]]:
    return [(label, path.format(code=code)) for label, path in CENTRE_SCREENS]


def home(request):
    language = get_language()
    centres = [
        {
            "centre": centre,
            "charter": centre.charter_line(language),
            "screens": centre_screens(centre.code),
        }
        for centre in Centre.objects.filter(is_active=True)
    ]
    return render(request, "centre/home.html", {"centres": centres, "national": NATIONAL_LINKS})
