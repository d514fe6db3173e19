"""What a citizen meets at the kiosk beyond the ticket itself: holidays, fees, each service's
wait, the on-screen keyboard and the accessibility mode."""

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from bench.servers import manage
from tests.e2e.conftest import live_env

PORTRAIT = {"width": 1080, "height": 1920}
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def kiosk(page: Page, live_url: str, kiosk_device: str) -> Page:
    page.set_viewport_size(PORTRAIT)
    page.goto(f"{live_url}/kiosk/amman/?device={kiosk_device}")
    expect(page.locator("[data-department]").first).to_be_visible()
    return page


@pytest.fixture
def holiday_today(live_data):
    """Today is a confirmed public holiday on the live server, for this test only."""
    env = live_env(live_data)
    code = (
        "from django.utils import timezone; from centre.models import PublicHoliday; "
        "PublicHoliday.objects.{}"
    )
    manage(
        env,
        "shell",
        "-c",
        code.format(
            "update_or_create(date=timezone.localdate(), defaults={'name_ar': 'عيد الاستقلال',"
            " 'name_en': 'Independence Day', 'confirmed': True})"
        ),
    )
    yield
    manage(env, "shell", "-c", code.format("filter(date=timezone.localdate()).delete()"))


def test_a_public_holiday_closes_the_kiosk(
    holiday_today, page: Page, live_url, kiosk_device, artifacts
):
    page.set_viewport_size(PORTRAIT)
    page.goto(f"{live_url}/kiosk/amman/?device={kiosk_device}")
    closed = page.locator("#closed")
    expect(closed).to_contain_text("مغلق اليوم لعطلة رسمية (عيد الاستقلال)")
    page.screenshot(path=artifacts / "kiosk-holiday-ar.png")
    page.locator("[data-department=civil-status]").click()
    page.locator("[data-service=passport-renewal]").click()
    page.locator("#have-documents").click()
    page.locator("#confirm").click()
    expect(page.locator("#message-text")).to_contain_text("عطلة رسمية (عيد الاستقلال)")
    expect(page.locator("#message-retry")).to_be_hidden()  # trying again would not help
    expect(page.locator("#screen-ticket")).to_be_hidden()
    page.locator("#message-home").click()
    page.locator("#language").click()
    expect(closed).to_contain_text("closed today for a public holiday (Independence Day)")


def test_a_variable_fee_shows_its_rule_not_free(kiosk: Page, artifacts):
    kiosk.locator("#search").fill("رخصة إنشاءات")
    kiosk.locator("#search-results [data-service=building-permit]").click()
    fee = kiosk.locator("#detail-body .detail-block").filter(has_text="الرسوم")
    expect(fee).to_contain_text("رسوم متغيرة — حسب المساحة وصنف الاستعمال")
    expect(fee).not_to_contain_text("مجان")
    kiosk.screenshot(path=artifacts / "kiosk-fee-variable-ar.png")
    kiosk.locator("#language").click()
    fee = kiosk.locator("#detail-body .detail-block").filter(has_text="Fee")
    expect(fee).to_contain_text("Variable fee — By floor area and use class")
    expect(fee).not_to_contain_text("Free")


def test_each_service_shows_its_own_wait_range(kiosk: Page, live_url):
    services = httpx.get(f"{live_url}/api/v1/centres/amman/services/").json()
    ranges = {s["code"]: s["wait_range_minutes"] for s in services}
    kiosk.locator("[data-department=licensing]").click()
    for code in ("licence-renewal", "vehicle-registration-renewal", "traffic-fines-payment"):
        load = kiosk.locator(f"[data-service={code}] small")
        wait = ranges[code]
        if wait is None:
            expect(load).to_contain_text("لا تقدير لمدة الانتظار")
        elif wait[0] == 0:
            expect(load).to_contain_text(f"حتى {str(wait[1]).translate(ARABIC)}")
        else:
            low, high = (str(n).translate(ARABIC) for n in wait)
            expect(load).to_contain_text(re.compile(f"{low}–{high} (دقيقة|دقائق)"))


def test_the_on_screen_keyboard_searches_with_names_first(kiosk: Page, artifacts):
    expect(kiosk.locator("#keyboard")).to_be_hidden()
    kiosk.locator("#search").click()
    keyboard = kiosk.locator("#keyboard")
    expect(keyboard).to_be_visible()
    for key in keyboard.locator("button").all():
        box = key.bounding_box()
        assert box["width"] >= 64 and box["height"] >= 64, key.inner_text()
    for letter in "رخصة":
        keyboard.locator(f"[data-char='{letter}']").click()
    expect(kiosk.locator("#search")).to_have_value("رخصة")
    results = kiosk.locator("#search-results [data-service]")
    # Names starting with the words first, then names containing them, in catalogue order.
    expect(results.nth(0)).to_have_attribute("data-service", "building-permit")
    expect(results.nth(1)).to_have_attribute("data-service", "import-licence")
    expect(results.nth(1).locator(".item-department")).to_have_text(
        "وزارة الصناعة والتجارة والتموين"
    )
    kiosk.screenshot(path=artifacts / "kiosk-keyboard-ar.png")

    kiosk.locator("#language").click()
    keyboard.locator("[data-char=clear]").click()
    for letter in "import licence":
        keyboard.locator(f"[data-char='{letter if letter != ' ' else 'space'}']").click()
    expect(results.nth(0)).to_have_attribute("data-service", "import-licence")  # exact name
    expect(results.nth(0).locator(".item-department")).to_have_text(
        "Ministry of Industry, Trade and Supply"
    )
    kiosk.screenshot(path=artifacts / "kiosk-keyboard-en.png")


def test_the_accessibility_mode_and_what_the_ticket_confirms(kiosk: Page, artifacts):
    size = kiosk.locator("#welcome").evaluate("(n) => parseFloat(getComputedStyle(n).fontSize)")
    kiosk.locator("#accessible").click()
    expect(kiosk.locator("#accessible")).to_have_attribute("aria-pressed", "true")
    expect(kiosk.locator("html")).to_have_class(re.compile("accessible"))
    larger = kiosk.locator("#welcome").evaluate("(n) => parseFloat(getComputedStyle(n).fontSize)")
    assert larger >= size * 1.25
    kiosk.locator("[data-department=civil-status]").click()
    # Low reach: the list sits at the bottom of the screen, above the navigation bar.
    last = kiosk.locator("#services [data-service]").last.bounding_box()
    main = kiosk.locator("#main").bounding_box()
    assert main["y"] + main["height"] - (last["y"] + last["height"]) < 150
    # Nothing is pushed off the side by the larger text.
    assert kiosk.evaluate("() => document.documentElement.scrollWidth") <= PORTRAIT["width"]
    kiosk.screenshot(path=artifacts / "kiosk-accessible-services.png")
    kiosk.locator("[data-service=passport-renewal]").click()
    kiosk.locator("#have-documents").click()
    expect(kiosk.locator("#phone-privacy")).to_contain_text("يُحذف بعد زيارتك")
    expect(kiosk.locator("[data-key='7']")).to_have_text("٧")
    kiosk.locator("[data-key='0']").click()
    expect(kiosk.locator("#phone")).to_have_text("٠")
    kiosk.locator("[data-key=clear]").click()
    kiosk.locator("[data-priority=disability]").click()
    kiosk.locator("#confirm").click()
    expect(kiosk.locator("#ticket-priority")).to_have_text(re.compile("^خدمة ذات أولوية: .+"))
    kiosk.screenshot(path=artifacts / "kiosk-accessible-ticket.png")


def test_without_all_the_documents_the_list_is_printed_not_a_ticket(kiosk: Page, artifacts):
    kiosk.locator("[data-department=civil-status]").click()
    kiosk.locator("#services [data-service=passport-renewal]").click()
    kiosk.locator("#missing-documents").click()
    expect(kiosk.locator("#message-text")).to_contain_text("لم تُصدر أي تذكرة")
    printed = kiosk.frame_locator("#print-frame")
    expect(printed.locator(".bundle")).to_have_text("تجديد جواز السفر العادي")
    expect(printed.locator(".documents").first).to_contain_text("جواز السفر السابق")
    kiosk.screenshot(path=artifacts / "kiosk-checklist-ar.png")
    kiosk.locator("#message-home").click()
    expect(kiosk.locator("#screen-home")).to_be_visible()
