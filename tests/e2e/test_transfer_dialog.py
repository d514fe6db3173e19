"""The console's transfer dialog at 1366x768: a searchable list of services, each radio on
the line of its label."""

from playwright.sync_api import Page, expect

from tests.e2e.test_counter_console import COUNTER_PC, issue, log_in
from tests.e2e.test_display import agent, call_next


def beside(radio, label) -> bool:
    """The radio is on its label's line, right next to it (either side, for RTL and LTR)."""
    r, t = radio.bounding_box(), label.bounding_box()
    same_line = r["y"] < t["y"] + t["height"] and t["y"] < r["y"] + r["height"]
    gap = max(t["x"] - (r["x"] + r["width"]), r["x"] - (t["x"] + t["width"]))
    return same_line and 0 <= gap <= 16


def test_the_transfer_dialog_finds_a_service_and_keeps_radios_beside_labels(
    page: Page, live_url, artifacts
):
    issue(live_url, "passport-renewal")
    api = agent(live_url, "agent5")
    ticket = call_next(api, 5)
    api.post("/centres/amman/counters/5/start/").raise_for_status()
    api.close()

    page.set_viewport_size(COUNTER_PC)
    log_in(page, live_url, "agent5")
    expect(page.locator("#t-number")).not_to_be_empty()
    page.locator('[data-action="transfer"]').click()
    dialog = page.locator("#dlg-service")
    expect(dialog).to_be_visible()
    expect(page.locator("#service-search")).to_be_focused()
    services = dialog.locator("#service-list label")
    everything = services.count()
    assert everything > 10

    page.locator("#service-search").fill("رخصة")
    shown = dialog.locator("#service-list label:visible")
    expect(shown.first).to_be_visible()
    assert 0 < shown.count() < everything
    for name in shown.all_inner_texts():
        assert "رخصة" in name
    for label in shown.all() + dialog.locator("#placement label").all():
        assert beside(label.locator("input"), label.locator("span")), label.inner_text()
    confirm = dialog.locator("button.primary").bounding_box()
    assert confirm["y"] + confirm["height"] <= COUNTER_PC["height"]  # no scrolling to confirm
    page.screenshot(path=artifacts / "counter-transfer-dialog-ar.png")

    target = shown.first.locator("span").inner_text()
    page.locator("#service-search").fill("لا يوجد شيء كهذا")
    expect(page.locator("#service-none")).to_be_visible()
    page.locator("#service-search").fill(target)  # a single match is chosen at once
    expect(shown).to_have_count(1)
    expect(shown.locator("input")).to_be_checked()
    dialog.locator("button.primary").click()
    expect(dialog).to_be_hidden()
    # The ticket has left the counter for the licence queue: nothing is left to transfer.
    expect(page.locator('[data-action="transfer"]')).to_be_disabled()
    assert ticket["number"]
