"""The staff navigation bar: the screens this person may open, on every staff page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from feedback import access as feedback_access
from scorecard import access as scorecard_access
from staff.access import can_operate_counters, can_watch_counters, staff_of


def staff_nav(request) -> dict:
    """Links in the order of a working day; each is shown only when its page would open.

    Each check is the page's own access rule, so the bar never offers a 403.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    staff = staff_of(user)
    centre = staff.centre if staff is not None else None
    links = []
    if centre is not None and can_operate_counters(staff, centre):
        links.append((_("Counter"), reverse("counters:console", args=[centre.code])))
    if centre is not None and can_watch_counters(staff, centre):
        links.append((_("Supervision"), reverse("counters:supervisor", args=[centre.code])))
    leads = scorecard_access.can_see_national(staff) or (
        centre is not None and scorecard_access.can_see_centre(staff, centre)
    )
    if leads:
        links.append((_("Dashboard"), reverse("scorecard:dashboard-index")))
    if feedback_access.can_use_request_queue(user):
        links.append((_("Complaints"), reverse("feedback:queue")))
    if feedback_access.can_manage_improvements(user):
        links.append((_("Improvements"), reverse("feedback:improvements")))
    if leads:
        links.append((_("Scorecard"), reverse("scorecard:national")))
    # The page is under the longest matching link (the supervisor view is under the counter's).
    current = max((url for _, url in links if request.path.startswith(url)), key=len, default=None)
    return {
        "staff_nav": [
            {"label": label, "url": url, "current": url == current} for label, url in links
        ],
        "staff_nav_name": (staff.display_name if staff is not None else "") or user.get_username(),
    }
