"""The staff navigation bar: the screens this person may open, on every staff page."""

from staff import nav
from staff.access import staff_of


def staff_nav(request) -> dict:
    """Links in the order of a working day; each is shown only when its page would open.

    The entries come from the apps that own the pages (`staff.nav`); each check is the
    page's own access rule, so the bar never offers a 403.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    staff = staff_of(user)
    links = nav.links(user, staff)
    # The page is under the longest matching link (the supervisor view is under the counter's).
    current = max((url for _, url in links if request.path.startswith(url)), key=len, default=None)
    return {
        "staff_nav": [
            {"label": label, "url": url, "current": url == current} for label, url in links
        ],
        "staff_nav_name": (staff.display_name if staff is not None else "") or user.get_username(),
    }
