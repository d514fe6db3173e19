"""A mistyped address shows Nafitha's own page, in the person's language, with a way back."""

import pytest
from playwright.sync_api import Page, expect


@pytest.mark.parametrize(
    ("language", "heading"), [("ar", "الصفحة غير موجودة"), ("en", "Page not found")]
)
def test_it_shows_a_styled_not_found_page_with_a_way_back(
    page: Page, live_url, artifacts, language, heading
):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    page.set_viewport_size({"width": 1366, "height": 768})
    response = page.goto(live_url + "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    page.screenshot(path=artifacts / f"error-404-{language}.png")
    page.get_by_test_id("error-home").click()
    expect(page).to_have_url(live_url + "/")
