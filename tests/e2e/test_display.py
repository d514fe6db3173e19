"""The hall display in a real browser: a call made through the API appears on it at once."""

import re

import httpx
import pytest
from playwright.sync_api import expect

from nafitha.arabic import arabic_digits, arabic_letter


def agent(live_url: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=live_url + "/api/v1", timeout=10)
    token = client.post("/auth/token/", json={"username": username, "password": "nafitha-demo"})
    token.raise_for_status()
    client.headers["Authorization"] = f"Token {token.json()['token']}"
    return client


def call_next(client: httpx.Client, counter: int) -> dict:
    """Call the next ticket at `counter`, finishing the one it is serving first."""
    path = f"/centres/amman/counters/{counter}"
    response = client.post(f"{path}/call-next/")
    if response.status_code == 409:
        client.post(f"{path}/complete/", json={"outcome": "completed"}).raise_for_status()
        response = client.post(f"{path}/call-next/")
    assert response.status_code == 200, response.text
    return response.json()["ticket"]


@pytest.fixture
def agent1(live_url):
    client = agent(live_url, "agent1")
    yield client
    client.close()


def test_it_shows_a_call_made_through_the_api(page, live_url, agent1, artifacts):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(live_url + "/display/amman/")
    expect(page.locator("#waiting li").first).to_be_visible()
    expect(page.locator("#offline")).to_be_hidden()

    ticket = call_next(agent1, 1)

    letter, digits = ticket["number"].split("-")
    expect(page.locator("#now-number-en")).to_have_text(ticket["number"])
    expect(page.locator("#now-number-ar")).to_have_text(
        f"{arabic_letter(letter)}-{arabic_digits(digits)}"
    )
    expect(page.locator("#now-counter-ar")).to_have_text("١")
    # The hall's tab shows the Nafitha window, not a broken icon.
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert httpx.get(live_url + icon).headers["content-type"].startswith("image/svg+xml")
    # The call's flash is fast-forwarded to its end, so the screenshot shows the resting panel.
    page.screenshot(path=artifacts / "display-hall-ar.png", animations="disabled")


def test_it_reconnects_and_catches_up_after_the_socket_drops(page, live_url, agent1):
    sockets, allow = [], {"connect": True}

    def route(ws):
        if not allow["connect"]:
            ws.close()
            return
        ws.connect_to_server()
        sockets.append(ws)

    page.route_web_socket(re.compile(r"/ws/display/"), route)
    page.goto(live_url + "/display/amman/")
    expect(page.locator("#waiting li").first).to_be_visible()
    allow["connect"] = False
    sockets[0].close()
    expect(page.locator("#offline")).to_be_visible()

    ticket = call_next(agent1, 1)  # made while the display is offline
    allow["connect"] = True

    expect(page.locator("#offline")).to_be_hidden(timeout=15_000)
    expect(page.locator("#now-number-en")).to_have_text(ticket["number"])
