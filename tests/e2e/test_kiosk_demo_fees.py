"""The demo declares each service's fee kind; the kiosk words each kind as it should."""

import pytest
from playwright.sync_api import Page, expect

PORTRAIT = {"width": 1080, "height": 1920}

# department, service, Arabic wording, English wording
CASES = [
    ("income-sales-tax", "tax-clearance", "مجانًا", "Free of charge"),
    (
        "licensing",
        "licence-renewal",
        "رسوم متغيرة — حسب فئة الرخصة ومدتها",
        "Variable fee — Depends on licence category and term",
    ),
    ("civil-status", "passport-renewal", "٢٠ دينار أردني", "20 JOD"),
]


@pytest.mark.parametrize(("department", "service", "ar", "en"), CASES)
def test_the_kiosk_words_each_demo_fee_kind(page: Page, live_url, department, service, ar, en):
    page.set_viewport_size(PORTRAIT)
    page.goto(f"{live_url}/kiosk/amman/")
    page.locator(f"[data-department={department}]").click()
    page.locator(f"#services [data-service={service}]").click()
    fee = page.locator("#detail-body .detail-block").filter(has_text="الرسوم")
    expect(fee).to_contain_text(ar)
    page.locator("#language").click()
    fee = page.locator("#detail-body .detail-block").filter(has_text="Fee")
    expect(fee).to_contain_text(en)
    if service != "tax-clearance":
        expect(fee).not_to_contain_text("Free")
