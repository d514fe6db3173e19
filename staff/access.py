"""Who may do what: resolved on the server for every page, API call and socket.

Agents act on their own counter in their own centre (who may take which counter is
`counters.api.can_take_counter`, beside the console that asks); supervisors on their centre;
managers read their centre; national analysts read every centre's aggregates.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.urls import reverse

from centre.models import Centre
from staff.models import Staff

Role = Staff.Role
OPERATORS = (Role.AGENT, Role.SUPERVISOR)
CENTRE_READERS = (Role.AGENT, Role.SUPERVISOR, Role.MANAGER)


def staff_of(user: User | AnonymousUser | None) -> Staff | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.staff
    except Staff.DoesNotExist:
        return None


def works_at(staff: Staff | None, centre: Centre, roles=CENTRE_READERS) -> bool:
    return staff is not None and staff.centre_id == centre.pk and staff.role in roles


def can_read_centre(staff: Staff | None, centre: Centre) -> bool:
    """Live load of a centre: its own staff, or a national analyst."""
    return staff is not None and (staff.role == Role.ANALYST or works_at(staff, centre))


def can_operate_counters(staff: Staff | None, centre: Centre) -> bool:
    """Acting on counters: agents (their own counter, checked by the engine) and supervisors."""
    return works_at(staff, centre, OPERATORS)


def can_supervise(staff: Staff | None, centre: Centre) -> bool:
    """Supervisor actions (move staff, call or cancel any ticket, certifications)."""
    return works_at(staff, centre, (Role.SUPERVISOR,))


def can_watch_counters(staff: Staff | None, centre: Centre) -> bool:
    """The supervisor view with names: the centre's supervisors act, its managers only read."""
    return works_at(staff, centre, (Role.SUPERVISOR, Role.MANAGER))


def landing_url(staff: Staff | None) -> str | None:
    """Where each role starts its day after logging in."""
    if staff is None:
        return None
    if staff.role == Role.ANALYST:
        return "/scorecard/"
    if staff.role == Role.MANAGER:
        return f"/dashboard/{staff.centre.code}/"
    return reverse("counters:console", args=[staff.centre.code])
