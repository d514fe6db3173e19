"""The supervisor cancels a ticket with a reason and reads it back in the audit log, as a
sentence in Arabic: no action codes, no JSON."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.test_dashboard import log_in


def test_cancel_asks_for_a_reason_and_the_audit_log_says_it_in_words(
    page: Page, live_url, artifacts
):
    page.set_viewport_size({"width": 1920, "height": 1080})
    log_in(page, live_url, "supervisor", r"/counter/amman/")
    page.goto(live_url + "/counter/amman/supervisor/", wait_until="domcontentloaded")
    row = page.locator("#waiting tr").last
    expect(row).to_be_visible()
    number = row.locator("th bdi").inner_text()

    row.locator("button.danger").click()
    dialog = page.locator("#dlg-cancel")
    expect(dialog).to_be_visible()
    dialog.locator("button.danger").click()  # no reason yet: the form refuses to close
    expect(dialog).to_be_visible()
    dialog.locator("#cancel-reason").fill("تذكرة مكررة")
    dialog.locator("button.danger").click()
    expect(dialog).to_be_hidden()

    entry = page.locator("#audit tr").first
    expect(entry).to_contain_text("السبب: تذكرة مكررة")
    expect(entry).to_contain_text(number)
    text = page.locator("#audit").inner_text()
    assert not re.search(r"\b(counter|ticket|staff)\.[a-z-]+|[{}\"]", text)
    page.locator("#audit").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "supervisor-audit-ar.png")
