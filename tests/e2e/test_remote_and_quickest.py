"""On a phone (390×844), in Arabic and in English: which centre is quickest for a service,
and joining the queue from home (the code read from the SMS outbox), then when to leave and
the check-in at the kiosk with the reference."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_appointments import ARABIC_NUMBER, PHONE, PORTRAIT, shell

SERVICE = "passport-renewal"


@pytest.fixture(scope="module")
def remote_plan_id(live_url, live_data) -> str:
    """Passport renewal at the Amman centre takes places in the queue from home."""
    return shell(
        live_data,
        "from appointments.models import AppointmentPlan as P;"
        "from centre.models import Centre, Service;"
        "p, _ = P.objects.get_or_create(centre=Centre.objects.get(code='amman'),"
        f" service=Service.objects.get(code='{SERVICE}'));"
        "p.remote_open = True; p.save(); print(p.pk)",
    )


def last_code(live_data, phone: str) -> str:
    text = shell(
        live_data,
        "from kiosk.models import Notification as N;"
        f"print(N.objects.filter(phone='{phone}', kind='code').latest('pk').text)",
    )
    return re.search(r"[0-9]{6}", text).group()


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize(
    ("lang", "direction", "title", "show"),
    [
        ("ar", "rtl", "أي مركز أسرع الآن؟", "اعرض المراكز"),
        ("en", "ltr", "Which centre is quickest now?", "Show the centres"),
    ],
)
def test_it_shows_the_quickest_centres_on_a_phone(
    page: Page, live_url, remote_plan_id, artifacts, lang, direction, title, show
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_url}/book/?lang={lang}")
    page.get_by_role("link", name=title).click()
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("h1")).to_have_text(title)
    page.locator("#service").select_option(SERVICE)
    page.get_by_role("button", name=show).click()
    amman = page.locator('.qk-centre[data-centre="amman"]')
    expect(amman).to_be_visible()
    wait = amman.locator(".qk-wait")
    if lang == "ar":  # a range in Arabic-Indic digits, or "no estimate" said plainly
        expect(wait).to_have_text(re.compile(r"[٠-٩]+–[٠-٩]+ دقيقة|لا يوجد تقدير"))
    else:
        expect(wait).to_have_text(re.compile(r"About \d+–\d+ min wait|No estimate"))
    expect(amman.get_by_role("link").first).to_be_visible()  # booking / from home open
    page.screenshot(path=artifacts / f"quickest-{lang}.png", full_page=True)
    fits_the_phone(page)


@pytest.mark.parametrize(
    ("lang", "phone", "words"),
    [
        (
            "ar",
            "0781112255",
            {
                "choose": "اختر",
                "code": "أرسل لي رمزًا",
                "take": "احجز دوري",
                "done": "لك دور في طابور اليوم.",
                "leave": r"انطلق|لا يوجد تقدير",
                "checked": "دخلت الدور",
            },
        ),
        (
            "en",
            "0781112266",
            {
                "choose": "Choose",
                "code": "Send me a code",
                "take": "Take my place",
                "done": "You have a place in today's queue.",
                "leave": r"Leave (now|in about \d+–\d+ min)|No estimate",
                "checked": "joined the queue",
            },
        ),
    ],
)
def test_it_joins_the_queue_from_home_and_checks_in_at_the_kiosk(
    page: Page, live_url, live_data, remote_plan_id, kiosk_device, artifacts, lang, phone, words
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_url}/book/?lang={lang}")
    page.locator("a[href^='/book/remote/']").click()
    page.locator("#plan").select_option(remote_plan_id)
    page.get_by_role("button", name=words["choose"], exact=True).click()
    page.locator("#phone").fill(phone)
    page.locator("#travel").fill("15")
    page.screenshot(path=artifacts / f"remote-{lang}-1-details.png", full_page=True)
    page.get_by_role("button", name=words["code"]).click()
    expect(page.locator("#code")).to_be_visible()
    page.locator("#code").fill(last_code(live_data, "+962" + phone[1:]))
    page.get_by_role("button", name=words["take"]).click()
    expect(page.locator(".bk-lead")).to_have_text(words["done"])
    reference = page.locator("#reference")
    expect(reference).to_have_text(re.compile(r"^R-\w{5}-\w{5}-\w{5}$"))
    expect(page.locator(".bk-qr")).not_to_have_js_property("naturalWidth", 0)
    page.screenshot(path=artifacts / f"remote-{lang}-2-taken.png", full_page=True)
    fits_the_phone(page)
    code = reference.inner_text()
    page.locator("#track").click()
    expect(page.locator("#leave .bk-lead")).to_have_text(re.compile(words["leave"]))
    page.screenshot(path=artifacts / f"remote-{lang}-3-when-to-leave.png", full_page=True)
    fits_the_phone(page)
    # At the centre: the kiosk's check-in screen takes the remote reference like a booking's.
    page.set_viewport_size(PORTRAIT)
    page.goto(f"{live_url}/kiosk/amman/?device={kiosk_device}")
    expect(page.locator("[data-department]").first).to_be_visible()
    page.goto(f"{live_url}/kiosk/amman/check-in/?lang={lang}")
    page.locator("#ci-reference").fill(code)
    page.locator("#ci-submit").click()
    expect(page.locator("#ci-ticket")).to_be_visible()
    expect(page.locator("#ci-message")).to_contain_text(words["checked"])
    if lang == "ar":
        expect(page.locator("#ci-number")).to_have_text(ARABIC_NUMBER)
    page.screenshot(path=artifacts / f"remote-{lang}-4-checked-in.png")
