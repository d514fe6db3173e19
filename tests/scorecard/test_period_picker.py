"""The scorecard pages pick a period with a kind and a calendar day, not a typed ISO key."""

import pytest


def test_it_shows_the_week_containing_the_picked_day(people, login):
    page = login(people["analyst"]).get("/scorecard/?kind=week&on=2026-11-25")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<span data-testid="period">2026-W48</span>' in html
    assert '<option value="week" selected>' in html
    assert 'type="date" value="2026-11-23"' in html  # the week starts on Monday


def test_it_shows_the_quarter_on_a_centre_card(people, login):
    html = login(people["manager"]).get("/scorecard/amman/?kind=quarter&on=2026-11-25")
    assert html.status_code == 200
    assert '<option value="quarter" selected>' in html.content.decode()


def test_it_still_reads_a_period_key_from_a_link(people, login):
    html = login(people["analyst"]).get("/scorecard/?period=2026-11").content.decode()
    assert '<span data-testid="period">2026-11</span>' in html
    assert '<option value="month" selected>' in html


@pytest.mark.parametrize(
    "query", ["kind=fortnight&on=2026-11-25", "kind=week&on=25/11/2026", "kind=week"]
)
def test_it_refuses_a_bad_pick_with_a_reason(people, login, query):
    response = login(people["analyst"]).get(f"/scorecard/?{query}")
    assert response.status_code == 400
    assert 'data-code="period_invalid"' in response.content.decode()
