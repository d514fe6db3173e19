"""A manager moves between the staff pages with one navigation bar and picks a scorecard
period from a calendar."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_dashboard import log_in


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_it_walks_a_manager_through_the_staff_pages(page: Page, live_url, artifacts, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    log_in(page, live_url, "manager", r"/dashboard/amman/$")
    nav = page.get_by_test_id("staff-nav")
    expect(nav).to_be_visible()
    expect(page.get_by_test_id("staff-nav-user")).to_be_visible()
    page.screenshot(path=artifacts / f"staff-nav-dashboard-{size[0]}.png")

    nav.get_by_role("link", name="الشكاوى").click()
    expect(page).to_have_url(re.compile(r"/complaints/manage/$"))
    expect(page.get_by_test_id("staff-nav").locator("[aria-current=page]")).to_have_text("الشكاوى")
    page.screenshot(path=artifacts / f"staff-nav-complaints-{size[0]}.png")

    page.get_by_test_id("staff-nav").get_by_role("link", name="بطاقة الأداء").click()
    expect(page).to_have_url(re.compile(r"/scorecard/amman/"))
    picker = page.get_by_test_id("period-picker")
    picker.locator("#kind").select_option("week")
    picker.locator("#on").fill("2026-11-25")
    picker.get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"kind=week&on=2026-11-25"))
    expect(page.locator("#on")).to_have_value("2026-11-23")
    page.screenshot(path=artifacts / f"staff-nav-scorecard-{size[0]}.png")
