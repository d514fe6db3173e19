"""Fixtures of the feedback tests: finished visits, requests and the roles that handle them."""

import pytest
from django.core.cache import cache

from feedback import services
from feedback.models import CitizenRequest, DepartmentOfficer, FeedbackTablet
from queueing import engine
from staff.models import Staff
from tests.conftest import make_centre, make_staff


@pytest.fixture(autouse=True)
def _fresh_throttles(db):
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()


def serve(ticket, counter, staff):
    """Call and complete every step of `ticket` at `counter` (which `staff` has open)."""
    while ticket.status != ticket.Status.DONE:
        engine.ticket_call_specific(counter=counter, staff=staff, ticket=ticket)
        ticket = engine.ticket_complete(counter=counter, staff=staff)
    return ticket


@pytest.fixture
def visit(centre, passport, open_counter, alice):
    """A visit in English, served and finished at counter 1 by alice."""
    ticket = engine.ticket_issue(
        centre=centre, service_codes=[passport.code], language="en", phone="0791234567"
    ).ticket
    return serve(ticket, open_counter, alice)


@pytest.fixture
def tablet(centre, counter) -> FeedbackTablet:
    return FeedbackTablet.objects.create(centre=centre, counter=counter)


@pytest.fixture
def complaint(centre, passport) -> CitizenRequest:
    return services.request_submit(
        kind="complaint",
        body="The employee asked for a document that is not on the list.",
        centre=centre,
        service=passport,
        name="Huda Saleh",
        phone="0791112223",
        national_number="9861234567",
    )


@pytest.fixture
def manager(centre) -> Staff:
    return make_staff("maha", centre, role=Staff.Role.MANAGER)


@pytest.fixture
def analyst(db) -> Staff:
    return make_staff("nour", None, role=Staff.Role.ANALYST)


@pytest.fixture
def other_manager(db) -> Staff:
    return make_staff("omar", make_centre("irbid"), role=Staff.Role.MANAGER)


@pytest.fixture
def officer(civil, django_user_model):
    """A civil-status department officer (no Staff record)."""
    user = django_user_model.objects.create_user("dina", password="pass-dina")
    DepartmentOfficer.objects.create(user=user, department=civil)
    return user
