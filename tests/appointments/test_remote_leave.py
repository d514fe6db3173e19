"""The "time to leave" SMS of a place taken from home: one message, when the estimated wait
has fallen to the travel time plus the margin, with the page's link (never the reference),
in the place's language; none without a travel time, for a cancelled or lapsed place, and
never two for a place, however many copies of the job run at once."""

import datetime as dt
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections

from appointments.models import RemoteLeaveMessage, RemoteTicket
from appointments.reminders import booking_tasks, leave_messages_send
from kiosk.models import Notification
from queueing import engine
from queueing.models import Ticket
from queueing.selectors import service_wait_range
from tests.appointments.conftest import NOW

MIN = dt.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def _margin(settings):
    settings.NAFITHA_REMOTE_QUEUE = {**settings.NAFITHA_REMOTE_QUEUE, "leave_margin_minutes": 10}
    settings.NAFITHA_PUBLIC_URL = "https://nafitha.example.jo"


def place(centre, service, n=0, *, travel=20, language="ar", **fields):
    fields.setdefault("expires_at", NOW + dt.timedelta(hours=3))
    return RemoteTicket.objects.create(
        centre=centre,
        service=service,
        service_day=NOW.date(),
        phone=f"+9627912345{n:02d}",
        language=language,
        reference_digest=f"digest-{n}",
        token=f"token-{n:02d}-abcdefghijklmnop",
        created_at=NOW,
        travel_minutes=travel,
        **fields,
    )


def walk_ins(centre, service, n):
    return [
        engine.ticket_issue(centre=centre, service_codes=[service.code], now=NOW + i * MIN).ticket
        for i in range(n)
    ]


def messages():
    return list(Notification.objects.filter(kind="reminder").order_by("pk"))


@pytest.mark.django_db
def test_it_is_sent_once_when_the_wait_falls_to_the_travel_time_plus_the_margin(
    centre, passport, open_counter
):
    queue = walk_ins(centre, passport, 6)
    mine = place(centre, passport, travel=20)
    at = NOW + 10 * MIN
    assert service_wait_range(centre=centre, service=passport, now=at)[0] > 30
    assert leave_messages_send(now=at) == 0  # 6 waiting: too early to leave
    engine.ticket_walk_out(ticket=queue.pop(), now=at)
    low, high = service_wait_range(centre=centre, service=passport, now=at + MIN)
    assert low <= 30  # travel 20 + margin 10
    assert leave_messages_send(now=at + MIN) == 1
    (message,) = messages()
    assert message.phone == mine.phone and message.status == "pending"
    assert "مركز الخدمات الحكومية الشامل - عمّان" in message.text
    assert "https://nafitha.example.jo/book/remote/token-00-abcdefghijklmnop/?lang=ar" in (
        message.text
    )
    ar = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    assert f"{low}–{high}".translate(ar) in message.text and "٢٠" in message.text
    assert "R-" not in message.text
    assert RemoteLeaveMessage.objects.get().notification == message
    # The queue moves on: no second message.
    engine.ticket_walk_out(ticket=queue.pop(), now=at + 2 * MIN)
    assert leave_messages_send(now=at + 3 * MIN) == 0
    assert len(messages()) == 1


@pytest.mark.django_db
def test_it_is_written_in_english_for_an_english_place(centre, passport, open_counter):
    place(centre, passport, travel=20, language="en")
    assert leave_messages_send(now=NOW + MIN) == 1
    (message,) = messages()
    assert "time to leave for" in message.text and "your trip takes 20 min" in message.text
    assert "?lang=en" in message.text


@pytest.mark.django_db
def test_no_message_without_travel_time_estimate_or_valid_place(centre, passport, counter):
    # No counter open: no estimate, no message.
    place(centre, passport, 1, travel=20)
    assert leave_messages_send(now=NOW + MIN) == 0
    assert not RemoteLeaveMessage.objects.exists()


@pytest.mark.django_db
def test_no_message_when_travel_time_unknown_cancelled_expired_or_checked_in(
    centre, passport, open_counter
):
    place(centre, passport, 1, travel=0)  # no travel time given
    place(centre, passport, 2, status="cancelled")
    place(centre, passport, 3, status="expired")
    place(centre, passport, 4, expires_at=NOW)  # lapsed, not yet marked
    ticket = walk_ins(centre, passport, 1)[0]
    place(centre, passport, 5, status="checked_in", ticket=ticket, checked_in_at=NOW)
    assert leave_messages_send(now=NOW + MIN) == 0
    assert messages() == [] and not RemoteLeaveMessage.objects.exists()


@pytest.mark.django_db
def test_a_number_out_of_messages_is_not_retried(settings, centre, passport, open_counter):
    settings.NAFITHA_SMS_PER_NUMBER_PER_DAY = 1
    mine = place(centre, passport)
    Notification.objects.create(kind="code", phone=mine.phone, text="x")
    assert leave_messages_send(now=NOW + MIN) == 0
    assert RemoteLeaveMessage.objects.get().notification is None
    assert leave_messages_send(now=NOW + 2 * MIN) == 0
    assert RemoteLeaveMessage.objects.count() == 1 and messages() == []


@pytest.mark.django_db
def test_the_notification_worker_and_the_command_run_it(
    settings, centre, passport, open_counter, time_machine
):
    settings.NAFITHA_NOTIFY_BACKEND = "kiosk.notify.LoggingBackend"
    time_machine.move_to(NOW + MIN, tick=False)
    place(centre, passport)
    call_command("send_notifications", once=True, stdout=io.StringIO())
    assert [m.status for m in messages()] == ["sent"]
    call_command("booking_reminders", stdout=io.StringIO())
    assert len(messages()) == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_jobs_write_one_message_per_place(centre, passport, open_counter):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    for n in range(8):
        place(centre, passport, n)
    now = NOW + MIN
    barrier = threading.Barrier(2)
    written, errors = [], []

    def job():
        try:
            barrier.wait()
            written.append(booking_tasks(now=now)["leave"])
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=job) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(written) == 8
    assert len(messages()) == 8
    assert RemoteLeaveMessage.objects.count() == 8
    assert sorted(m.phone for m in messages()) == [f"+9627912345{n:02d}" for n in range(8)]
    assert not Ticket.objects.exists()
