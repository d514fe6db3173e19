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


TRACKED = "R-TRACK-PLACE-HOMEQ"


def tracked_place(live_data) -> str:
    """A place taken from home at Amman (written directly: the joining is tested above),
    with a walk-in ahead of it; its page's token."""
    return shell(
        live_data,
        "import datetime as dt; from django.utils import timezone;"
        "from appointments.models import RemoteTicket as R;"
        "from appointments.selectors import reference_digest;"
        "from centre.models import Centre, Service; from queueing import engine;"
        "c = Centre.objects.get(code='amman'); s = Service.objects.get(code='passport-renewal');"
        "now = timezone.now(); R.objects.filter(token='e2e-track-0123456789ab').delete();"
        "r = R.objects.create(centre=c, service=s, service_day=c.service_day(now),"
        " phone='+962781110000', language='ar', token='e2e-track-0123456789ab',"
        f" reference_digest=reference_digest('{TRACKED}'), created_at=now,"
        " travel_minutes=15, expires_at=now + dt.timedelta(hours=2));"
        "print(r.token)",
    )


def queue_moves(live_data, action: str) -> str:
    """Move the Amman passport queue (`walk_in`, `check_in`, or `walk_out` of the ticket
    just ahead of the place's); what the place's page says about the queue now."""
    return shell(
        live_data,
        "from appointments.models import RemoteTicket as R;"
        "from appointments.remote import remote_check_in;"
        "from appointments.remote_selectors import track_state;"
        "from queueing import engine; from queueing.models import Ticket;"
        "r = R.objects.select_related('centre', 'service').get(token='e2e-track-0123456789ab');"
        "c, s = r.centre, r.service;"
        f"action = '{action}';"
        "_ = action == 'walk_in' and engine.ticket_issue(centre=c, service_codes=[s.code]);"
        f"_ = action == 'check_in' and remote_check_in(reference='{TRACKED}', centre=c);"
        "r.refresh_from_db();"
        "ahead = r.ticket and Ticket.objects.filter(centre=c, service=s).waiting()"
        ".ahead_of(r.ticket).order_by('-queue_since', '-pk').first();"
        "_ = action == 'walk_out' and engine.ticket_walk_out(ticket=ahead);"
        "print(track_state(r, 'ar')['queue'])",
    )


def test_the_place_page_refreshes_itself_when_the_queue_moves(
    page: Page, live_url, live_data, remote_plan_id, artifacts
):
    token = tracked_place(live_data)
    queue_moves(live_data, "walk_in")  # at least one person ahead once it is checked in
    page.set_viewport_size(PHONE)
    page.clock.install()
    page.goto(f"{live_url}/book/remote/{token}/?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    region = page.locator("#leave")
    expect(region).to_have_attribute("aria-live", "polite")
    page.evaluate("() => { window.notReloaded = true; }")
    queue = page.locator("#leave-queue")
    before = queue.inner_text()
    # Someone takes a ticket: the waiting count the page shows goes up, without a reload.
    now_says = queue_moves(live_data, "walk_in")
    assert now_says != before
    page.clock.run_for(30_000)
    expect(queue).to_have_text(now_says)
    # The citizen checks in at the kiosk: the page shows the ticket and its position.
    position = queue_moves(live_data, "check_in")
    page.clock.run_for(30_000)
    expect(page.locator("#leave-lead")).to_have_text("تم تسجيل وصولك.")
    expect(page.locator("#leave-number-value")).to_have_text(ARABIC_NUMBER)
    expect(queue).to_have_text(position)
    expect(page.locator("#cancel")).to_be_hidden()
    page.screenshot(path=artifacts / "remote-ar-5-position.png", full_page=True)
    # The person just ahead leaves: one place forward.
    moved = queue_moves(live_data, "walk_out")
    assert moved != position
    page.clock.run_for(30_000)
    expect(queue).to_have_text(moved)
    assert re.search(r"[٠-٩]|لا أحد|شخص", moved)
    assert page.evaluate("() => window.notReloaded") is True
    page.screenshot(path=artifacts / "remote-ar-6-moved.png", full_page=True)
    fits_the_phone(page)
