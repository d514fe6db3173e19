"""The feedback app's refusals: a stable code, an HTTP status and a translated message."""

from django.utils.translation import gettext_lazy as _

from nafitha.errors import Refusal

MESSAGES = {
    "visit_unknown": (404, _("This visit does not exist.")),
    "visit_not_finished": (409, _("You can give feedback once your visit is finished.")),
    "link_expired": (
        410,
        _("This feedback link has expired. Feedback can be given only shortly after the visit."),
    ),
    "prompt_expired": (410, _("This feedback request has expired.")),
    "already_answered": (409, _("Feedback for this visit has already been given. Thank you!")),
    "tablet_unknown": (404, _("This feedback tablet is not registered or is disabled.")),
    "request_unknown": (404, _("No request has this reference number.")),
    "request_invalid_transition": (
        409,
        _("This action is not allowed in the request's current state."),
    ),
    "reason_required": (400, _("Give the reason for the rejection.")),
    "answer_required": (400, _("Write the answer to the citizen.")),
    "forbidden": (403, _("You are not allowed to do this.")),
    "incomplete_evaluation": (400, _("Score every item of the checklist.")),
    "value_out_of_scale": (400, _("A score is outside the item's scale.")),
    "throttled": (429, _("Too many attempts. Please wait a minute and try again.")),
}


class FeedbackError(Refusal):
    """Raised by the feedback services for any refused operation; nothing has been changed."""

    messages = MESSAGES
