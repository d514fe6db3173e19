"""axe-core in the browser on the citizen, hall and staff screens, in Arabic and English, at
the sizes they are used at: no serious or critical violation. A screenshot of each is kept."""

import re
import uuid

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

PHONE = {"width": 390, "height": 844}
HALL = {"width": 1920, "height": 1080}
COUNTER_PC = {"width": 1366, "height": 768}
LANGUAGES = ["ar", "en"]

axe = Axe()


def assert_accessible(page: Page) -> None:
    violations = axe.run(page).response["violations"]
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)


def log_in(page: Page, live_url: str, username: str) -> None:
    page.goto(live_url + "/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "nafitha-demo")
    page.click("button[type=submit]")
    expect(page).not_to_have_url(re.compile("/login/"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_tracking_page_is_accessible(page: Page, live_url, artifacts, lang):
    response = httpx.post(
        f"{live_url}/api/v1/centres/amman/tickets/",
        json={"services": ["passport-renewal"], "language": lang},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 201, response.text
    page.set_viewport_size(PHONE)
    page.goto(f"{live_url}/t/{response.json()['token']}/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#number")).not_to_be_empty()
    assert_accessible(page)
    page.screenshot(path=artifacts / f"a11y-tracking-{lang}.png", full_page=True)


def test_the_hall_display_is_accessible(page: Page, live_url, artifacts):
    """The hall shows both languages at once."""
    page.set_viewport_size(HALL)
    page.goto(f"{live_url}/display/amman/")
    expect(page.locator("#waiting li").first).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=artifacts / "a11y-hall.png", animations="disabled")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_complaint_form_is_accessible(page: Page, live_url, artifacts, lang):
    page.set_viewport_size(COUNTER_PC)
    page.goto(f"{live_url}/complaints/?lang={lang}", wait_until="domcontentloaded")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_accessible(page)
    page.screenshot(path=artifacts / f"a11y-complaint-{lang}.png", full_page=True)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("screen", "username", "path"),
    [
        ("console", "agent6", "/counter/amman/"),
        ("supervisor", "supervisor", "/counter/amman/supervisor/"),
        ("dashboard", "manager", "/dashboard/amman/"),
    ],
)
def test_the_staff_screens_are_accessible(
    page: Page, live_url, artifacts, screen, username, path, lang
):
    page.set_viewport_size(COUNTER_PC)
    log_in(page, live_url, username)
    page.goto(live_url + path, wait_until="domcontentloaded")
    switched = lang != "ar"
    if switched:
        page.click(".lang-switch button")
    try:
        expect(page.locator("html")).to_have_attribute("lang", lang)
        page.wait_for_load_state("networkidle")
        assert_accessible(page)
        page.screenshot(path=artifacts / f"a11y-{screen}-{lang}.png")
    finally:
        # The language is kept on the employee: put it back for the tests that follow.
        if switched:
            page.click(".lang-switch button")
            expect(page.locator("html")).to_have_attribute("lang", "ar")
