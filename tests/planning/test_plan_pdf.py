"""The staffing plan and the sizing table as PDFs: shaped Arabic in logical order, the same
people allowed as for the JSON."""

import re

import pytest

from tests.conftest import make_centre
from tests.planning.test_forecast_and_plan import DAY
from tests.planning.test_pages_and_api import busy_centre, centre_days, client_for, people  # noqa: F401
from tests.scorecard.test_report import pdf_text

pytestmark = pytest.mark.django_db


TASHKEEL = re.compile("[\u064b-\u0652]")  # pdftotext moves or drops the marks


def arabic_tokens(text: str) -> list[str]:
    return re.findall(r"[\u0600-\u06FF]+", TASHKEEL.sub("", text))


def test_the_manager_prints_the_plan_with_shaped_arabic(client, people, busy_centre, tmp_path):  # noqa: F811
    response = client_for(client, people["manager"]).get(
        f"/api/v1/planning/centres/{busy_centre.code}/?day={DAY}&type=pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Staffing plan" in text and "خطة التوظيف" in text  # an Arabic-only line, whole
    assert busy_centre.name_en in text
    missing = [t for t in arabic_tokens(busy_centre.name_ar) if t not in TASHKEEL.sub("", text)]
    assert not missing, (missing, text)
    assert "الشبابيك اللازمة" in text
    assert str(DAY) in text


@pytest.mark.parametrize(("who", "status"), [("agent", 403), ("other_manager", 403)])
def test_others_get_no_plan_pdf(client, people, busy_centre, who, status):  # noqa: F811
    response = client_for(client, people[who]).get(
        f"/api/v1/planning/centres/{busy_centre.code}/?day={DAY}&type=pdf"
    )
    assert response.status_code == status


def test_an_unknown_format_is_a_400(client, people, busy_centre):  # noqa: F811
    response = client_for(client, people["manager"]).get(
        f"/api/v1/planning/centres/{busy_centre.code}/?type=xls"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "format_unknown"


def test_the_analyst_prints_the_sizing_table(client, people, tmp_path):  # noqa: F811
    small = make_centre("small-busy", name_en="Small and busy", name_ar="صغير ومزدحم")
    centre_days(small, days=3, peak=60, counters=3)
    response = client_for(client, people["analyst"]).get(
        "/api/v1/planning/national/?period=2026-10&type=pdf"
    )
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert "Centre sizing" in text and "Small and busy" in text
    assert "صغير ومزدحم" in text
    assert (
        client_for(client, people["manager"])
        .get("/api/v1/planning/national/?period=2026-10&type=pdf")
        .status_code
        == 403
    )


def test_the_printed_plan_gives_the_appointment_level_when_there_are_bookings(
    client,
    people,  # noqa: F811
    busy_centre,  # noqa: F811
    passport,
    tmp_path,
):
    import datetime as dt
    import hashlib

    from appointments.models import Booking

    starts = dt.datetime.combine(DAY, dt.time(9, 0), tzinfo=busy_centre.tz)
    Booking.objects.create(
        centre=busy_centre,
        service=passport,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=passport.standard_service_minutes),
        phone="+962790000000",
        reference_digest=hashlib.sha256(b"one").hexdigest(),
    )
    response = client_for(client, people["manager"]).get(
        f"/api/v1/planning/centres/{busy_centre.code}/?day={DAY}&type=pdf"
    )
    text = pdf_text(response.content, tmp_path)
    assert "Walk-in service level" in text
    assert "Appointments called within their slot" in text
