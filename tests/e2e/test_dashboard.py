"""The manager's live dashboard in a real browser: it updates over the socket, without
reloading, when an agent calls a ticket through the API."""

import re

import httpx
from playwright.sync_api import Page, expect

from nafitha.arabic import latin_digits


def log_in(page: Page, live_url: str, username: str, landing: str) -> None:
    page.goto(live_url + "/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "nafitha-demo")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(landing))


def agent_api(live_url: str) -> httpx.Client:
    token = httpx.post(
        f"{live_url}/api/v1/auth/token/",
        json={"username": "agent1", "password": "nafitha-demo"},
        timeout=10,
    ).json()["token"]
    return httpx.Client(
        base_url=f"{live_url}/api/v1/centres/amman/counters/1/",
        headers={"Authorization": f"Token {token}"},
        timeout=10,
    )


def call_next(api: httpx.Client) -> dict:
    """Call the next citizen to counter 1, finishing any ticket still there first."""
    httpx.post(
        api.base_url.join("/api/v1/centres/amman/tickets/"),
        json={"services": ["passport-renewal"]},
        timeout=10,
    )
    response = api.post("call-next/")
    if response.status_code == 409:
        api.post("complete/", json={"outcome": "completed"}).raise_for_status()
        response = api.post("call-next/")
    response.raise_for_status()
    return response.json()["ticket"]


def test_it_shows_a_call_live_without_reloading(page: Page, live_url, artifacts):
    api = agent_api(live_url)
    log_in(page, live_url, "manager", r"/dashboard/amman/$")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    cell = page.get_by_test_id("counter-1-ticket")
    expect(cell).to_be_visible()
    page.evaluate("window.__same_page = true")

    ticket = call_next(api)
    expect(cell).to_have_text(ticket["number"])
    assert page.evaluate("window.__same_page") is True  # updated in place, not reloaded
    served = page.get_by_test_id("served-today")
    before = served.inner_text()
    assert latin_digits(before).isdigit()
    page.screenshot(path=artifacts / "dashboard-ar.png", full_page=True)

    api.post("complete/", json={"outcome": "completed"}).raise_for_status()
    expect(cell).to_have_text("—")
    expect(served).not_to_have_text(before)


def test_it_shows_the_dashboard_in_english_left_to_right(page: Page, live_url, artifacts):
    log_in(page, live_url, "supervisor", r"/counter/amman/")
    page.goto(live_url + "/dashboard/amman/")
    page.click(".lang-switch button")
    try:
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        expect(page.locator("#counters tr").first).to_be_visible()
        page.screenshot(path=artifacts / "dashboard-en.png", full_page=True)
    finally:
        # The choice is kept on the employee: switch back, so later tests meet Arabic.
        page.click(".lang-switch button")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")


def test_it_refuses_an_agent(page: Page, live_url):
    log_in(page, live_url, "agent2", r"/counter/amman/")
    response = page.goto(live_url + "/dashboard/amman/")
    assert response.status == 403


def test_it_isolates_an_employees_name_on_the_breaks_list(page: Page, live_url):
    token = httpx.post(
        f"{live_url}/api/v1/auth/token/",
        json={"username": "agent8", "password": "nafitha-demo"},
        timeout=10,
    ).json()["token"]
    api = httpx.Client(
        base_url=f"{live_url}/api/v1/centres/amman/counters/8/",
        headers={"Authorization": f"Token {token}"},
        timeout=10,
    )
    api.post("open/", json={}).raise_for_status()
    api.post("pause/", json={"reason": "break"}).raise_for_status()
    try:
        log_in(page, live_url, "manager", r"/dashboard/amman/$")
        expect(page.locator("#breaks li bdi")).to_have_text("دانة الرواشدة")
    finally:
        api.post("resume/").raise_for_status()
        api.post("close/").raise_for_status()
