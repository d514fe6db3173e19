"""Refusals are explained in the employee's language: Arabic by default, English on request."""

API = "/api/v1/centres/amman/"


def test_it_explains_a_refusal_in_arabic_by_default(world):
    response = world.client("supervisor").post(
        f"{API}tickets/{world.waiting.pk}/transfer/",
        {"service": "moon-visa"},
        content_type="application/json",
    )
    assert response.json()["detail"] == "هذه الخدمة غير موجودة في السجل."


def test_it_explains_a_refusal_in_english_when_the_employee_chose_english(world):
    supervisor = world.staff["supervisor"]
    supervisor.language = "en"
    supervisor.save(update_fields=["language"])
    client = world.client("supervisor")
    response = client.post(
        f"{API}tickets/{world.waiting.pk}/transfer/",
        {"service": "moon-visa"},
        content_type="application/json",
    )
    assert response.json()["detail"] == "This service does not exist in the registry."


def test_it_tells_a_superseded_tab_in_its_language(world):
    client = world.client("agent")
    client.post(
        "/api/v1/centres/amman/console/1/claim/",
        {"tab": "tab-new-0000000002"},
        content_type="application/json",
    )
    response = client.post(
        "/api/v1/centres/amman/counters/1/call-next/",
        {},
        content_type="application/json",
        HTTP_X_CONSOLE_TAB="tab-old-0000000001",
    )
    assert response.json()["detail"].startswith("يُدار هذا الشباك الآن من نافذة أخرى")
