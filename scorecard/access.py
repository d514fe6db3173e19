"""Who sees the dashboard and the scorecard (built on `staff.access`).

Managers and supervisors see their own centre; national analysts see every centre, but
aggregates only — no staff names; agents see neither.
"""

from centre.models import Centre
from staff.access import Role, staff_of, works_at
from staff.models import Staff

__all__ = ["can_see_centre", "can_see_national", "sees_names", "staff_of"]
LEADERS = (Role.SUPERVISOR, Role.MANAGER)


def can_see_centre(staff: Staff | None, centre: Centre) -> bool:
    return staff is not None and (staff.role == Role.ANALYST or works_at(staff, centre, LEADERS))


def can_see_national(staff: Staff | None) -> bool:
    return staff is not None and staff.role == Role.ANALYST


def sees_names(staff: Staff | None) -> bool:
    """Who is at which counter: the centre's own leaders only."""
    return staff is not None and staff.role in LEADERS
