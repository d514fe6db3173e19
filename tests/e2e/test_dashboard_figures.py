"""The dashboard's figures read on their own: each counter figure has its label, and the
hourly chart shows its values over a labelled count axis."""

import re

from playwright.sync_api import Page, expect

from nafitha.arabic import latin_digits
from tests.e2e.test_dashboard import log_in


def test_each_counter_figure_has_its_label(page: Page, live_url, artifacts):
    page.set_viewport_size({"width": 1920, "height": 1080})
    log_in(page, live_url, "manager", r"/dashboard/amman/$")
    tile = page.locator('dl.kpi-split[aria-labelledby="counters-kpi"]')
    expect(tile.locator("dt")).to_have_text(["مفتوح", "مشغول", "شاغر", re.compile("^متوقف")])
    expect(tile.locator('dd[data-kpi="open"]')).not_to_have_text("—")
    for figure in tile.locator("dd").all_inner_texts():
        assert latin_digits(figure).isdigit()

    chart = page.locator("#hours svg")
    expect(chart.locator("text.tick").first).to_have_text("٠")
    # SVG text has no innerText: read its text content.
    ticks = [int(latin_digits(t)) for t in chart.locator("text.tick").all_text_contents()]
    assert len(ticks) >= 2 and ticks == sorted(ticks)
    # Tickets were issued today, so at least one hour has a bar with its value written on it.
    values = [
        int(latin_digits(v)) for v in chart.locator("text.value.arrivals").all_text_contents()
    ]
    assert values and all(0 < v <= ticks[-1] for v in values)
    page.locator("#hours").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "dashboard-figures-ar.png", full_page=True)
