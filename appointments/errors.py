"""Refusals of the booking channel: stable codes with translated messages.

`AppointmentError` is a `Refusal` (`nafitha/errors.py`), so the API's one error handler
renders it as `{code, detail}` with its status; a refused request changes nothing (a wrong
code only counts the attempt, which is the point of the limit).
"""

from django.utils.translation import gettext_lazy as _

from nafitha.errors import Refusal

MESSAGES = {
    "phone_invalid": (400, _("Enter a Jordanian mobile number, e.g. 0791234567.")),
    "code_resend_too_soon": (
        429,
        _("A code was sent a moment ago. You can ask for a new one in %(seconds)s seconds."),
    ),
    "phone_day_limit": (
        429,
        _("This number has been sent the most messages allowed today. Try again tomorrow."),
    ),
    "code_invalid": (400, _("This code is not right. Check the last message and try again.")),
    "code_expired": (400, _("This code has expired. Ask for a new one.")),
    "code_locked": (
        429,
        _("Too many wrong codes for this number. Try again in %(minutes)s minutes."),
    ),
    "booking_closed": (404, _("This service cannot be booked at this centre.")),
    "visit_invalid": (
        400,
        _("Choose one to five different services for the visit, or one bundle, not both."),
    ),
    "slot_unknown": (400, _("This time is not offered for booking. Choose one from the list.")),
    "slot_full": (409, _("This time has just been taken. Please choose another.")),
    "booking_overlaps": (
        409,
        _("This number already has a booking at that time. Move or cancel it first."),
    ),
    "booking_day_limit": (429, _("This number has booked the most visits allowed for that day.")),
    "booking_week_limit": (
        429,
        _("This number has booked the most visits allowed for that week."),
    ),
    "booking_no_shows": (
        403,
        _(
            "This number did not come to several booked visits recently, so it cannot book "
            "again until %(until)s. You can still take a ticket at the centre."
        ),
    ),
    "booking_unknown": (404, _("No booking has this reference.")),
    "booking_not_active": (409, _("This booking was cancelled or already used.")),
    "booking_other_centre": (
        409,
        _("This booking is for another centre: %(centre)s."),
    ),
    "plan_invalid": (
        400,
        _("Planned counters must be from 0 to 50 and the walk-in share from 0 to 100 percent."),
    ),
    "plan_service_not_offered": (400, _("This centre does not offer this service.")),
    "too_early": (
        409,
        _("You are early for your appointment. Please come back at %(time)s."),
    ),
    # Remote tickets ("join the queue from home") and the quickest-centre page.
    "remote_closed": (
        404,
        _("This centre does not take places in the queue from home for this service now."),
    ),
    "remote_pending_exists": (
        409,
        _("This number already holds a place in today's queue at this centre."),
    ),
    "remote_unknown": (404, _("No place in the queue has this reference.")),
    "remote_expired": (
        409,
        _("This place in the queue has expired. Please take a ticket at the kiosk."),
    ),
    "remote_not_pending": (
        409,
        _("This place in the queue was cancelled or has already been checked in."),
    ),
    "remote_other_centre": (409, _("This place in the queue is for another centre: %(centre)s.")),
    "travel_invalid": (400, _("Enter your travel time in minutes, from 0 to 180.")),
    "quickest_service_unknown": (404, _("No service has this code.")),
}


class AppointmentError(Refusal):
    """A refused booking action; `params` fill the message's placeholders."""

    messages = MESSAGES
