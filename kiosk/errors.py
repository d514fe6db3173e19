"""The kiosk app's refusals: a stable code, an HTTP status and a translated message."""

from django.utils.translation import gettext_lazy as _

from nafitha.errors import Refusal

MESSAGES = {
    "speech_unknown": (404, _("The kiosk has nothing to say for this key.")),
    "speech_language": (400, _("Spoken guidance is available in Arabic and English.")),
}


class KioskError(Refusal):
    messages = MESSAGES
