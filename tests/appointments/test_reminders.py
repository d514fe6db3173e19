"""Reminders the day before and an hour before a booked visit: written to the outbox once per
booking and kind, however often (and however many copies of) the sender runs."""

import datetime as dt
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections

from appointments.models import Booking, BookingReminder
from appointments.reminders import booking_tasks, reminders_send
from kiosk.models import Notification
from tests.appointments.conftest import PHONE, at, make_booking

START = at(10, 11, 0)  # Tuesday 10 March 2026, 11:00 in Amman


def reminders():
    return list(Notification.objects.filter(kind="reminder").order_by("pk"))


@pytest.mark.django_db
def test_it_reminds_the_day_before_in_arabic_without_the_reference(settings, centre, passport):
    settings.NAFITHA_PUBLIC_URL = "https://nafitha.example.jo"
    booking = make_booking(centre, passport, START)
    assert reminders_send(now=START - dt.timedelta(hours=24, minutes=1)) == 0
    assert reminders_send(now=START - dt.timedelta(hours=23)) == 1
    (message,) = reminders()
    assert message.phone == PHONE and message.status == "pending"
    assert "مركز الخدمات الحكومية الشامل - عمّان" in message.text
    assert "تجديد جواز السفر" in message.text
    assert "١١:٠٠" in message.text and "11:00" not in message.text
    assert "https://nafitha.example.jo/book/manage/" in message.text
    assert "B-" not in message.text
    reminder = BookingReminder.objects.get()
    assert (reminder.booking, reminder.kind, reminder.notification) == (booking, "day", message)


@pytest.mark.django_db
def test_it_reminds_an_hour_before_in_english(centre, passport):
    make_booking(centre, passport, START, language="en")
    reminders_send(now=START - dt.timedelta(hours=20))
    assert reminders_send(now=START - dt.timedelta(minutes=61)) == 0
    assert reminders_send(now=START - dt.timedelta(minutes=59)) == 1
    _day, hour = reminders()
    assert "today at 11:00" in hour.text and "Passport renewal" in hour.text
    assert "B-" not in hour.text
    assert sorted(BookingReminder.objects.values_list("kind", flat=True)) == ["day", "hour"]


@pytest.mark.django_db
def test_running_twice_writes_one_reminder_of_each_kind(centre, passport):
    make_booking(centre, passport, START)
    for minutes in (23 * 60, 22 * 60, 50, 40, 5):
        reminders_send(now=START - dt.timedelta(minutes=minutes))
    assert [m.kind for m in reminders()] == ["reminder", "reminder"]
    assert BookingReminder.objects.count() == 2


@pytest.mark.django_db
def test_a_late_sender_catches_up_with_the_hour_reminder_only(centre, passport):
    make_booking(centre, passport, START)
    assert reminders_send(now=START - dt.timedelta(minutes=30)) == 1
    assert list(BookingReminder.objects.values_list("kind", flat=True)) == ["hour"]


@pytest.mark.django_db
def test_a_visit_booked_the_same_day_gets_no_day_before_reminder(centre, passport):
    make_booking(centre, passport, START, created_at=START - dt.timedelta(hours=5))
    assert reminders_send(now=START - dt.timedelta(hours=4)) == 0
    assert reminders_send(now=START - dt.timedelta(minutes=45)) == 1


@pytest.mark.django_db
def test_cancelled_used_and_past_bookings_are_not_reminded(centre, passport):
    make_booking(centre, passport, START, status=Booking.Status.CANCELLED)
    make_booking(centre, passport, START, phone="+962790000001", status="checked_in")
    make_booking(centre, passport, START - dt.timedelta(hours=2), phone="+962790000002")
    assert reminders_send(now=START - dt.timedelta(minutes=30)) == 0
    assert not BookingReminder.objects.exists()


@pytest.mark.django_db
def test_a_number_out_of_messages_is_not_reminded_and_not_retried(settings, centre, passport):
    settings.NAFITHA_SMS_PER_NUMBER_PER_DAY = 1
    make_booking(centre, passport, START)
    Notification.objects.create(kind="code", phone=PHONE, text="x")
    assert reminders_send(now=START - dt.timedelta(hours=20)) == 0
    assert reminders() == []
    reminder = BookingReminder.objects.get()
    assert reminder.notification is None
    assert reminders_send(now=START - dt.timedelta(hours=19)) == 0
    assert BookingReminder.objects.count() == 1


@pytest.mark.django_db
def test_the_notification_worker_and_the_command_run_the_reminders(
    settings, centre, passport, time_machine
):
    settings.NAFITHA_NOTIFY_BACKEND = "kiosk.notify.LoggingBackend"
    make_booking(centre, passport, START)
    make_booking(centre, passport, START, phone="+962790000001", seat=1)
    time_machine.move_to(START - dt.timedelta(hours=20), tick=False)
    call_command("send_notifications", once=True, stdout=io.StringIO())
    assert len(reminders()) == 2
    assert {m.status for m in reminders()} == {"sent"}
    call_command("booking_reminders", stdout=io.StringIO())
    assert len(reminders()) == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_senders_write_one_reminder_per_booking(centre, passport):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    for n in range(10):
        make_booking(
            centre, passport, START + dt.timedelta(minutes=8 * n), phone=f"+9627900000{n:02d}"
        )
    now = START - dt.timedelta(hours=20)
    barrier = threading.Barrier(2)
    written, errors = [], []

    def sender():
        try:
            barrier.wait()
            written.append(booking_tasks(now=now)["reminders"])
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(written) == 10
    assert len(reminders()) == 10
    assert BookingReminder.objects.filter(kind="day").count() == 10
