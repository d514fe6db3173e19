"""The national scorecard in a real browser, after the scheduler's `aggregate_daily` ran on a
server where agents served citizens through the API."""

import re
import subprocess
import sys

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ROOT, server_env, start_server
from tests.e2e.test_dashboard import agent_api, call_next, log_in


@pytest.fixture(scope="module")
def scored_url(tmp_path_factory):
    """A server of its own whose day has been served and aggregated."""
    data_dir = tmp_path_factory.mktemp("scorecard")
    proc, url = start_server(data_dir)
    try:
        api = agent_api(url)
        for _ in range(3):
            call_next(api)
            api.post("complete/", json={"outcome": "completed"}).raise_for_status()
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "aggregate_daily"],
            env=server_env(data_dir),
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_it_ranks_centres_and_opens_a_centre_card(page: Page, scored_url, artifacts):
    log_in(page, scored_url, "analyst", r"/scorecard/$")
    table = page.get_by_test_id("national-table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).not_to_have_count(0)
    page.screenshot(path=artifacts / "scorecard-national-ar.png", full_page=True)
    table.locator("a[href^='/scorecard/amman/']").click()
    expect(page).to_have_url(re.compile(r"/scorecard/amman/"))
    expect(page.get_by_test_id("score")).not_to_have_text("—")
    page.screenshot(path=artifacts / "scorecard-centre-ar.png", full_page=True)
    pdf = page.request.get(scored_url + page.get_by_test_id("pdf-link").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"


def test_it_refuses_a_bad_period_with_a_reason(page: Page, scored_url):
    log_in(page, scored_url, "analyst", r"/scorecard/$")
    response = page.goto(scored_url + "/scorecard/?period=2026-13")
    assert response.status == 400
    expect(page.locator("[data-code=period_invalid]")).to_be_visible()


def test_it_shows_a_manager_only_their_centre(page: Page, scored_url):
    log_in(page, scored_url, "manager", r"/dashboard/amman/")
    page.goto(scored_url + "/scorecard/")
    expect(page).to_have_url(re.compile(r"/scorecard/amman/$"))
    assert httpx.get(scored_url + "/api/v1/scorecard/", timeout=10).status_code == 403
