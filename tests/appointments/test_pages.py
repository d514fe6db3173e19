"""The booking page in Arabic and English, and the kiosk's check-in screen."""

import pytest

from kiosk.models import Notification
from tests.appointments.conftest import last_code

pytestmark = pytest.mark.django_db


def test_booking_on_the_page_in_arabic(client, centre, passport, plan):
    page = client.get("/book/", {"lang": "ar"})
    assert 'lang="ar" dir="rtl"' in page.content.decode()
    assert "احجز موعدًا" in page.content.decode()
    days = client.get("/book/", {"lang": "ar", "plan": plan.pk}).context["days"]
    day = days[0]["iso"]
    times = client.get("/book/", {"lang": "ar", "plan": plan.pk, "day": day}).context["times"]
    form = {"lang": "ar", "plan": plan.pk, "day": day, "slot": times[0]["value"]}
    sent = client.post("/book/?lang=ar", {**form, "phone": "٠٧٩١٢٣٤٥٦٧", "action": "code"})
    assert sent.status_code == 200 and sent.context["step"] == "code"
    message = Notification.objects.get(kind="code")
    assert message.text.startswith("نافذة")
    wrong = client.post(
        "/book/?lang=ar", {**form, "phone": "0791234567", "code": "1", "action": "book"}
    )
    assert wrong.status_code == 400 and "غير صحيح" in wrong.content.decode()
    done = client.post(
        "/book/?lang=ar", {**form, "phone": "0791234567", "code": last_code(), "action": "book"}
    )
    assert done.status_code == 201
    reference = done.context["reference"]
    assert reference in done.content.decode() and "data:image/svg+xml" in done.content.decode()
    shown = client.post("/book/manage/?lang=en", {"lang": "en", "reference": reference})
    assert "Booked" in shown.content.decode()
    cancelled = client.post(
        "/book/manage/?lang=en", {"lang": "en", "reference": reference, "action": "cancel"}
    )
    assert "The booking is cancelled." in cancelled.content.decode()


def test_the_page_refuses_bad_input_without_a_500(client, centre, passport, plan):
    assert client.get("/book/", {"plan": "x"}).status_code == 400
    assert client.get("/book/", {"plan": "999"}).status_code == 400
    assert client.get("/book/", {"plan": plan.pk, "day": "2026-02-30"}).status_code == 400
    bad = client.post(
        "/book/?lang=en",
        {
            "plan": plan.pk,
            "day": "2026-03-09",
            "slot": "soon",
            "phone": "0791234567",
            "action": "code",
        },
    )
    assert bad.status_code == 400 and not Notification.objects.exists()


def test_the_kiosk_start_screen_leads_to_check_in(client, centre):
    kiosk = client.get(f"/kiosk/{centre.code}/").content.decode()
    assert f'action="/kiosk/{centre.code}/check-in/"' in kiosk and "<a " not in kiosk
    assert "لدي موعد" in kiosk and "I have an appointment" in kiosk
    screen = client.get(f"/kiosk/{centre.code}/check-in/", {"lang": "en"}).content.decode()
    assert "Check in for an appointment" in screen and "check_in.js" in screen
