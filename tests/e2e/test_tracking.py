"""Ticket tracking on a phone: live position, then "your turn" when a counter calls it."""

import re
import uuid

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.test_display import agent


@pytest.fixture
def agent2(live_url):
    client = agent(live_url, "agent2")
    yield client
    client.close()


def issue(live_url: str, language: str) -> dict:
    services = httpx.get(f"{live_url}/api/v1/centres/amman/services/").json()
    response = httpx.post(
        f"{live_url}/api/v1/centres/amman/tickets/",
        json={"services": [services[0]["code"]], "language": language},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_it_follows_a_ticket_until_it_is_called(page, live_url, agent2):
    ticket = issue(live_url, "en")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_url}/t/{ticket['token']}/")
    expect(page.locator("#number")).to_have_text(ticket["number"])
    expect(page.locator("#headline")).to_have_text(re.compile("ahead of you|You are next"))

    counter = "/centres/amman/counters/2"
    if agent2.post(f"{counter}/complete/", json={"outcome": "completed"}).status_code not in (
        200,
        409,
    ):
        pytest.fail("could not free counter 2")
    called = agent2.post(f"{counter}/call-specific/", json={"ticket": ticket["id"]})
    assert called.status_code == 200, called.text

    expect(page.locator("#headline")).to_have_text("Your turn — go to counter 2")
    expect(page.locator("body")).to_have_attribute("data-called", "true")


def test_it_shows_an_arabic_ticket_without_javascript(browser, live_url, artifacts):
    ticket = issue(live_url, "ar")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_url}/t/{ticket['token']}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#headline")).to_have_text(re.compile("أمامك|أنت التالي"))
    page.screenshot(path=artifacts / "tracking-ar.png")
    context.close()
