"""The scorecard's refusals: a stable code, an HTTP status and a translated message."""

from django.utils.translation import gettext_lazy as _

from nafitha.errors import Refusal


class ScorecardError(Refusal):
    """A refused scorecard request (an unknown centre is the engine's `centre_unknown`, a
    scorecard the caller may not see the shared `forbidden`)."""

    messages = {
        "period_invalid": (
            400,
            _("The period must look like 2026-11-24, 2026-W48, 2026-11, 2026-Q4 or 2026."),
        ),
        "framework_unknown": (404, _("This scoring framework does not exist.")),
        "framework_invalid": (400, _("This scoring framework cannot score: %(reason)s")),
        "format_unknown": (400, _("The format must be json, csv or pdf.")),
        "weights_invalid": (
            400,
            _("Give a whole-number weight from 0 to 100 for each dimension: %(codes)s."),
        ),
        "weights_sum": (400, _("Dimension weights must sum to 100; they sum to %(sum)s.")),
    }
