"""The appointments page in the staff navigation bar (see `staff.nav`)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from staff import nav


def register() -> None:
    from appointments.staff_views import can_see_bookings

    nav.register(
        "appointments:day",
        order=25,
        label=_("Appointments"),
        link=lambda user, staff, centre: (
            reverse("appointments-staff-day", args=[centre.code])
            if centre is not None and can_see_bookings(staff, centre)
            else None
        ),
    )
