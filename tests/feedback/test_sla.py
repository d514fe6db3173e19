"""Response deadlines in working days (Sunday–Thursday, less public holidays) and escalation
of requests that pass them, with a frozen clock."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from centre.models import PublicHoliday
from feedback import services
from feedback.models import CitizenRequest, RequestEvent
from feedback.workdays import add_working_days

pytestmark = pytest.mark.django_db
AMMAN = zoneinfo.ZoneInfo("Asia/Amman")
THURSDAY = dt.datetime(2026, 5, 21, 10, 0, tzinfo=AMMAN)


def local(*args):
    return dt.datetime(*args, tzinfo=AMMAN)


@pytest.fixture
def independence_day():
    return PublicHoliday.objects.create(
        date=dt.date(2026, 5, 25), name_ar="عيد الاستقلال", name_en="Independence Day"
    )


def test_it_skips_friday_and_saturday():
    assert add_working_days(THURSDAY, 1) == local(2026, 5, 25)  # end of Sunday
    assert add_working_days(THURSDAY, 2) == local(2026, 5, 26)  # end of Monday
    assert add_working_days(local(2026, 5, 22, 9), 1) == local(
        2026, 5, 25
    )  # Friday counts from Sunday


def test_it_skips_public_holidays(independence_day):
    assert add_working_days(THURSDAY, 2) == local(2026, 5, 27)  # Sunday, (Monday off), Tuesday


def test_an_estimated_holiday_counts_once_confirmed():
    eid = PublicHoliday.objects.create(
        date=dt.date(2026, 5, 27), name_ar="عيد الأضحى", name_en="Eid al-Adha", confirmed=False
    )
    assert add_working_days(local(2026, 5, 26, 9), 1) == local(2026, 5, 28)
    eid.confirmed = True
    eid.save()
    assert add_working_days(local(2026, 5, 26, 9), 1) == local(2026, 5, 29)


def test_a_request_gets_the_deadline_of_its_type(settings, independence_day):
    settings.NAFITHA_REQUEST_SLA_DAYS = {
        **settings.NAFITHA_REQUEST_SLA_DAYS,
        "complaint": 2,
        "inquiry": 1,
    }
    complaint = services.request_submit(kind="complaint", body="Late service again", now=THURSDAY)
    inquiry = services.request_submit(kind="inquiry", body="Which documents?", now=THURSDAY)
    assert complaint.due_at == local(2026, 5, 27)
    assert inquiry.due_at == local(2026, 5, 25)


def test_overdue_requests_are_escalated_once_per_period(settings, independence_day):
    settings.NAFITHA_REQUEST_SLA_DAYS = {**settings.NAFITHA_REQUEST_SLA_DAYS, "complaint": 2}
    settings.NAFITHA_REQUEST_ESCALATE_EVERY_DAYS = 2
    late = services.request_submit(kind="complaint", body="Nobody answered", now=THURSDAY)
    answered = services.request_submit(kind="complaint", body="Answered in time", now=THURSDAY)
    services.request_answer(
        request=answered, answer="Sorry, fixed.", by=None, now=local(2026, 5, 24, 9)
    )

    with time_machine.travel(local(2026, 5, 26, 23, 59)):  # the holiday gave one more day
        call_command("escalate_requests")
    late.refresh_from_db()
    assert late.escalation_level == 0

    with time_machine.travel(local(2026, 5, 27, 0, 5)):
        call_command("escalate_requests")
        call_command("escalate_requests")  # a second run finds nothing new
    late.refresh_from_db()
    assert late.escalation_level == 1
    assert late.is_overdue(local(2026, 5, 27, 0, 5))
    assert late.next_escalation_at == local(2026, 6, 1)  # Wed 27 → Thu 28, Sun 31

    with time_machine.travel(local(2026, 6, 1, 8)):
        escalated = services.requests_escalate()
    assert [r.reference for r in escalated] == [late.reference]
    assert RequestEvent.objects.filter(request=late, kind="escalated").count() == 2
    assert CitizenRequest.objects.get(pk=answered.pk).escalation_level == 0
