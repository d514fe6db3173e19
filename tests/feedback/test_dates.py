"""Dates read the same on every page: "٢٩ تشرين الثاني ٢٠٢٦", as the hall display writes them."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, translation

from feedback.models import CitizenRequest

AMMAN = ZoneInfo("Asia/Amman")


@pytest.mark.parametrize(
    ("language", "date", "date_time"),
    [
        ("ar", "29 تشرين الثاني 2026", "29 تشرين الثاني 2026، 09:05"),
        ("en", "29 November 2026", "29 November 2026, 09:05"),
    ],
)
def test_it_writes_day_month_year_with_levantine_months(language, date, date_time):
    with translation.override(language):
        assert formats.date_format(dt.date(2026, 11, 29), "DATE_FORMAT") == date
        assert formats.date_format(dt.datetime(2026, 11, 29, 9, 5), "DATETIME_FORMAT") == date_time


def test_it_shows_the_same_arabic_date_on_the_staff_queue_and_the_citizen_page(
    client, complaint, manager
):
    CitizenRequest.objects.filter(pk=complaint.pk).update(
        received_at=dt.datetime(2026, 11, 22, 10, 0, tzinfo=AMMAN),
        due_at=dt.datetime(2026, 11, 29, 14, 0, tzinfo=AMMAN),
    )
    client.cookies["django_language"] = "ar"
    citizen = client.get(f"/complaints/{complaint.reference}/").content.decode()
    client.force_login(manager.user)
    staff = client.get("/complaints/manage/").content.decode()
    for html in (citizen, staff):
        assert "٢٩ تشرين الثاني ٢٠٢٦" in html
        assert "نوفمبر" not in html
