"""The dashboard and scorecard entries in the staff navigation bar (see `staff.nav`)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from scorecard.access import can_see_centre, can_see_national
from staff import nav


def _leads(staff, centre) -> bool:
    return can_see_national(staff) or (centre is not None and can_see_centre(staff, centre))


def register() -> None:
    nav.register(
        "scorecard:dashboard",
        order=30,
        label=_("Dashboard"),
        link=lambda user, staff, centre: (
            reverse("scorecard:dashboard-index") if _leads(staff, centre) else None
        ),
    )
    nav.register(
        "scorecard:national",
        order=60,
        label=_("Scorecard"),
        link=lambda user, staff, centre: (
            reverse("scorecard:national") if _leads(staff, centre) else None
        ),
    )
