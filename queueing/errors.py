"""The ticketing engine's refusals: a stable code, an HTTP status and a translated message."""

from django.utils.translation import gettext_lazy as _

from nafitha.errors import Refusal

MESSAGES = {
    "centre_unknown": (404, _("This centre does not exist.")),
    "centre_closed": (409, _("The centre is closed now. Please come back during opening hours.")),
    "centre_holiday": (
        409,
        _("The centre is closed today for a public holiday. Please come back on a working day."),
    ),
    "service_unknown": (404, _("This service does not exist in the registry.")),
    "service_not_offered": (400, _("This service is not offered at this centre.")),
    "bundle_unknown": (404, _("This service bundle does not exist.")),
    "no_services": (400, _("Choose at least one service or a bundle, not both.")),
    "daily_cap_reached": (409, _("No more tickets can be issued for this service today.")),
    "priority_unknown": (400, _("This priority class does not exist.")),
    "language_unknown": (400, _("The language must be Arabic or English.")),
    "channel_unknown": (400, _("This channel does not exist.")),
    "phone_not_verified": (
        403,
        _(
            "Messages to a phone can be asked for only at the centre's kiosk or with a verified number."
        ),
    ),
    "sms_limit_reached": (
        429,
        _("This number has been sent the most messages allowed today. Take the ticket without it."),
    ),
    "placement_unknown": (400, _("The place in the queue must be front, end or age.")),
    "outcome_unknown": (400, _("This service outcome does not exist.")),
    "pause_reason_unknown": (400, _("Choose a reason for the pause.")),
    "ticket_unknown": (404, _("This ticket does not exist.")),
    "counter_unknown": (404, _("This counter does not exist.")),
    "counter_not_open": (409, _("The counter is not open.")),
    "counter_busy": (409, _("The counter must finish or release its current ticket first.")),
    "counter_idle": (409, _("The counter has no current ticket.")),
    "counter_occupied": (409, _("Another employee is working at this counter.")),
    "not_at_counter": (403, _("You are not working at this counter.")),
    "not_certified": (403, _("You are not certified for this service.")),
    "wrong_centre": (403, _("You do not work at this centre.")),
    "supervisors_only": (403, _("Only a supervisor may do this.")),
    "invalid_transition": (409, _("This action is not allowed for the ticket's current state.")),
    "no_show_too_early": (409, _("Call the ticket again before marking it as a no-show.")),
    "same_service": (400, _("The ticket is already in this service.")),
    "queue_busy": (503, _("The queue is busy. Please try again.")),
    "channel_not_allowed": (403, _("You may not issue tickets on this channel.")),
    "priority_not_allowed": (403, _("You may not give a ticket this priority class.")),
    "remote_share_reached": (
        409,
        _(
            "No more tickets for this service can be taken away from the centre now. "
            "Please take one at the centre."
        ),
    ),
    "client_day_limit": (
        429,
        _("You have taken as many tickets as one connection may take today."),
    ),
    "idempotency_key_invalid": (
        400,
        _("The Idempotency-Key header must be 1 to 80 visible ASCII characters."),
    ),
    "idempotency_key_reused": (
        409,
        _("This Idempotency-Key was already used for a different request."),
    ),
}


class QueueError(Refusal):
    """Raised by the engine for any refused operation; nothing has been changed."""

    messages = MESSAGES
