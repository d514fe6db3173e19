"""Checking a booking in at the counter console by its reference, at the counter PC's size,
in Arabic: the answer shows the ticket number; an unknown reference is refused in place."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.test_appointments import shell
from tests.e2e.test_counter_console import COUNTER_PC, log_in

ARABIC_NUMBER = re.compile(r"[\u0621-\u064a]{1,2}-[٠-٩]{3}")


def booking_now(live_data) -> str:
    """A passport-renewal booking at the Amman centre starting now; its reference."""
    return shell(
        live_data,
        "import datetime as dt;"
        "from django.utils import timezone;"
        "from appointments.models import Booking;"
        "from appointments.selectors import reference_digest;"
        "from centre.models import Centre, Service;"
        "from nafitha.references import new_reference;"
        "ref = new_reference('B'); now = timezone.now();"
        "Booking.objects.create(centre=Centre.objects.get(code='amman'),"
        " service=Service.objects.get(code='passport-renewal'), starts_at=now,"
        " ends_at=now + dt.timedelta(minutes=10), phone='+962781119900',"
        " reference_digest=reference_digest(ref));"
        "print(ref)",
    )


def test_an_agent_checks_a_booking_in_from_the_console(page: Page, live_url, live_data, artifacts):
    reference = booking_now(live_data)
    page.set_viewport_size(COUNTER_PC)
    log_in(page, live_url, "agent7")
    field = page.get_by_label(re.compile("الرقم المرجعي للموعد"))
    answer = page.locator("#desk-answer")

    field.fill("B-NOPE0-NOPE0-NOPE0")
    page.get_by_role("button", name="تسجيل الوصول", exact=True).click()
    expect(answer).to_have_class(re.compile("refused"))
    expect(answer).not_to_be_empty()

    field.fill(reference)
    field.press("Enter")
    expect(answer).to_have_class(re.compile(r"\bok\b"))
    expect(answer).to_contain_text("تم تسجيل الوصول")
    expect(answer).to_have_text(re.compile(ARABIC_NUMBER.pattern))
    expect(field).to_have_value("")
    page.screenshot(path=artifacts / "counter-desk-check-in-1366.png", full_page=True)


def test_before_its_script_runs_the_form_cannot_be_sent(page: Page, live_url):
    """A tap or Enter before the handler is attached used to submit the form natively: the
    page reloaded with the reference in its address and answered nothing."""
    page.set_viewport_size(COUNTER_PC)
    page.route(re.compile(r"/static/counters/check_in(\.[0-9a-f]+)?\.js$"), lambda r: r.abort())
    log_in(page, live_url, "agent7")
    button = page.get_by_role("button", name="تسجيل الوصول", exact=True)
    expect(button).to_be_disabled()
    page.get_by_label(re.compile("الرقم المرجعي للموعد")).fill("B-NOPE0-NOPE0-NOPE0")
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"reference="))
