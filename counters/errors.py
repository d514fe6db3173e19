"""The staff counter API's own refusals (the engine's, such as `counter_occupied`, are in
queueing/errors.py)."""

from django.utils.translation import gettext_lazy as _

from nafitha.errors import Refusal


class CounterError(Refusal):
    messages = {
        "console_superseded": (
            409,
            _("This counter is now operated from another window. This window is read-only."),
        ),
        "services_required": (
            400,
            _("Choose at least one service or make the employee universal."),
        ),
    }
