"""axe-core on every kiosk screen, in Arabic and English, portrait and landscape: no serious
or critical violation. Screenshots of each screen are kept in the test artefacts."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

SIZES = {"portrait": {"width": 1080, "height": 1920}, "landscape": {"width": 1920, "height": 1080}}
axe = Axe()


def check(page: Page, artifacts, name: str) -> None:
    page.screenshot(path=artifacts / f"kiosk-axe-{name}.png")
    violations = axe.run(page).response["violations"]
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], name


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_every_kiosk_screen_passes_axe(
    page: Page, live_url, kiosk_device, artifacts, orientation, lang
):
    page.set_viewport_size(SIZES[orientation])
    page.goto(f"{live_url}/kiosk/amman/?device={kiosk_device}")
    expect(page.locator("[data-department]").first).to_be_visible()
    if lang == "en":
        page.locator("#language").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    name = f"{orientation}-{lang}"
    check(page, artifacts, f"{name}-1-home")
    page.locator("#search").click()
    expect(page.locator("#keyboard")).to_be_visible()
    page.locator("#search").fill("passport" if lang == "en" else "جواز")
    expect(page.locator("#search-results [data-service]").first).to_be_visible()
    check(page, artifacts, f"{name}-2-search")
    page.locator("#search").fill("")
    page.locator("[data-department=civil-status]").click()
    expect(page.locator("#screen-services")).to_be_visible()
    check(page, artifacts, f"{name}-3-services")
    page.locator("#services [data-service=passport-renewal]").click()
    expect(page.locator("#screen-detail")).to_be_visible()
    check(page, artifacts, f"{name}-4-documents")
    page.locator("#have-documents").click()
    page.locator("[data-priority=elderly]").click()
    check(page, artifacts, f"{name}-5-options")
    page.locator("#confirm").click()
    expect(page.locator("#screen-ticket")).to_be_visible()
    expect(page.locator("#ticket-qr")).not_to_have_js_property("naturalWidth", 0)
    check(page, artifacts, f"{name}-6-ticket")
    page.locator("#ticket-done").click()
    page.locator("#accessible").click()
    check(page, artifacts, f"{name}-7-accessible-home")
    page.locator("#guidance").click()
    expect(page.locator("#guidance")).to_have_attribute("aria-pressed", "true")
    check(page, artifacts, f"{name}-8-guidance-home")
