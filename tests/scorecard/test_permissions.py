"""Who sees what: managers and supervisors their centre, analysts every centre's aggregates,
agents nothing."""

import pytest

PAGES = [
    # url, {role: expected status}
    (
        "/dashboard/amman/",
        {"manager": 200, "supervisor": 200, "analyst": 200, "agent": 403, "other_manager": 403},
    ),
    (
        "/scorecard/amman/",
        {"manager": 200, "supervisor": 200, "analyst": 200, "agent": 403, "other_manager": 403},
    ),
    (
        "/scorecard/",
        {"manager": 302, "supervisor": 302, "analyst": 200, "agent": 403, "other_manager": 302},
    ),
    ("/api/v1/scorecard/", {"manager": 403, "supervisor": 403, "analyst": 200, "agent": 403}),
    (
        "/api/v1/scorecard/centres/amman/",
        {"manager": 200, "analyst": 200, "agent": 403, "other_manager": 403},
    ),
    (
        "/api/v1/scorecard/dashboard/amman/",
        {"manager": 200, "analyst": 200, "agent": 403, "other_manager": 403},
    ),
    ("/api/v1/scorecard/feed/", {"manager": 403, "analyst": 200}),
]
CASES = [(url, role, status) for url, roles in PAGES for role, status in roles.items()]


@pytest.mark.parametrize(("url", "role", "status"), CASES)
def test_it_allows_each_role_only_its_own_view(people, login, url, role, status):
    assert login(people[role]).get(url).status_code == status


def test_it_sends_anonymous_visitors_to_the_staff_login(client, centre):
    response = client.get("/dashboard/amman/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")
    assert client.get("/api/v1/scorecard/centres/amman/").status_code == 403


def test_it_shows_analysts_no_staff_names(people, login, open_counter):
    manager_view = login(people["manager"]).get("/api/v1/scorecard/dashboard/amman/").json()
    analyst_view = login(people["analyst"]).get("/api/v1/scorecard/dashboard/amman/").json()
    assert manager_view["counters"][0]["staff"] == "alice"
    assert analyst_view["counters"][0]["staff"] is None
    assert "alice" not in str(analyst_view)


def test_it_sends_a_manager_from_the_national_table_to_their_card(people, login):
    assert login(people["manager"]).get("/scorecard/")["Location"] == "/scorecard/amman/"
