"""The scorecard's refusals."""

from django.utils.translation import gettext_lazy as _


class ScorecardError(Exception):
    """A refused scorecard request: a stable code, an HTTP status and a translated message."""

    MESSAGES = {
        "period_invalid": (
            400,
            _("The period must look like 2026-11-24, 2026-W48, 2026-11, 2026-Q4 or 2026."),
        ),
        "centre_unknown": (404, _("This centre does not exist.")),
        "framework_unknown": (404, _("This scoring framework does not exist.")),
        "framework_invalid": (400, _("This scoring framework cannot score: %(reason)s")),
        "forbidden": (403, _("You may not see this scorecard.")),
        "format_unknown": (400, _("The format must be json, csv or pdf.")),
    }

    def __init__(self, code: str, **params):
        self.code = code
        self.status, message = self.MESSAGES[code]
        self.detail = str(message) % params if params else str(message)
        super().__init__(code)
