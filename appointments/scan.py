"""What a page that checks in by camera needs (static/nafitha/qr_scan.js): the form of a
reference a QR code must hold, and the scanner's words in the page language.

The QR code on a booking's and a remote place's page holds the bare reference
(`api.qr_data_uri`), never a URL: a reference travels in request bodies only. So a code that
reads as anything else (a ticket's tracking link, another site) is refused in place.
Used by the kiosk's check-in screen and the counter console's check-in card.
"""

from django.utils.translation import gettext as _

from appointments.remote_selectors import REMOTE_LETTER
from appointments.selectors import REFERENCE_LETTER
from nafitha import references


def scan_config() -> dict:
    """The scanner's settings for the page's script; call in the page's language."""
    return {
        "pattern": references.pattern(REFERENCE_LETTER + REMOTE_LETTER),
        "strings": {
            "start": _("Scan the QR code with the camera"),
            "stop": _("Stop the camera"),
            "starting": _("Starting the camera…"),
            "hold": _("Hold the QR code of the booking in front of the camera."),
            "not_reference": _(
                "This QR code is not a booking's or a remote ticket's. Scan the code on the "
                "booking page, or type the reference."
            ),
            "denied": _(
                "The camera may not be used here. Type the reference instead, or ask staff "
                "to allow the camera."
            ),
            "no_camera": _("No camera was found. Type the reference instead."),
            "unavailable": _("The camera cannot be used here. Type the reference instead."),
            "timed_out": _("The camera was stopped. Press the button to scan again."),
        },
    }
