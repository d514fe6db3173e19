"""Who may act: anonymous users never; agents only at their own counter and centre;
supervisors across their centre; managers and analysts read but never act."""

import pytest

from queueing import engine
from staff.models import Staff
from tests.api.conftest import action_url
from tests.conftest import make_centre, make_staff


def test_it_refuses_anonymous_counter_actions(api, centre, open_counter):
    response = api.post(action_url(centre, 1, "call-next"))
    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"


def test_it_refuses_an_agent_at_someone_elses_counter(as_staff, centre, open_counter, bob):
    response = as_staff(bob).post(
        action_url(centre, 1, "pause"), {"reason": "break"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "not_at_counter"


def test_it_refuses_staff_of_another_centre(as_staff, centre, open_counter):
    stranger = make_staff("zaid", make_centre("irbid"))
    assert as_staff(stranger).post(action_url(centre, 1, "call-next")).status_code == 403


@pytest.mark.parametrize("role", [Staff.Role.MANAGER, Staff.Role.ANALYST])
def test_it_refuses_readers_acting_on_counters(as_staff, centre, open_counter, role):
    reader = make_staff(f"reader-{role}", centre if role == Staff.Role.MANAGER else None, role=role)
    assert as_staff(reader).post(action_url(centre, 1, "close")).status_code == 403


def test_it_refuses_an_agent_cancelling_tickets(as_staff, centre, passport, alice):
    ticket = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    assert (
        as_staff(alice).post(f"/api/v1/centres/amman/tickets/{ticket.pk}/cancel/").status_code
        == 403
    )


def test_it_hides_staff_names_from_national_analysts(as_staff, centre, open_counter):
    analyst = make_staff("nour", None, role=Staff.Role.ANALYST)
    counters = as_staff(analyst).get("/api/v1/centres/amman/counters/").json()
    assert counters[0]["state"] == "open"
    assert counters[0]["staff"] is None


def test_it_refuses_the_live_snapshot_to_other_centres_and_anonymous(api, as_staff, centre):
    assert api.get("/api/v1/centres/amman/live/").status_code == 403
    stranger = make_staff("zaid", make_centre("irbid"))
    assert as_staff(stranger).get("/api/v1/centres/amman/live/").status_code == 403


def test_it_issues_tokens_for_staff_credentials(api, alice):
    response = api.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "pass-alice"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/centres/amman/counters/").status_code == 200


def test_it_refuses_wrong_credentials(api, alice):
    response = api.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "guess"}, format="json"
    )
    assert response.status_code == 400
