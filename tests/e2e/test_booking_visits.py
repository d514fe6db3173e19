"""Booking one visit of two services on a phone in Arabic (390×844): the second service is
ticked on the booking page, the times offered are the visit's, and the booked page and the
SMS name both services."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_appointments import PHONE, shell


@pytest.fixture(scope="module")
def visit_plan(live_url, live_data) -> str:
    """Passport renewal at Amman with a place in every slot (two counters, half for
    walk-ins), so a visit of two services can cover two slots in a row."""
    return shell(
        live_data,
        "from appointments.models import AppointmentPlan as P;"
        "from centre.models import Centre, Service;"
        "p, _ = P.objects.update_or_create(centre=Centre.objects.get(code='amman'),"
        " service=Service.objects.get(code='passport-renewal'),"
        " defaults={'counters': 2, 'walk_in_percent': 50, 'is_active': True});"
        "print(p.pk)",
    )


def test_it_books_two_services_as_one_visit_on_a_phone_in_arabic(
    page: Page, live_url, live_data, visit_plan, artifacts
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_url}/book/?lang=ar")
    page.locator("#plan").select_option(visit_plan)
    page.get_by_role("button", name="اعرض الأيام المتاحة").click()
    page.locator(".bk-more summary").click()
    page.get_by_role("checkbox", name="تجديد البطاقة الشخصية الذكية").check()
    page.screenshot(path=artifacts / "booking-visit-ar-1-services.png", full_page=True)
    page.get_by_role("button", name="حدّث الزيارة").click()
    expect(page.locator("#visit-summary")).to_contain_text("خدمتان")
    expect(page.locator(".bk-visit-list li")).to_have_count(2)
    page.locator(".bk-days a").first.click()
    page.locator(".bk-time").first.click()
    page.locator("#phone").fill("0781112255")
    page.screenshot(path=artifacts / "booking-visit-ar-2-time.png", full_page=True)
    page.get_by_role("button", name="أرسل لي رمزًا").click()
    expect(page.locator("#code")).to_be_visible()
    text = shell(
        live_data,
        "from kiosk.models import Notification as N;"
        "print(N.objects.filter(phone='+962781112255', kind='code').latest('pk').text)",
    )
    page.locator("#code").fill(re.search(r"[0-9]{6}", text).group())
    page.get_by_role("button", name="أكّد الحجز").click()
    expect(page.locator(".bk-lead")).to_have_text("تم حجز موعدك.")
    expect(page.locator("#visit-services")).to_have_text(
        "تجديد جواز السفر العادي، تجديد البطاقة الشخصية الذكية"
    )
    page.screenshot(path=artifacts / "booking-visit-ar-3-booked.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    booked = shell(
        live_data,
        "from appointments.models import Booking as B;"
        "b = B.objects.filter(phone='+962781112255').latest('pk');"
        "print([s.code for s in b.visit_services()], int((b.ends_at - b.starts_at).seconds / 60))",
    )
    assert booked.startswith("['passport-renewal', 'id-card-renewal']")
    sms = shell(
        live_data,
        "from kiosk.models import Notification as N;"
        "print(N.objects.filter(phone='+962781112255', kind='booking').latest('pk').text)",
    )
    assert "تجديد جواز السفر" in sms and "تجديد البطاقة الشخصية الذكية" in sms
