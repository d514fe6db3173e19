"""Refusals of staff log-in."""

from django.utils.translation import gettext_lazy as _

from nafitha.errors import Refusal


class StaffError(Refusal):
    messages = {
        "locked_out": (
            429,
            _(
                "Too many failed log-in attempts: log-in is locked for a while. Try again later, "
                "or ask an administrator to unlock it."
            ),
        ),
    }
