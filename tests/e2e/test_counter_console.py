"""The counter console in a real browser: an agent logs in, opens a counter, calls, starts and
completes a ticket with the keyboard, and the hall display shows the call."""

import re

import httpx
from playwright.sync_api import Page, expect

from nafitha.arabic import arabic_digits, latin_digits

COUNTER_PC = {"width": 1366, "height": 768}


def log_in(page: Page, live_url: str, username: str) -> None:
    page.goto(live_url + "/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "nafitha-demo")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/counter/amman/"))


def issue(live_url: str, service: str) -> dict:
    response = httpx.post(
        f"{live_url}/api/v1/centres/amman/tickets/", json={"services": [service]}, timeout=10
    )
    response.raise_for_status()
    return response.json()


def wait_for_another_step(page: Page, number: str, step: str) -> None:
    """Wait until the console shows another ticket, or the next step of the same one."""
    # A locator, not wait_for_function: that polls with eval, which the CSP refuses.
    other_ticket = page.locator("#t-number", has_not_text=number)
    next_step = page.locator("#t-step", has_not_text=step)
    expect(other_ticket.or_(next_step).first).to_be_visible()


def test_it_serves_a_citizen_from_the_keyboard_and_the_hall_display_shows_the_call(
    page: Page, live_url, artifacts
):
    issue(live_url, "passport-renewal")
    issue(live_url, "passport-renewal")
    page.set_viewport_size(COUNTER_PC)
    log_in(page, live_url, "agent7")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#picker")).to_be_visible()
    expect(page.locator('[data-counter="7"] strong')).to_have_text("الشباك ٧")
    page.screenshot(path=artifacts / "counter-1-picker.png", full_page=True)

    page.click('[data-counter="7"]')
    expect(page.locator("#counter-state")).to_have_class(re.compile("badge-open"))
    expect(page.locator("#counter-title")).to_have_text("الشباك ٧")
    expect(page.locator("#notice")).to_have_text("فُتح الشباك.")
    display = page.context.new_page()
    display.goto(live_url + "/display/amman/")
    expect(display.locator("#offline")).to_be_hidden()

    page.keyboard.press("n")
    number = page.locator("#t-number")
    expect(number).not_to_be_empty()
    expect(page.locator("#t-docs li").first).to_be_visible()
    called = number.inner_text()
    # The Arabic console shows the number as the Arabic display and the printed ticket do.
    assert re.fullmatch(r"[\u0621-\u064a]+-[٠-٩]{3}", called), called
    expect(page.locator("#notice")).to_contain_text(called)
    expect(display.locator("#now-number-ar")).to_have_text(called)
    display.screenshot(path=artifacts / "counter-2-display.png")

    # At the counter PC's size the counter's own actions and the shortcut legend need no scroll.
    for kept in ('[data-action="pause"]', '[data-action="close"]', "#shortcuts-heading"):
        expect(page.locator(kept)).to_be_in_viewport()
    expect(page.locator(".shortcut-list div").last).to_be_in_viewport()

    # Called once: no-show is not offered yet, and the console says why.
    expect(page.locator('[data-action="no-show"]')).to_be_disabled()
    expect(page.locator("#no-show-why")).to_be_visible()
    page.screenshot(path=artifacts / "counter-2-called-1366.png")
    page.keyboard.press("r")
    expect(page.locator("#t-calls")).to_have_text("٢")
    expect(page.locator("#no-show-why")).to_be_hidden()
    # No-show asks first, with "No" focused; Esc keeps the ticket.
    page.keyboard.press("x")
    expect(page.locator("#dlg-confirm")).to_be_visible()
    expect(page.locator("#dlg-confirm-text")).to_contain_text(called)
    expect(page.locator('#dlg-confirm button[value=""]')).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#ticket")).to_have_attribute("data-status", "called")

    shown = number.inner_text()
    page.reload()
    expect(page.locator("#t-number")).to_have_text(shown)
    expect(page.locator('[data-action="start"]')).to_be_enabled()
    # The agent ticks the documents, then goes on with the keyboard.
    for box in page.locator("#t-docs input[type=checkbox]").all():
        box.check()
    expect(page.locator("#t-docs input[type=checkbox]").last).to_be_focused()
    page.keyboard.press("s")
    expect(page.locator("#ticket")).to_have_attribute("data-status", "serving")
    # "Call next" at a busy counter asks how the service ended; focus is on "Cancel".
    page.keyboard.press("n")
    outcome = page.locator("#dlg-complete")
    expect(outcome).to_be_visible()
    expect(page.locator("#dlg-complete-text")).to_contain_text(shown)
    expect(outcome.locator("[data-cancel]")).to_be_focused()
    page.screenshot(path=artifacts / "counter-3-confirm-call-next.png")
    page.keyboard.press("Escape")
    expect(page.locator("#ticket")).to_have_attribute("data-status", "serving")

    # Confirmed, "call next" finishes the ticket at the counter and calls the next one at once.
    # The next one may be this citizen's next service (same number, next step) when routing
    # puts it first, so the test waits for the visit step to change, not the number.
    # Esc then N handled back to back (a busy page queues both keys): the dialog is shown
    # again before the browser fires the first showing's "close" event, which must not
    # answer the new showing.
    step = page.locator("#t-step").inner_text()
    page.keyboard.press("n")
    expect(outcome).to_be_visible()
    page.evaluate(
        """() => {
            document.querySelector("#dlg-complete").close();
            const key = {code: "KeyN", key: "n", bubbles: true};
            document.body.dispatchEvent(new KeyboardEvent("keydown", key));
        }"""
    )
    expect(outcome).to_be_visible()
    page.keyboard.press("1")
    wait_for_another_step(page, shown, step)
    expect(page.locator("#ticket")).to_have_attribute("data-status", "called")
    expect(page.locator("#today-served")).to_have_text("١")

    page.keyboard.press("c")
    expect(outcome).to_be_visible()
    expect(page.locator("#dlg-complete-text")).to_be_hidden()
    page.keyboard.press("1")
    expect(page.locator("#no-ticket")).to_be_visible()
    expect(page.locator("#today-served")).to_have_text("٢")
    expect(page.locator("#notice")).to_contain_text("أُنهيت")
    page.screenshot(path=artifacts / "counter-4-done.png")

    cell = page.locator('#queues [data-service="birth-certificate"]')
    before = int(latin_digits(cell.inner_text())) if cell.count() else 0
    issue(live_url, "birth-certificate")
    expect(cell).to_have_text(arabic_digits(before + 1))


def test_it_hands_the_counter_to_the_newest_tab_and_disables_the_other(
    page: Page, live_url, artifacts
):
    log_in(page, live_url, "agent8")
    page.click('[data-counter="8"]')
    expect(page.locator("#counter-state")).to_have_class(re.compile("badge-open"))

    newer = page.context.new_page()
    newer.goto(live_url + "/counter/amman/")
    expect(newer.locator('[data-action="pause"]')).to_be_enabled()
    expect(page.locator("#banner")).to_be_visible()
    expect(page.locator('[data-action="pause"]')).to_be_disabled()
    page.screenshot(path=artifacts / "counter-5-superseded.png", full_page=True)

    newer.keyboard.press("p")
    newer.keyboard.press("2")
    expect(newer.locator("#counter-state")).to_have_class(re.compile("badge-paused"))
    newer.click("text=English")
    expect(newer.locator("html")).to_have_attribute("dir", "ltr")
    expect(newer.locator("#counter-state")).to_contain_text("Paused")
    expect(newer.locator('[data-action="resume"]')).to_be_enabled()
    newer.keyboard.press("p")
    expect(newer.locator("#counter-state")).to_have_class(re.compile("badge-open"))
    expect(newer.locator('[data-action="close"]')).to_be_enabled()
    newer.keyboard.press("l")
    expect(newer.locator("#counter-state")).to_have_class(re.compile("badge-closed"))
    expect(newer.locator("#counter-title")).to_have_text("Counter 8")
    expect(newer.locator("#notice")).to_have_text("Counter closed.")
    newer.screenshot(path=artifacts / "counter-6-english.png")


def test_it_shows_the_supervisor_every_counter(page: Page, live_url, artifacts):
    log_in(page, live_url, "supervisor")
    page.goto(live_url + "/counter/amman/supervisor/")
    expect(page.locator("#counters tr")).to_have_count(12)
    expect(page.locator('#counters tr[data-counter="1"]')).to_contain_text("مفتوح")
    page.screenshot(path=artifacts / "counter-7-supervisor.png", full_page=True)
