"""Public holidays sit next to opening hours: seeded from the `holidays` package, estimated
Islamic dates confirmed by an admin, and a confirmed holiday closes every centre."""

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.test import RequestFactory
from rest_framework.test import APIClient

from centre.admin import PublicHolidayAdmin
from centre.holidays import public_holidays_seed
from centre.models import PublicHoliday
from queueing.models import Ticket

pytestmark = pytest.mark.django_db
AMMAN = zoneinfo.ZoneInfo("Asia/Amman")
INDEPENDENCE_DAY = dt.datetime(2026, 5, 25, 10, 0, tzinfo=AMMAN)


def test_it_seeds_jordans_holidays_in_arabic_with_the_islamic_ones_unconfirmed():
    created = public_holidays_seed(years=[2026])
    by_date = {h.date: h for h in created}
    independence = by_date[dt.date(2026, 5, 25)]
    assert (independence.name_ar, independence.name_en, independence.confirmed) == (
        "عيد الاستقلال",
        "Independence Day",
        True,
    )
    eid = by_date[dt.date(2026, 3, 20)]
    assert (eid.name_ar, eid.confirmed) == ("عيد الفطر", False)  # an estimate, to confirm
    assert by_date[dt.date(2026, 12, 25)].confirmed


def test_seeding_again_keeps_what_an_admin_changed():
    call_command("seed_holidays", year=[2026], stdout=io.StringIO())
    PublicHoliday.objects.filter(date=dt.date(2026, 3, 20)).update(
        confirmed=True, name_en="Eid al-Fitr (announced)"
    )
    count = PublicHoliday.objects.count()
    out = io.StringIO()
    call_command("seed_holidays", year=[2026], stdout=out)
    assert PublicHoliday.objects.count() == count
    assert out.getvalue().startswith("0 public holidays added")
    eid = PublicHoliday.objects.get(date=dt.date(2026, 3, 20))
    assert (eid.confirmed, eid.name_en) == (True, "Eid al-Fitr (announced)")


def test_the_admin_action_confirms_estimated_dates(admin_user):
    public_holidays_seed(years=[2026])
    request = RequestFactory().post("/")
    request.user = admin_user
    request._messages = type("M", (), {"add": lambda *a, **k: None})()
    estimated = PublicHoliday.objects.filter(confirmed=False)
    assert estimated.exists()
    PublicHolidayAdmin(PublicHoliday, site).confirm(request, estimated)
    assert not PublicHoliday.objects.filter(confirmed=False).exists()


def test_a_confirmed_holiday_closes_the_centre_all_day(centre):
    assert centre.is_open_at(INDEPENDENCE_DAY)
    holiday = PublicHoliday.objects.create(
        date=dt.date(2026, 5, 25), name_ar="عيد الاستقلال", name_en="Independence Day"
    )
    assert centre.closed_because(INDEPENDENCE_DAY) == "holiday"
    holiday.confirmed = False  # an estimate not yet confirmed does not close it
    holiday.save()
    assert centre.is_open_at(INDEPENDENCE_DAY)


def test_a_holiday_refuses_issuing_with_a_translated_message(centre, passport):
    PublicHoliday.objects.create(
        date=dt.date(2026, 5, 25), name_ar="عيد الاستقلال", name_en="Independence Day"
    )
    client = APIClient()
    with time_machine.travel(INDEPENDENCE_DAY):
        info = client.get("/api/v1/centres/amman/").json()
        response = client.post(
            "/api/v1/centres/amman/tickets/",
            {"services": ["passport-renewal"]},
            format="json",
            HTTP_ACCEPT_LANGUAGE="ar",
        )
    assert (info["is_open"], info["holiday"]["name_ar"]) == (False, "عيد الاستقلال")
    assert response.status_code == 409
    assert response.json() == {
        "code": "centre_holiday",
        "detail": "المركز مغلق اليوم لعطلة رسمية. يرجى العودة في يوم عمل.",
    }
    assert not Ticket.objects.exists()
