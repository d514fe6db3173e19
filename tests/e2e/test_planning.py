"""The staffing planner in a real browser, at the manager's screen size, in both languages."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_dashboard import log_in


@pytest.fixture
def manager(page: Page, live_url):
    page.set_viewport_size({"width": 1920, "height": 1080})
    log_in(page, live_url, "manager", r"/dashboard/amman/")
    return page


def test_a_manager_plans_tomorrow_and_asks_what_if(manager: Page, live_url, artifacts):
    manager.goto(live_url + "/planning/")
    expect(manager).to_have_url(re.compile(r"/planning/centres/amman/$"))
    expect(manager.get_by_test_id("plan-table").locator("tbody tr")).not_to_have_count(0)
    manager.screenshot(path=artifacts / "planning-centre-ar.png", full_page=True)
    form = manager.get_by_test_id("plan-form")
    form.locator("input[name=universal]").fill("2")
    form.locator("button[type=submit]").click()
    expect(manager).to_have_url(re.compile(r"universal=2"))
    expect(manager.get_by_test_id("what-if-level")).to_be_visible()
    manager.get_by_role("button", name="English").click()
    expect(manager.get_by_test_id("plan-title")).to_contain_text("Staffing plan")
    manager.screenshot(path=artifacts / "planning-centre-en.png", full_page=True)
    manager.get_by_test_id("training-link").click()
    expect(manager.get_by_test_id("training-table")).to_be_visible()
    # The language is kept on the employee: give the next tests their Arabic manager back.
    manager.get_by_role("button", name="العربية").click()
    expect(manager.locator("html")).to_have_attribute("lang", "ar")


def test_the_planner_refuses_a_malformed_day_with_a_page(manager: Page, live_url):
    response = manager.goto(live_url + "/planning/centres/amman/?day=2026-02-30")
    assert response.status == 400


def test_an_analyst_sees_the_national_sizing_table(page: Page, live_url, artifacts):
    page.set_viewport_size({"width": 1920, "height": 1080})
    log_in(page, live_url, "analyst", r"/scorecard/$")
    page.goto(live_url + "/planning/")
    expect(page).to_have_url(re.compile(r"/planning/national/$"))
    expect(page.get_by_test_id("sizing-table")).to_be_visible()
    page.screenshot(path=artifacts / "planning-national-ar.png", full_page=True)
    csv = page.request.get(live_url + page.get_by_test_id("sizing-csv").get_attribute("href"))
    assert csv.ok and csv.headers["content-type"].startswith("text/csv")
