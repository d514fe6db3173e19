"""The citizen's voice in a real browser: the counter tablet in Arabic (a service ends, a face
is tapped, thanks, back to idle), and a complaint submitted, answered and followed."""

import uuid

import httpx
import pytest
from playwright.sync_api import expect

COUNTER = 6  # demo counter opened by agent6; other browser tests use the first ones


def api(live_url: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=live_url + "/api/v1", timeout=10)
    token = client.post("/auth/token/", json={"username": username, "password": "nafitha-demo"})
    token.raise_for_status()
    client.headers["Authorization"] = f"Token {token.json()['token']}"
    return client


@pytest.fixture
def manager(live_url):
    client = api(live_url, "manager")
    yield client
    client.close()


@pytest.fixture
def agent6(live_url):
    client = api(live_url, "agent6")
    yield client
    client.close()


def serve_arabic_ticket(live_url: str, agent: httpx.Client) -> dict:
    """Issue an Arabic ticket as a kiosk would, then call and complete it at COUNTER."""
    service = httpx.get(f"{live_url}/api/v1/centres/amman/services/").json()[0]["code"]
    ticket = httpx.post(
        f"{live_url}/api/v1/centres/amman/tickets/",
        json={"services": [service], "language": "ar"},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    ).json()
    path = f"/centres/amman/counters/{COUNTER}"
    response = agent.post(f"{path}/call-specific/", json={"ticket": ticket["id"]})
    assert response.status_code == 200, response.text
    agent.post(f"{path}/complete/", json={"outcome": "completed"}).raise_for_status()
    return ticket


def test_the_counter_tablet_asks_in_arabic_thanks_and_returns_to_idle(
    page, live_url, manager, agent6, artifacts
):
    tablet = manager.post("/feedback/tablets/", json={"centre": "amman", "counter": COUNTER})
    assert tablet.status_code in (200, 201), tablet.text
    # A counter left busy by the demo would prompt for its own ticket: finish it first.
    counters = {c["number"]: c for c in agent6.get("/centres/amman/counters/").json()}
    if counters[COUNTER]["ticket"]:
        agent6.post(f"/centres/amman/counters/{COUNTER}/complete/", json={"outcome": "completed"})

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_url + tablet.json()["url"])
    expect(page.locator("body")).to_have_attribute("data-connected", "true")
    expect(page.locator("#idle h1")).to_have_text("أهلاً وسهلاً")
    page.screenshot(path=artifacts / "feedback-tablet-idle-ar.png")

    ticket = serve_arabic_ticket(live_url, agent6)

    expect(page.locator("#prompt")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#question")).to_have_text("ما مدى رضاك عن الخدمة؟")
    # Written as on the paper and the hall display (ح-٠٠١), not half Latin (H-٠٠١).
    expect(page.locator("#ticket-number")).to_have_text(ticket["number_ar"])
    page.screenshot(path=artifacts / "feedback-tablet-prompt-ar.png")

    page.get_by_role("button", name="راضٍ جداً").click()
    expect(page.locator("#more")).to_be_visible()
    page.locator(".scale[data-value='9']").click()
    expect(page.locator(".scale[data-value='9']")).to_have_text("٩")
    page.screenshot(path=artifacts / "feedback-tablet-recommend-ar.png")
    page.locator("#send").click()

    expect(page.locator("#thanks")).to_be_visible()
    expect(page.locator("#thanks h1")).to_have_text("شكراً لتقييمك!")
    page.screenshot(path=artifacts / "feedback-tablet-thanks-ar.png")
    expect(page.locator("#idle")).to_be_visible(timeout=15_000)

    # The same visit cannot be answered again from its link.
    again = httpx.post(
        f"{live_url}/api/v1/feedback/visits/{ticket['token']}/", json={"satisfaction": 1}
    )
    assert again.status_code == 409


def test_a_citizen_submits_a_complaint_and_follows_the_answer(page, live_url, manager, artifacts):
    page.set_viewport_size({"width": 420, "height": 900})
    page.goto(live_url + "/complaints/?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_label("شكوى").check()
    page.get_by_label("رسالتك").fill(
        "طُلبت مني صورة عن شهادة الميلاد وهي غير مذكورة في قائمة الوثائق. <b>test</b>"
    )
    page.get_by_label("المركز (اختياري)").select_option("amman")
    page.get_by_label("رقم الهاتف المحمول (اختياري)").fill("٠٧٩١٢٣٤٥٦٧")
    page.screenshot(path=artifacts / "feedback-complaint-form-ar.png", full_page=True)
    page.get_by_role("button", name="إرسال").click()

    expect(page.locator("#status")).to_have_text("تم الاستلام")
    reference = page.locator("#reference").inner_text()
    page.screenshot(path=artifacts / "feedback-complaint-received-ar.png", full_page=True)

    [row] = [r for r in manager.get("/feedback/queue/").json() if r["reference"] == reference]
    assert row["contact"]["phone"] == "+962791234567"
    answered = manager.post(
        f"/feedback/queue/{reference}/answer/",
        json={"answer": "نعتذر عن ذلك. تم تذكير الموظفين بقائمة الوثائق المعتمدة."},
    )
    assert answered.status_code == 200, answered.text

    page.goto(f"{live_url}/complaints/status/?lang=ar")
    page.get_by_label("الرقم المرجعي").fill(reference)
    page.get_by_role("button", name="عرض").click()
    expect(page.locator("#status")).to_have_text("تم الرد")
    expect(page.locator("#answer")).to_contain_text("تم تذكير الموظفين")
    assert "0791234567" not in page.content()
    page.screenshot(path=artifacts / "feedback-complaint-answered-ar.png", full_page=True)
