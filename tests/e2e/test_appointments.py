"""Booking a visit on a phone in Arabic (the code read from the SMS outbox), and checking in
at the kiosk with the reference."""

import re
import secrets

import pytest
from playwright.sync_api import Page, expect

from bench.servers import manage
from tests.e2e.conftest import live_env

PHONE = {"width": 390, "height": 844}
PORTRAIT = {"width": 1080, "height": 1920}
ARABIC_NUMBER = re.compile(r"^[\u0621-\u064a]{1,2}-[٠-٩]{3}$")


def shell(live_data, code: str) -> str:
    """Run Python in the live server's database; its last line of output."""
    return manage(live_env(live_data), "shell", "-c", code).strip().splitlines()[-1]


@pytest.fixture(scope="module")
def plan_id(live_url, live_data) -> str:
    """Passport renewal at the Amman centre opens for booking."""
    return shell(
        live_data,
        "from appointments.models import AppointmentPlan as P;"
        "from centre.models import Centre, Service;"
        "p, _ = P.objects.get_or_create(centre=Centre.objects.get(code='amman'),"
        " service=Service.objects.get(code='passport-renewal'));"
        "print(p.pk)",
    )


def test_it_books_a_visit_on_a_phone_in_arabic(page: Page, live_url, live_data, plan_id, artifacts):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_url}/book/?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("احجز موعدًا")
    page.locator("#plan").select_option(plan_id)
    page.get_by_role("button", name="اعرض الأيام المتاحة").click()
    page.locator(".bk-days a").first.click()
    page.locator(".bk-time").first.click()
    page.locator("#phone").fill("0781112233")
    page.screenshot(path=artifacts / "booking-ar-1-time.png", full_page=True)
    page.get_by_role("button", name="أرسل لي رمزًا").click()
    expect(page.locator("#code")).to_be_visible()
    text = shell(
        live_data,
        "from kiosk.models import Notification as N;"
        "print(N.objects.filter(phone='+962781112233', kind='code').latest('pk').text)",
    )
    assert text.startswith("نافذة")
    page.locator("#code").fill(re.search(r"[0-9]{6}", text).group())
    page.get_by_role("button", name="أكّد الحجز").click()
    expect(page.locator(".bk-lead")).to_have_text("تم حجز موعدك.")
    expect(page.locator("#reference")).to_have_text(re.compile(r"^B-\w{5}-\w{5}-\w{5}$"))
    expect(page.locator(".bk-qr")).not_to_have_js_property("naturalWidth", 0)
    page.screenshot(path=artifacts / "booking-ar-2-booked.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing wider than the phone


def test_it_checks_in_at_the_kiosk_with_the_reference(
    page: Page, live_url, live_data, plan_id, kiosk_device, artifacts
):
    letters = "".join(secrets.choice("23456789ABCDEFGHJKMNPQRSTVWXYZ") for _ in range(15))
    reference = f"B-{letters[:5]}-{letters[5:10]}-{letters[10:]}"
    shell(
        live_data,
        "import datetime as dt;"
        "from django.utils import timezone;"
        "from appointments.models import Booking;"
        "from appointments.selectors import reference_digest;"
        "from centre.models import Centre, Service;"
        "start = timezone.now() + dt.timedelta(minutes=5);"
        "Booking.objects.create(centre=Centre.objects.get(code='amman'),"
        " service=Service.objects.get(code='passport-renewal'), starts_at=start,"
        " ends_at=start + dt.timedelta(minutes=10), phone='+962781112244',"
        f" reference_digest=reference_digest('{reference}'))",
    )
    page.set_viewport_size(PORTRAIT)
    page.goto(f"{live_url}/kiosk/amman/?device={kiosk_device}")
    expect(page.locator("[data-department]").first).to_be_visible()
    page.locator("#appointment-check-in").click()
    expect(page.locator("#ci-title")).to_have_text("تسجيل الوصول لموعد")
    page.locator("#ci-reference").fill(reference.lower())
    page.screenshot(path=artifacts / "kiosk-check-in-1-reference.png")
    page.locator("#ci-submit").click()
    expect(page.locator("#ci-ticket")).to_be_visible()
    expect(page.locator("#ci-message")).to_contain_text("تم تسجيل وصولك")
    expect(page.locator("#ci-number")).to_have_text(ARABIC_NUMBER)
    page.screenshot(path=artifacts / "kiosk-check-in-2-ticket.png")
    # A second scan of the same booking gives the same ticket, not another one.
    number = page.locator("#ci-number").inner_text()
    page.goto(f"{live_url}/kiosk/amman/check-in/")
    page.locator("#ci-reference").fill(reference)
    page.locator("#ci-reference").press("Enter")
    expect(page.locator("#ci-number")).to_have_text(number)
