"""The hall and counter screens at 1920x1080, measured in the browser: nothing overlaps,
nothing is cut, and the waiting panel is large enough to read from the back of a hall."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_display import agent, call_next

HALL = {"width": 1920, "height": 1080}
# Smallest department-name text on the waiting panel (CSS px on a 1920x1080 screen).
MIN_ARABIC_PX, MIN_ENGLISH_PX = 32, 24


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not displayed"
    return found


def overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def inside(inner: dict, outer: dict) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def font_px(locator) -> float:
    return float(locator.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))


def is_cut(locator) -> bool:
    """True when the text is wider than its box (cut, or ended with an ellipsis)."""
    return locator.evaluate("e => e.scrollWidth > e.clientWidth + 1")


@pytest.fixture(scope="module")
def four_calls(live_url) -> list[dict]:
    """Counters 1-4 each call a ticket: one now serving and three recent calls."""
    tickets = []
    for number in (1, 2, 3, 4):
        client = agent(live_url, f"agent{number}")
        tickets.append(call_next(client, number))
        client.close()
    return tickets


def test_the_hall_fits_1920x1080_without_overlap_or_cut_text(page, live_url, four_calls, artifacts):
    """The hall shows Arabic and English together, so one layout serves both."""
    page.set_viewport_size(HALL)
    page.goto(f"{live_url}/display/amman/")
    expect(page.locator("#recent tr").nth(1)).to_be_visible()
    expect(page.locator("#waiting li").first).to_be_visible()

    # The hamza of the Arabic number stays clear of the panel's heading.
    assert not overlap(box(page.locator("#now-title")), box(page.locator("#now-number-ar")))
    now = box(page.locator("#now"))
    for part in ("#now-number-ar", "#now-number-en", "#now-counter", "#now-service"):
        assert inside(box(page.locator(part)), now), part
    # The call names its service in both languages.
    expect(page.locator("#now-service [lang=ar]")).not_to_be_empty()
    expect(page.locator("#now-service [lang=en]")).not_to_be_empty()

    # Recent calls: every row shown is whole; Arabic and Latin forms stand apart.
    recent = box(page.locator(".recent"))
    rows = page.locator("#recent tr")
    assert rows.count() >= 2
    for i in range(rows.count()):
        row = rows.nth(i)
        assert inside(box(row), recent), f"recent call {i} is cut"
        for cell in ("td.ticket", "td.counter"):
            arabic = box(row.locator(f"{cell} [lang=ar]"))
            latin = box(row.locator(f"{cell} [lang=en]"))
            gap = max(
                latin["x"] - (arabic["x"] + arabic["width"]),
                arabic["x"] - (latin["x"] + latin["width"]),
            )
            assert gap >= 8, f"{cell} of row {i}: {gap:.1f} px between the two forms"
        expect(row.locator("td.service [lang=en]")).not_to_be_empty()

    # The waiting panel: large, whole names; the sound button covers none of it.
    waiting = box(page.locator(".waiting"))
    names = page.locator("#waiting .department-name")
    for i in range(names.count()):
        name = names.nth(i)
        assert inside(box(name.locator("..")), waiting), f"department {i} is cut"
        assert font_px(name.locator("[lang=ar]")) >= MIN_ARABIC_PX
        assert font_px(name.locator("[lang=en]")) >= MIN_ENGLISH_PX
        assert not is_cut(name.locator("[lang=ar]")) and not is_cut(name.locator("[lang=en]"))
    sound = page.locator("#sound")
    if sound.is_visible():
        for section in page.locator("main section").all():
            assert not overlap(box(sound), box(section))

    page.screenshot(path=artifacts / "display-hall-layout.png", animations="disabled")


def test_a_counter_screen_without_a_ticket_says_so_instead_of_showing_dashes(
    page, live_url, artifacts
):
    page.set_viewport_size(HALL)
    page.goto(f"{live_url}/display/amman/counter/9/")  # a counter nobody has opened
    expect(page.locator('.counter-state[data-show="closed"]')).to_be_visible()
    expect(page.locator("#now-number")).to_be_hidden()
    for text in page.locator(".counter-grid > *:visible").all():
        assert inside(box(text), {"x": 0, "y": 0, **HALL})
    page.screenshot(path=artifacts / "display-counter-closed.png", animations="disabled")


def test_a_counter_screen_shows_its_ticket_whole(page, live_url, four_calls, artifacts):
    page.set_viewport_size(HALL)
    page.goto(f"{live_url}/display/amman/counter/4/")
    expect(page.locator("#now-number-en")).to_have_text(four_calls[3]["number"])
    assert inside(box(page.locator("#now-number")), {"x": 0, "y": 0, **HALL})
    assert not overlap(box(page.locator(".counter-title")), box(page.locator("#now-number-ar")))
    page.screenshot(path=artifacts / "display-counter-serving.png", animations="disabled")
