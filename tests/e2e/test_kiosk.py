"""The kiosk in a real browser: take a ticket in Arabic and in English, as a citizen would."""

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

PORTRAIT = {"width": 1080, "height": 1920}
ARABIC_DIGITS = re.compile(r"^[\u0621-\u064a]{1,2}-[٠-٩]{3}$")


@pytest.fixture
def kiosk(page: Page, live_url: str, kiosk_device: str) -> Page:
    """The hall's registered kiosk (activated by its link, as a technician does)."""
    page.set_viewport_size(PORTRAIT)
    page.goto(f"{live_url}/kiosk/amman/?device={kiosk_device}")
    expect(page.locator("[data-department]").first).to_be_visible()
    return page


def take_ticket(page: Page, artifacts, prefix: str) -> None:
    page.locator("#have-documents").click()
    page.locator("[data-priority=elderly]").click()
    expect(page.locator("[data-priority=elderly]")).to_have_attribute("aria-checked", "true")
    for key in "0791234567":
        page.locator(f"[data-key='{key}']").click()
    page.screenshot(path=artifacts / f"{prefix}-3-options.png")
    page.locator("#confirm").click()
    expect(page.locator("#screen-ticket")).to_be_visible()
    # Not wait_for_function: it polls with eval, which the Content-Security-Policy refuses.
    expect(page.locator("#ticket-qr")).not_to_have_js_property("naturalWidth", 0)
    page.screenshot(path=artifacts / f"{prefix}-4-ticket.png")


def test_it_takes_a_ticket_in_arabic(kiosk: Page, live_url, artifacts):
    expect(kiosk.locator("html")).to_have_attribute("dir", "rtl")
    kiosk.screenshot(path=artifacts / "kiosk-ar-1-home.png")
    kiosk.locator("[data-department=civil-status]").click()
    kiosk.locator("[data-service=passport-renewal]").click()
    expect(kiosk.locator("#detail-name")).to_have_text("تجديد جواز السفر العادي")
    expect(kiosk.locator("#detail-body")).to_contain_text("جواز السفر السابق")
    expect(kiosk.locator("#detail-body")).to_contain_text("٢٠ دينار أردني")
    kiosk.screenshot(path=artifacts / "kiosk-ar-2-documents.png")
    take_ticket(kiosk, artifacts, "kiosk-ar")
    number = kiosk.locator("#ticket-number").inner_text()
    assert ARABIC_DIGITS.match(number), number
    expect(kiosk.locator("#ticket-ahead")).to_contain_text("عدد من أمامك")
    # The kiosk prints the ticket as a page; the same ticket is also there as a PDF.
    printed = kiosk.frame_locator("#print-frame").locator(".number")
    expect(printed).to_have_text(number)
    print_url = kiosk.locator("#print-frame").get_attribute("src")
    pdf = httpx.get(live_url + print_url.removesuffix("/print/") + ".pdf")
    assert pdf.headers["content-type"] == "application/pdf"


def test_it_takes_a_ticket_in_english_after_a_search(kiosk: Page, artifacts):
    kiosk.locator("#language").click()
    expect(kiosk.locator("html")).to_have_attribute("dir", "ltr")
    kiosk.locator("#search").fill("licence renewal")
    kiosk.screenshot(path=artifacts / "kiosk-en-1-search.png")
    kiosk.locator("#search-results [data-service=licence-renewal]").click()
    expect(kiosk.locator("#detail-body")).to_contain_text("Bring these documents")
    kiosk.screenshot(path=artifacts / "kiosk-en-2-documents.png")
    take_ticket(kiosk, artifacts, "kiosk-en")
    expect(kiosk.locator("#ticket-number")).to_have_text(re.compile(r"^[A-Z]{1,2}-\d{3}$"))
    expect(kiosk.locator("#ticket-print")).to_have_text("Your ticket is printing. Please take it.")
    kiosk.locator("#ticket-done").click()
    expect(kiosk.locator("html")).to_have_attribute("lang", "ar")


def test_a_bundle_shows_the_documents_of_every_service(kiosk: Page):
    kiosk.locator("[data-bundle]").first.click()
    expect(kiosk.locator("#detail-body h3").first).to_be_visible()
    assert kiosk.locator("#detail-body .detail-block").count() >= 4


def test_a_double_tap_issues_one_ticket(kiosk: Page):
    keys = []
    kiosk.on(
        "request", lambda r: r.method == "POST" and keys.append(r.headers.get("idempotency-key"))
    )
    kiosk.locator("[data-department=civil-status]").click()
    kiosk.locator("[data-service=birth-certificate]").click()
    kiosk.locator("#have-documents").click()
    kiosk.locator("#confirm").dblclick()
    expect(kiosk.locator("#screen-ticket")).to_be_visible()
    assert len(keys) == 1 and keys[0].startswith("kiosk-")


def test_a_lost_connection_says_so_and_a_retry_gives_one_ticket(kiosk: Page, artifacts):
    keys = []
    kiosk.locator("[data-department=civil-status]").click()
    kiosk.locator("[data-service=family-book]").click()
    kiosk.locator("#have-documents").click()

    def record(route):
        keys.append(route.request.headers["idempotency-key"])
        route.abort() if len(keys) == 1 else route.continue_()

    kiosk.route(re.compile(r"/api/v1/(centres/amman|kiosk)/tickets/"), record)
    kiosk.locator("#confirm").click()
    expect(kiosk.locator("#message-text")).to_have_text(
        "انقطع الاتصال بنظام المركز. يرجى المحاولة بعد قليل."
    )
    kiosk.screenshot(path=artifacts / "kiosk-ar-lost-connection.png")
    kiosk.locator("#message-retry").click()
    expect(kiosk.locator("#screen-ticket")).to_be_visible()
    assert len(keys) == 2 and keys[0] == keys[1]


def test_an_unknown_device_token_falls_back_to_the_public_kiosk(page: Page, live_url):
    page.goto(f"{live_url}/kiosk/amman/?device=not-a-real-token")
    expect(page.locator("[data-department]").first).to_be_visible()
    assert page.evaluate("location.search") == ""
    assert page.evaluate("localStorage.getItem('nafitha.kiosk.device.amman')") is None


def assert_within_reach(page: Page, selector: str) -> None:
    """On screen without scrolling, and nothing (such as a sticky button) covers its middle."""
    target = page.locator(selector)
    expect(target).to_be_in_viewport(ratio=1)
    assert target.evaluate(
        """(node) => {
            const box = node.getBoundingClientRect();
            const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            return node.contains(hit);
        }"""
    ), f"{selector} is covered"


@pytest.mark.parametrize(
    "orientation, size",
    [("portrait", PORTRAIT), ("landscape", {"width": 1920, "height": 1080})],
)
def test_the_main_action_of_every_screen_is_in_reach(
    page: Page, live_url, kiosk_device, artifacts, orientation, size
):
    page.set_viewport_size(size)
    page.goto(f"{live_url}/kiosk/amman/?device={kiosk_device}")
    expect(page.locator("[data-department]").first).to_be_visible()
    page.locator("[data-bundle]").first.click()
    assert_within_reach(page, "#have-documents")
    page.screenshot(path=artifacts / f"kiosk-{orientation}-bundle.png")

    page.locator("#have-documents").click()
    for selector in ("[data-priority=pregnancy]", "[data-key=delete]", "#confirm"):
        assert_within_reach(page, selector)
    page.screenshot(path=artifacts / f"kiosk-{orientation}-options.png")

    page.locator("#confirm").click()
    expect(page.locator("#screen-ticket")).to_be_visible()
    expect(page.locator("#ticket-qr")).not_to_have_js_property("naturalWidth", 0)
    for selector in ("#ticket-number", "#ticket-qr", "#ticket-done"):
        assert_within_reach(page, selector)
    page.screenshot(path=artifacts / f"kiosk-{orientation}-ticket.png")


def test_it_counts_minutes_in_the_arabic_plural_form_and_separates_without_a_dot(kiosk: Page):
    said = kiosk.evaluate(
        """() => {
            const forms = JSON.parse(document.getElementById("kiosk-config").textContent)
                .strings.ar.wait_estimate;
            return [1, 2, 4, 12].map((n) => NafithaPlural("ar", forms, n)
                .replace("%(n)s", n.toLocaleString("ar-u-nu-arab")));
        }"""
    )
    assert said == [
        "الانتظار المتوقع: نحو دقيقة واحدة",
        "الانتظار المتوقع: نحو دقيقتين",
        "الانتظار المتوقع: نحو ٤ دقائق",
        "الانتظار المتوقع: نحو ١٢ دقيقة",
    ]
    kiosk.locator("[data-department=civil-status]").click()
    load = kiosk.locator("[data-service=passport-renewal] small")
    expect(load).to_contain_text(" — ")
    assert "·" not in load.inner_text()


def test_a_kiosk_that_is_not_registered_asks_for_no_phone(page: Page, live_url):
    """Only a registered kiosk in the hall may ask for messages to a phone: elsewhere anyone
    could make the centre text any number, so the public kiosk page does not offer it."""
    page.set_viewport_size(PORTRAIT)
    page.goto(f"{live_url}/kiosk/amman/")
    page.locator("[data-department=civil-status]").click()
    page.locator("[data-service=passport-renewal]").click()
    page.locator("#have-documents").click()
    expect(page.locator("#priorities")).to_be_visible()
    expect(page.locator("#phone-group")).to_be_hidden()
    page.locator("#confirm").click()
    expect(page.locator("#screen-ticket")).to_be_visible()
