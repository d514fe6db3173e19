"""An analyst's centre picker on the dashboard works without script (no inline handler: the
Content-Security-Policy refuses them)."""

import pytest

pytestmark = pytest.mark.django_db


def test_picking_a_centre_opens_its_dashboard(people, login):
    response = login(people["analyst"]).get("/dashboard/?centre=irbid")
    assert response.status_code == 302 and response["Location"] == "/dashboard/irbid/"


@pytest.mark.parametrize("choice", ["", "nowhere", "../admin"])
def test_an_unknown_choice_shows_the_list_again(people, login, choice):
    response = login(people["analyst"]).get("/dashboard/", {"centre": choice})
    assert response.status_code == 200 and b"/dashboard/irbid/" in response.content


def test_a_centre_manager_still_lands_on_their_own_centre(people, login):
    response = login(people["manager"]).get("/dashboard/?centre=irbid")
    assert response["Location"] == "/dashboard/amman/"
