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


PHONE = {"width": 390, "height": 844}
ENGLISH_LABELS = ["People ahead", "Estimated wait", "Status"]


@pytest.mark.parametrize("way", ["english ticket", "?lang=en", "arabic browser"])
def test_it_is_all_english_in_english(browser, live_url, artifacts, way):
    ticket = issue(live_url, "ar" if way == "?lang=en" else "en")
    headers = {"Accept-Language": "ar-JO,ar;q=0.8"} if way == "arabic browser" else {}
    context = browser.new_context(viewport=PHONE, extra_http_headers=headers)
    page = context.new_page()
    page.goto(f"{live_url}/t/{ticket['token']}/" + ("?lang=en" if way == "?lang=en" else ""))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".label")).to_have_text("Your ticket")
    expect(page.locator(".facts dt")).to_have_text(ENGLISH_LABELS)
    expect(page.locator(".note")).to_contain_text("Keep this page open")
    expect(page.locator(".links a").last).to_have_text("Refresh")
    assert not re.search(
        "[\u0600-\u06ff]", page.locator("main").inner_text().replace("العربية", "")
    )
    page.screenshot(path=artifacts / f"tracking-en-{way.split()[0].lower()}.png")
    context.close()


def test_the_citizen_can_leave_the_queue_after_confirming(page, live_url, artifacts):
    ticket = issue(live_url, "ar")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_url}/t/{ticket['token']}/")
    page.locator("#leave").click()
    dialog = page.locator("#leave-confirm")
    expect(dialog).to_be_visible()
    expect(dialog.locator('button[value=""]')).to_be_focused()
    page.screenshot(path=artifacts / "tracking-leave-confirm.png")
    page.keyboard.press("Escape")
    expect(page.locator("body")).to_have_attribute("data-status", "waiting")

    page.locator("#leave").click()
    dialog.locator('button[value="leave"]').click()
    expect(page.locator("body")).to_have_attribute("data-status", "walked_out")
    expect(page.locator("#leave")).to_be_hidden()
    expect(page.locator("#note")).to_be_hidden()
    assert httpx.get(f"{live_url}/api/v1/tickets/{ticket['token']}/").json()["status"] == (
        "walked_out"
    )


def test_a_finished_visit_thanks_and_links_to_the_feedback_form(page, live_url, agent2, artifacts):
    ticket = issue(live_url, "ar")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_url}/t/{ticket['token']}/")
    expect(page.locator("#thanks")).to_be_hidden()
    counter = "/centres/amman/counters/2"
    agent2.post(f"{counter}/complete/", json={"outcome": "completed"})
    assert agent2.post(f"{counter}/call-specific/", json={"ticket": ticket["id"]}).is_success
    while agent2.post(f"{counter}/complete/", json={"outcome": "completed"}).is_success:
        if not agent2.post(f"{counter}/call-specific/", json={"ticket": ticket["id"]}).is_success:
            break

    expect(page.locator("#thanks")).to_be_visible()
    expect(page.locator("#thanks a")).to_have_attribute(
        "href", f"/feedback/{ticket['token']}/?lang=ar"
    )
    expect(page.locator("#note")).to_be_hidden()
    expect(page.locator("#leave")).to_be_hidden()
    page.screenshot(path=artifacts / "tracking-finished-ar.png")
