"""Every screen works under the Content-Security-Policy: no violation is reported while it
loads, opens its socket and (the kiosk) prints the ticket PDF from its hidden frame."""

import re
import uuid

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_feedback import api

# Collects violations from the page and every frame before any page script runs.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  (window.top.__csp || window.__csp).push(`${e.effectiveDirective} ${e.blockedURI}`);
});
"""


class Watched:
    """A page whose CSP violations (events and console reports) are recorded."""

    def __init__(self, page: Page):
        self.page = page
        self.console: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", lambda m: self.console.append(m.text))

    def violations(self) -> list[str]:
        events = self.page.evaluate("window.__csp")
        reports = [t for t in self.console if "Content Security Policy" in t]
        return events + reports


def log_in(page: Page, live_url: str, username: str) -> None:
    page.goto(live_url + "/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "nafitha-demo")
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/staff/login/" not in url)


def issue(live_url: str) -> dict:
    service = httpx.get(f"{live_url}/api/v1/centres/amman/services/").json()[0]["code"]
    response = httpx.post(
        f"{live_url}/api/v1/centres/amman/tickets/",
        json={"services": [service], "language": "ar"},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 201, response.text
    return response.json()


def check(browser: Browser, live_url: str, path: str, *, user=None, socket=True) -> None:
    """Open PATH (as USER) in a fresh context; a screen with a socket must open it, which
    the policy's connect-src would otherwise block."""
    context = browser.new_context()
    page = context.new_page()
    watched = Watched(page)
    if user:
        log_in(page, live_url, user)
    if socket:
        with page.expect_websocket():
            page.goto(live_url + path)
    else:
        page.goto(live_url + path)
    page.wait_for_load_state("networkidle")
    assert watched.violations() == [], path
    context.close()


def test_the_csp_header_is_strict(live_url):
    policy = httpx.get(f"{live_url}/complaints/").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and "unsafe" not in policy


@pytest.mark.parametrize(
    ("path", "user", "socket"),
    [
        ("/display/amman/", None, True),
        ("/display/amman/counter/1/", None, True),
        ("/complaints/", None, False),
        ("/complaints/status/", None, False),
        ("/staff/login/", None, False),
        ("/counter/amman/", "agent5", True),
        ("/counter/amman/supervisor/", "supervisor", True),
        ("/dashboard/amman/", "manager", True),
        ("/scorecard/amman/", "analyst", False),
        ("/admin/", "admin", False),
        ("/admin/kiosk/kioskdevice/", "admin", False),
        ("/api/v1/docs/", None, False),
    ],
)
def test_a_screen_reports_no_violation(browser, live_url, path, user, socket):
    check(browser, live_url, path, user=user, socket=socket)


def test_ticket_tracking_reports_no_violation(browser, live_url):
    check(browser, live_url, f"/t/{issue(live_url)['token']}/")


def test_the_feedback_tablet_reports_no_violation(browser, live_url):
    manager = api(live_url, "manager")
    tablet = manager.post("/feedback/tablets/", json={"centre": "amman", "counter": 7})
    manager.close()
    assert tablet.status_code in (200, 201), tablet.text
    check(browser, live_url, tablet.json()["url"])


def test_the_kiosk_prints_its_ticket_from_a_frame_without_violation(page: Page, live_url):
    watched = Watched(page)
    page.goto(f"{live_url}/kiosk/amman/")
    expect(page.locator("[data-department]").first).to_be_visible()
    pdf = f"/kiosk/tickets/{issue(live_url)['token']}.pdf"

    with page.expect_response(re.compile(re.escape(pdf))) as loaded:
        page.evaluate("(url) => { document.getElementById('print-frame').src = url; }", pdf)
    assert loaded.value.status == 200
    assert "frame-ancestors 'self'" in loaded.value.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert watched.violations() == []
