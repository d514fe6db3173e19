"""Who may see and handle citizen requests, built on `staff.access`.

- Centre managers handle their centre's requests and see the requesters' personal data.
- Department officers handle requests assigned to their department and see that data too.
- National analysts read every request, never the personal data.
- Agents and supervisors have no access to requests at all.
"""

from django.db.models import Q, QuerySet

from feedback.models import CitizenRequest, DepartmentOfficer, Evaluator
from staff.access import Role, staff_of


def officer_department_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(DepartmentOfficer.objects.filter(user=user).values_list("department_id", flat=True))


def _manager_centre_id(user) -> int | None:
    staff = staff_of(user)
    return staff.centre_id if staff and staff.role == Role.MANAGER else None


def is_analyst(user) -> bool:
    staff = staff_of(user)
    return staff is not None and staff.role == Role.ANALYST


def can_use_request_queue(user) -> bool:
    return bool(
        user.is_authenticated
        and (
            user.is_superuser
            or _manager_centre_id(user)
            or is_analyst(user)
            or officer_department_ids(user)
        )
    )


def visible_requests(user) -> QuerySet[CitizenRequest]:
    """The requests a user may list: none for agents and supervisors."""
    requests = CitizenRequest.objects.all()
    if not user.is_authenticated:
        return requests.none()
    if user.is_superuser or is_analyst(user):
        return requests
    scope = Q(pk__in=[])
    centre_id = _manager_centre_id(user)
    if centre_id:
        scope |= Q(centre_id=centre_id)
    departments = officer_department_ids(user)
    if departments:
        scope |= Q(department_id__in=departments)
    return requests.filter(scope)


def can_handle(user, request: CitizenRequest) -> bool:
    """Assign, answer, close or reject; handlers are also the only ones who see personal data."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    centre_id = _manager_centre_id(user)
    if centre_id and request.centre_id == centre_id:
        return True
    return request.department_id is not None and request.department_id in officer_department_ids(
        user
    )


can_see_personal_data = can_handle


def can_manage_improvements(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or _manager_centre_id(user)))


def can_read_figures(user, centre) -> bool:
    """A centre's figures: its manager; national figures and any centre's: analysts."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or is_analyst(user):
        return True
    return centre is not None and _manager_centre_id(user) == centre.pk


def can_manage_tablets(user, centre) -> bool:
    return bool(
        user.is_authenticated and (user.is_superuser or _manager_centre_id(user) == centre.pk)
    )


def evaluator_of(user) -> Evaluator | None:
    if not user.is_authenticated:
        return None
    try:
        return user.evaluator
    except Evaluator.DoesNotExist:
        return None
