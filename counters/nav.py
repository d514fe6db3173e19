"""The counter pages' entries in the staff navigation bar (registered in `CountersConfig`)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from staff import nav
from staff.access import can_operate_counters, can_watch_counters


def register() -> None:
    nav.register(
        "counters:console",
        order=10,
        label=_("Counter"),
        link=lambda user, staff, centre: (
            reverse("counters:console", args=[centre.code])
            if centre is not None and can_operate_counters(staff, centre)
            else None
        ),
    )
    nav.register(
        "counters:supervisor",
        order=20,
        label=_("Supervision"),
        link=lambda user, staff, centre: (
            reverse("counters:supervisor", args=[centre.code])
            if centre is not None and can_watch_counters(staff, centre)
            else None
        ),
    )
