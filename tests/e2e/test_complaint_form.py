"""On the complaint form the service list follows the chosen department."""

from playwright.sync_api import Page, expect


def visible_services(page: Page) -> set[str]:
    return set(
        page.locator("#id_service option").evaluate_all(
            "options => options.filter(o => o.value && !o.hidden).map(o => o.value)"
        )
    )


def test_it_lists_only_the_chosen_departments_services(page: Page, live_url, artifacts):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_url + "/complaints/")
    expect(page.locator("#id_department option").first).to_have_text("غير محدد")
    everything = visible_services(page)
    assert {"passport-renewal", "licence-renewal"} <= everything

    page.select_option("#id_department", "civil-status")
    civil = visible_services(page)
    assert "passport-renewal" in civil and "licence-renewal" not in civil
    assert civil < everything
    page.locator("#id_service").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "complaint-form-ar.png")

    page.select_option("#id_service", "passport-renewal")
    page.select_option("#id_department", "licensing")
    expect(page.locator("#id_service")).to_have_value("")  # no service of another department


def test_it_fills_in_the_department_of_a_service_picked_first(page: Page, live_url):
    page.goto(live_url + "/complaints/")
    page.select_option("#id_service", "licence-renewal")
    expect(page.locator("#id_department")).to_have_value("licensing")
