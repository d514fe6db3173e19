"""The supervisor page opens on its summary, and can list only the late tickets."""

import re

from playwright.sync_api import Page, expect

from nafitha.arabic import latin_digits
from tests.e2e.test_dashboard import log_in


def test_it_opens_on_the_waiting_summary_and_filters_late_tickets(page: Page, live_url, artifacts):
    page.set_viewport_size({"width": 1920, "height": 1080})
    log_in(page, live_url, "supervisor", r"/counter/amman/")
    page.goto(live_url + "/counter/amman/supervisor/")
    summary = page.get_by_test_id("supervisor-summary")
    expect(page.locator("#sum-waiting")).not_to_have_text("—")
    box = summary.bounding_box()
    assert box["y"] + box["height"] < 1080  # on the first screen
    waiting = int(latin_digits(page.locator("#sum-waiting").inner_text()))
    late = int(latin_digits(page.locator("#sum-late").inner_text()))
    expect(page.locator("#waiting tr")).to_have_count(min(waiting, 200))
    page.screenshot(path=artifacts / "supervisor-summary-ar.png")

    page.get_by_test_id("late-only").check()
    expect(page.locator("#waiting tr")).to_have_count(late)
    expect(page.locator("#waiting tr:not(.late)")).to_have_count(0)
    assert re.fullmatch(r"[\d٠-٩]+", page.locator("#sum-late").inner_text())
