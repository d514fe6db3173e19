"""Spoken guidance at the kiosk (portrait 1080×1920): once it is on, the first tap on a button
speaks its label, the second acts, and the next screen asks for its prompt's audio, in the
kiosk's language. Screenshots with guidance on are kept in the test artefacts."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}
NAMES = {"ar": "إرشاد صوتي", "en": "Spoken guidance"}


def speech(key: str, lang: str):
    """A matcher for the kiosk's request for the audio of `key` in `lang`."""

    def matches(request) -> bool:
        url = urlparse(request.url)
        query = parse_qs(url.query)
        return (
            url.path == "/api/v1/kiosk/amman/speech/"
            and query.get("key") == [key]
            and query.get("lang") == [lang]
        )

    return matches


def open_kiosk(page: Page, live_url: str, lang: str, size=PORTRAIT) -> None:
    page.set_viewport_size(size)
    page.goto(f"{live_url}/kiosk/amman/")
    expect(page.locator("[data-department]").first).to_be_visible()
    if lang == "en":
        page.locator("#language").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")


def turn_on(page: Page, lang: str) -> None:
    toggle = page.locator("#guidance")
    expect(toggle).to_have_text(NAMES[lang])
    expect(toggle).to_have_accessible_name(re.compile("^" + NAMES[lang]))
    expect(toggle).to_have_attribute("aria-pressed", "false")
    with page.expect_request(speech("prompt:guidance_on", lang)):
        toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_guidance_speaks_a_button_then_acts_and_speaks_the_next_screen(
    page: Page, live_url, artifacts, lang
):
    open_kiosk(page, live_url, lang)
    turn_on(page, lang)
    page.screenshot(path=artifacts / f"kiosk-guidance-portrait-{lang}-home.png")

    department = page.locator("[data-department=civil-status]")
    with page.expect_request(speech("department:civil-status", lang)):
        department.click()  # the first tap only speaks
    expect(page.locator("#screen-home")).to_be_visible()

    with page.expect_request(speech("prompt:choose_service", lang)) as prompt:
        department.click()  # the second tap acts
    expect(page.locator("#screen-services")).to_be_visible()
    audio = prompt.value.response()
    assert audio.status == 200
    assert audio.header_value("content-type") == "audio/wav"
    assert audio.body()[:4] == b"RIFF"

    service = page.locator("#services [data-service=passport-renewal]")
    with page.expect_request(speech("service:passport-renewal", lang)):
        service.click()
    with page.expect_request(speech("documents:passport-renewal", lang)):
        service.click()
    expect(page.locator("#screen-detail")).to_be_visible()
    page.screenshot(path=artifacts / f"kiosk-guidance-portrait-{lang}-documents.png")

    with page.expect_request(speech("message:checklist_printing", lang)):
        page.locator("#missing-documents").dblclick()  # a message box speaks its text
    expect(page.locator("#message")).to_be_visible()


def test_guidance_works_from_the_keyboard(page: Page, live_url):
    open_kiosk(page, live_url, "en")
    turn_on(page, "en")
    with page.expect_request(speech("department:civil-status", "en")):
        page.locator("[data-department=civil-status]").focus()  # focus speaks
    with page.expect_request(speech("prompt:choose_service", "en")):
        page.keyboard.press("Enter")  # the confirm key acts at once
    expect(page.locator("#screen-services")).to_be_visible()
    first_service = page.locator("#services [data-service]").first
    with page.expect_request(
        speech("service:" + first_service.get_attribute("data-service"), "en")
    ):
        page.keyboard.press("ArrowDown")  # arrows move from button to button
    expect(first_service).to_be_focused()


def test_guidance_speaks_the_ticket_number(page: Page, live_url, artifacts):
    open_kiosk(page, live_url, "ar", LANDSCAPE)
    turn_on(page, "ar")
    page.screenshot(path=artifacts / "kiosk-guidance-landscape-ar-home.png")
    for selector in ["[data-department=civil-status]", "[data-service=passport-renewal]"]:
        page.locator(selector).dblclick()
    expect(page.locator("#screen-detail")).to_be_visible()
    page.locator("#have-documents").dblclick()
    expect(page.locator("#screen-options")).to_be_visible()
    with page.expect_request(lambda r: "key=ticket%3A" in r.url and "lang=ar" in r.url) as said:
        page.locator("#confirm").dblclick()
    expect(page.locator("#screen-ticket")).to_be_visible()
    assert said.value.response().status == 200
    page.screenshot(path=artifacts / "kiosk-guidance-landscape-ar-ticket.png")


def test_guidance_is_off_until_turned_on(page: Page, live_url):
    open_kiosk(page, live_url, "ar")
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "/speech/" in r.url else None)
    page.locator("[data-department=civil-status]").click()  # acts at once, says nothing
    expect(page.locator("#screen-services")).to_be_visible()
    assert requests == []
