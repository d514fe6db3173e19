"""One-time codes: sent through the SMS outbox, kept hashed, expiring, with a limited number
of tries, a lock-out and a growing wait between resends."""

import datetime as dt

import pytest

from appointments import services
from appointments.errors import AppointmentError
from appointments.models import PhoneVerification
from kiosk.models import Notification
from tests.appointments.conftest import NOW, PHONE, last_code

pytestmark = pytest.mark.django_db


def refused(expected: str, call, **kwargs):
    with pytest.raises(AppointmentError) as caught:
        call(**kwargs)
    assert caught.value.code == expected
    return caught.value


def test_it_sends_a_code_through_the_outbox_and_keeps_only_its_hash():
    wait = services.code_send(phone=PHONE, language="en", now=NOW)
    message = Notification.objects.get(phone=PHONE)
    assert (message.kind, message.status, message.ticket) == ("code", "pending", None)
    code = last_code()
    assert len(code) == 6 and f"your code is {code}" in message.text
    row = PhoneVerification.objects.get(phone=PHONE)
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert wait == 30
    services.code_check(phone=PHONE, code=code, now=NOW + dt.timedelta(minutes=9))


def test_it_writes_the_code_in_arabic():
    services.code_send(phone=PHONE, language="ar", now=NOW)
    assert "رمز" in Notification.objects.get(phone=PHONE).text


def test_a_code_expires():
    services.code_send(phone=PHONE, now=NOW)
    later = NOW + dt.timedelta(minutes=10, seconds=1)
    refused("code_expired", services.code_check, phone=PHONE, code=last_code(), now=later)


def test_wrong_codes_lock_the_number_out_then_it_may_try_again():
    services.code_send(phone=PHONE, now=NOW)
    good = last_code()
    wrong = "000000" if good != "000000" else "111111"
    for _ in range(4):
        refused("code_invalid", services.code_check, phone=PHONE, code=wrong, now=NOW)
    locked = refused("code_locked", services.code_check, phone=PHONE, code=wrong, now=NOW)
    assert "30" in locked.message
    # Locked: even the right code and a new code are refused, and no message is written.
    refused("code_locked", services.code_check, phone=PHONE, code=good, now=NOW)
    refused("code_locked", services.code_send, phone=PHONE, now=NOW + dt.timedelta(minutes=5))
    assert Notification.objects.filter(phone=PHONE).count() == 1
    after = NOW + dt.timedelta(minutes=31)
    services.code_send(phone=PHONE, now=after)
    services.code_check(phone=PHONE, code=last_code(), now=after)


def test_resends_wait_longer_each_time():
    services.code_send(phone=PHONE, now=NOW)
    error = refused(
        "code_resend_too_soon", services.code_send, phone=PHONE, now=NOW + dt.timedelta(seconds=10)
    )
    assert "20" in error.message
    assert services.code_send(phone=PHONE, now=NOW + dt.timedelta(seconds=30)) == 60
    refused(
        "code_resend_too_soon", services.code_send, phone=PHONE, now=NOW + dt.timedelta(seconds=80)
    )
    services.code_send(phone=PHONE, now=NOW + dt.timedelta(seconds=90))
    assert Notification.objects.filter(phone=PHONE, kind="code").count() == 3


def test_only_the_newest_code_counts():
    services.code_send(phone=PHONE, now=NOW)
    first = last_code()
    services.code_send(phone=PHONE, now=NOW + dt.timedelta(minutes=1))
    second = last_code()
    if first != second:
        refused("code_invalid", services.code_check, phone=PHONE, code=first, now=NOW)


def test_a_number_without_a_code_is_refused_and_nothing_is_written():
    refused("code_expired", services.code_check, phone=PHONE, code="123456", now=NOW)
    assert not PhoneVerification.objects.exists()


def test_the_daily_message_limit_of_the_number_applies(settings):
    settings.NAFITHA_SMS_PER_NUMBER_PER_DAY = 1
    services.code_send(phone=PHONE, now=NOW)
    row = PhoneVerification.objects.values().get(phone=PHONE)
    later = NOW + dt.timedelta(minutes=5)
    refused("phone_day_limit", services.code_send, phone=PHONE, now=later)
    assert PhoneVerification.objects.values().get(phone=PHONE) == row
    assert Notification.objects.filter(phone=PHONE).count() == 1
