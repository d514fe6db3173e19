import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_staff():
    """An API client logged in as the given staff member."""

    def client_for(staff):
        client = APIClient()
        client.force_authenticate(staff.user)
        return client

    return client_for


def action_url(centre, number, action):
    return f"/api/v1/centres/{centre.code}/counters/{number}/{action}/"
