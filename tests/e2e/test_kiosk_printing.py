"""Printing at the kiosk must never take the kiosk down.

Chromium's PDF viewer crashed the whole kiosk tab about 0.8 s after the ticket appeared when
the page called print() inside the hidden PDF frame; the kiosk now prints the ticket as a
page. Headless, the test takes two tickets in a row on one tab; under Xvfb, a headed
Chromium in `--kiosk-printing` mode (as kiosks run) prints without a dialog and carries on.
"""

import os
import shutil
import subprocess

import pytest
from playwright.sync_api import Page, Playwright, expect

from tests.e2e.test_camera_check_in import booking_soon, open_kiosk_check_in

PORTRAIT = {"width": 1080, "height": 1920}

# Counts print() calls and finished print jobs in every frame, reported as attributes of the
# top page (data-prints, data-printed), which locators can wait for: wait_for_function polls
# with eval, which the Content-Security-Policy refuses.
COUNT_PRINTS = """
    const counted = (name) => {
        const root = window.top.document.documentElement;
        root.dataset[name] = String(Number(root.dataset[name] || 0) + 1);
    };
    window.addEventListener("afterprint", () => counted("printed"));
    const print = window.print;
    window.print = function () {
        counted("prints");
        return print.call(this);
    };
"""


def test_the_kiosk_prints_the_ticket_of_a_checked_in_booking(
    page: Page, live_url, live_data, kiosk_device, artifacts
):
    """Printed as a walk-in ticket is: the same print page, from the same hidden frame."""
    reference = booking_soon(live_data)
    page.add_init_script(COUNT_PRINTS)
    page.set_viewport_size(PORTRAIT)
    open_kiosk_check_in(page, live_url, kiosk_device)
    page.locator("#ci-reference").fill(reference)
    page.locator("#ci-submit").click()
    expect(page.locator("#ci-ticket")).to_be_visible()
    expect(page.locator("#ci-print")).to_have_text("تُطبع تذكرتك الآن. يرجى أخذها.")
    expect(page.locator("html")).to_have_attribute("data-prints", "1")
    frame = page.frame_locator("#print-frame")
    expect(frame.locator(".number")).to_have_text(page.locator("#ci-number").inner_text())
    expect(frame.locator(".services")).to_contain_text("تجديد جواز السفر")
    page.screenshot(path=artifacts / "kiosk-check-in-printed.png")

    # A second scan shows the same ticket, and the page prints what it shows (as after a
    # walk-in ticket's retry: the first answer may never have reached the kiosk).
    number = page.locator("#ci-number").inner_text()
    page.goto(f"{live_url}/kiosk/amman/check-in/")
    page.locator("#ci-reference").fill(reference)
    page.locator("#ci-reference").press("Enter")
    expect(page.locator("#ci-number")).to_have_text(number)
    expect(page.locator("html")).to_have_attribute("data-prints", "1")
    expect(page.frame_locator("#print-frame").locator(".number")).to_have_text(number)


def take_ticket(page: Page, service: str) -> None:
    page.locator("[data-department=civil-status]").click()
    page.locator(f"[data-service={service}]").click()
    page.locator("#have-documents").click()
    page.locator("#confirm").click()
    expect(page.locator("#screen-ticket")).to_be_visible()


def test_the_kiosk_prints_two_tickets_in_a_row_without_crashing(page: Page, live_url, artifacts):
    crashes = []
    page.on("crash", lambda crashed: crashes.append(crashed))
    page.add_init_script(COUNT_PRINTS)
    page.set_viewport_size(PORTRAIT)
    page.goto(f"{live_url}/kiosk/amman/")

    take_ticket(page, "passport-renewal")
    expect(page.locator("html")).to_have_attribute("data-prints", "1")
    frame = page.frame_locator("#print-frame")
    expect(frame.locator(".number")).to_have_text(page.locator("#ticket-number").inner_text())
    page.locator("#ticket-done").click()

    take_ticket(page, "birth-certificate")
    expect(page.locator("html")).to_have_attribute("data-prints", "2")
    page.locator("#ticket-done").click()
    expect(page.locator("[data-department]").first).to_be_visible()
    assert crashes == []


@pytest.fixture
def xvfb_display():
    """A virtual X display for a headed browser (Debian package xvfb)."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt package xvfb, deploy/apt-packages.txt)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1080x1920x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with open(read) as pipe:
        display = pipe.readline().strip()
    yield f":{display}"
    server.terminate()
    server.wait(timeout=10)


def test_a_headed_kiosk_prints_silently_and_carries_on(
    playwright: Playwright, xvfb_display, live_url, artifacts
):
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium",
        headless=False,
        args=["--kiosk-printing"],
        env={**os.environ, "DISPLAY": xvfb_display},
    )
    try:
        page = browser.new_page(viewport=PORTRAIT)
        crashes = []
        page.on("crash", lambda crashed: crashes.append(crashed))
        page.add_init_script(COUNT_PRINTS)
        page.goto(f"{live_url}/kiosk/amman/")
        take_ticket(page, "passport-renewal")
        # --kiosk-printing prints without a dialog: the job finishes on its own.
        expect(page.locator("html")).to_have_attribute("data-printed", "1", timeout=30_000)
        page.screenshot(path=artifacts / "kiosk-headed-printed.png")
        page.locator("#ticket-done").click()
        expect(page.locator("[data-department]").first).to_be_visible()
        assert crashes == []
    finally:
        browser.close()
