"""Messages go only to Jordanian mobiles typed at the centre, a few a day per number; the
log never holds a message's text, and numbers are erased once the visit is over."""

import datetime as dt
import io
import logging

import pytest
import time_machine
from django.core.management import call_command

from kiosk import notify
from kiosk.models import Notification
from nafitha.phones import jordan_mobile, masked
from queueing import engine
from queueing.models import Ticket

ISSUE = "/api/v1/kiosk/tickets/"


@pytest.mark.parametrize(
    "typed", ["0791234567", "+962791234567", "00962791234567", "٠٧٩١٢٣٤٥٦٧", "079 123 4567"]
)
def test_it_stores_a_jordanian_mobile_in_one_form(typed):
    assert jordan_mobile(typed) == "+962791234567"


@pytest.mark.parametrize(
    "phone",
    [
        "+882123456789",  # satellite network, the number an attacker used
        "+447911123456",  # a foreign mobile
        "064123456",  # an Amman landline
        "0761234567",  # not a mobile range
        "07912345678",  # one digit too many
        "call me",
    ],
)
def test_the_kiosk_refuses_any_other_number_and_changes_nothing(kiosk, passport, phone):
    response = kiosk.post(ISSUE, {"services": ["passport-renewal"], "phone": phone}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "phone" in response.json()["fields"]
    assert not Ticket.objects.exists()
    assert not Notification.objects.exists()


def test_it_limits_messages_per_number_per_day(settings, kiosk, passport):
    settings.NAFITHA_SMS_PER_NUMBER_PER_DAY = 2
    body = {"services": ["passport-renewal"], "phone": "0791234567"}
    assert [kiosk.post(ISSUE, body, format="json").status_code for _ in range(2)] == [201, 201]
    before = list(Notification.objects.values_list("pk", flat=True))
    refused = kiosk.post(ISSUE, {**body, "phone": "+962791234567"}, format="json")
    assert refused.status_code == 429
    assert refused.json()["code"] == "sms_limit_reached"
    assert Ticket.objects.count() == 2
    assert list(Notification.objects.values_list("pk", flat=True)) == before
    # Another number, or the same one without a phone, still gets its ticket.
    assert kiosk.post(ISSUE, {**body, "phone": "0781234567"}, format="json").status_code == 201
    assert kiosk.post(ISSUE, {"services": ["passport-renewal"]}, format="json").status_code == 201


def test_a_reminder_over_the_limit_is_skipped_and_the_call_goes_on(
    settings, centre, passport, open_counter, alice
):
    settings.NAFITHA_SMS_PER_NUMBER_PER_DAY = 1
    settings.NAFITHA_NOTIFY_NEAR_PLACES = 1
    for _ in range(2):
        engine.ticket_issue(centre=centre, service_codes=["passport-renewal"])
    mine = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], phone="+962791234567"
    ).ticket
    assert engine.ticket_call_next(counter=open_counter, staff=alice) is not None
    statuses = dict(Notification.objects.filter(ticket=mine).values_list("kind", "status"))
    assert statuses == {"issued": "pending", "near": "skipped"}


def test_the_log_names_the_message_never_its_text_or_number(
    settings, centre, passport, caplog, django_capture_on_commit_callbacks
):
    settings.NAFITHA_NOTIFY_IMMEDIATE = "inline"
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = engine.ticket_issue(
            centre=centre, service_codes=["passport-renewal"], phone="+962791234567"
        ).ticket
    row = Notification.objects.get(kind="issued")
    assert row.status == "sent"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"Notification {row.pk} (issued) sent to +962•••••••67" in logged
    assert ticket.token not in logged and "/t/" not in logged
    assert "791234567" not in logged and "Nafitha:" not in logged


def test_masking_keeps_only_the_country_code_and_two_digits():
    assert masked("+962791234567") == "+962•••••••67"


def test_the_nightly_job_erases_numbers_of_visits_over(
    settings, centre, passport, open_counter, alice
):
    settings.NAFITHA_PHONE_RETENTION_HOURS = 24
    start = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    phone = "+962791234567"
    with time_machine.travel(start, tick=False):
        served = engine.ticket_issue(
            centre=centre, service_codes=["passport-renewal"], phone=phone
        ).ticket
        waiting = engine.ticket_issue(
            centre=centre, service_codes=["passport-renewal"], phone="+962781234567"
        ).ticket
        engine.ticket_call_next(counter=open_counter, staff=alice)
        engine.ticket_complete(counter=open_counter, staff=alice)
    with time_machine.travel(start + dt.timedelta(hours=23), tick=False):
        call_command("anonymise_requests", stdout=io.StringIO())
    assert Ticket.objects.get(pk=served.pk).phone == phone  # within the retention period
    with time_machine.travel(start + dt.timedelta(hours=25), tick=False):
        assert notify.forget_phones() == 1
    assert Ticket.objects.get(pk=served.pk).phone == ""
    assert set(
        Notification.objects.filter(ticket=served).values_list("phone", "text", "status")
    ) == {("", "", "skipped")}
    # A visit still waiting keeps its number (and its pending message) until a day later.
    assert Ticket.objects.get(pk=waiting.pk).phone == "+962781234567"
    assert Notification.objects.filter(ticket=waiting, status="pending").exists()
    with time_machine.travel(start + dt.timedelta(hours=49), tick=False):
        assert notify.forget_phones() == 1
    assert not Ticket.objects.exclude(phone="").exists()
    assert not Notification.objects.exclude(phone="").exists()
