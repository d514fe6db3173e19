"""The complaints and improvements entries in the staff navigation bar (see `staff.nav`)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from feedback.access import can_manage_improvements, can_use_request_queue
from staff import nav


def register() -> None:
    nav.register(
        "feedback:queue",
        order=40,
        label=_("Complaints"),
        link=lambda user, staff, centre: (
            reverse("feedback:queue") if can_use_request_queue(user) else None
        ),
    )
    nav.register(
        "feedback:improvements",
        order=50,
        label=_("Improvements"),
        link=lambda user, staff, centre: (
            reverse("feedback:improvements") if can_manage_improvements(user) else None
        ),
    )
