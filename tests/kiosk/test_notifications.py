"""Citizen messages: written to an outbox in the queue's transaction, sent after commit, retried
with backoff, never blocking the queue."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from kiosk import notify
from kiosk.models import Notification
from nafitha.arabic import digits_for
from queueing import engine

ISSUE = "/api/v1/kiosk/tickets/"


class FailingBackend:
    calls = 0

    def send(self, *, phone, text):
        FailingBackend.calls += 1
        raise OSError("gateway down")


class RecordingBackend:
    sent: list = []

    def send(self, *, phone, text):
        RecordingBackend.sent.append((phone, text))


@pytest.fixture
def recording(settings):
    settings.NAFITHA_NOTIFY_BACKEND = "tests.kiosk.test_notifications.RecordingBackend"
    settings.NAFITHA_NOTIFY_IMMEDIATE = "inline"
    RecordingBackend.sent = []
    return RecordingBackend.sent


def issue(centre, phone="0791234567", **kwargs):
    return engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], phone=phone, **kwargs
    ).ticket


def test_it_texts_the_tracking_link_when_a_ticket_is_issued(
    centre, passport, recording, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = issue(centre, language="en")
    assert recording == [
        (
            "0791234567",
            f"Nafitha: your ticket \u2066A-001\u2069 at {centre.name_en}. People ahead of you: 0. "
            f"Follow your turn: https://nafitha.example.jo/t/{ticket.token}/",
        )
    ]
    assert Notification.objects.get(kind="issued").status == "sent"


def test_it_writes_arabic_messages_with_arabic_digits(
    centre, passport, recording, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issue(centre, language="ar")
    assert "تذكرتك \u2066أ-٠٠١\u2069" in recording[0][1]


def test_it_sends_nothing_without_a_phone(
    centre, passport, recording, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issue(centre, phone="")
    assert recording == []
    assert not Notification.objects.exists()


def test_it_says_once_when_the_turn_is_near(
    settings, centre, passport, open_counter, alice, recording, django_capture_on_commit_callbacks
):
    settings.NAFITHA_NOTIFY_NEAR_PLACES = 1
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            issue(centre, phone="")
        mine = issue(centre, language="en")
    assert [n.kind for n in Notification.objects.filter(ticket=mine)] == ["issued"]
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            engine.ticket_call_next(counter=open_counter, staff=alice)
            engine.ticket_complete(counter=open_counter, staff=alice)
    near = [text for _, text in recording if "near" in text]
    assert near == [
        "Nafitha: ticket \u2066A-004\u2069, your turn is near (1 ahead of you). "
        "Please come close to the counters."
    ]


def test_it_does_not_say_near_when_already_near_at_issue(
    centre, passport, recording, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = issue(centre)
    assert Notification.objects.get(ticket=ticket, kind="near").status == "skipped"
    assert len(recording) == 1


def test_a_failing_gateway_is_retried_then_given_up_and_the_ticket_stands(
    settings, centre, passport, kiosk, django_capture_on_commit_callbacks
):
    settings.NAFITHA_NOTIFY_BACKEND = "tests.kiosk.test_notifications.FailingBackend"
    settings.NAFITHA_NOTIFY_IMMEDIATE = "inline"
    settings.NAFITHA_NOTIFY_MAX_ATTEMPTS = 3
    FailingBackend.calls = 0
    start = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = kiosk.post(
            ISSUE, {"services": ["passport-renewal"], "phone": "0791234567"}, format="json"
        )
    assert response.status_code == 201
    row = Notification.objects.get(kind="issued")
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "gateway down")
    assert row.next_attempt_at == start + dt.timedelta(seconds=30)

    with time_machine.travel(start + dt.timedelta(seconds=10), tick=False):
        call_command("send_notifications", "--once")  # not due yet
    assert FailingBackend.calls == 1
    with time_machine.travel(start + dt.timedelta(seconds=31), tick=False):
        call_command("send_notifications", "--once")
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("pending", 2)
    assert row.next_attempt_at == start + dt.timedelta(seconds=31 + 60)
    with time_machine.travel(start + dt.timedelta(seconds=100), tick=False):
        call_command("send_notifications", "--once")
    row.refresh_from_db()
    assert (row.status, row.attempts, FailingBackend.calls) == ("failed", 3, 3)
    assert row.ticket.status == "waiting"


def test_a_claimed_message_is_sent_by_one_worker_only(
    settings, centre, passport, recording, django_capture_on_commit_callbacks
):
    settings.NAFITHA_NOTIFY_IMMEDIATE = "off"
    with django_capture_on_commit_callbacks(execute=True):
        issue(centre)
    stale = Notification.objects.get(kind="issued")
    assert notify.deliver() == 1
    assert notify._attempt(stale, RecordingBackend(), dt.datetime.now(dt.UTC)) is False
    assert len(recording) == 1


def test_the_http_backend_posts_json_with_the_token(settings):
    received = {}

    class Gateway(BaseHTTPRequestHandler):
        def do_POST(self):
            received["auth"] = self.headers["Authorization"]
            received["body"] = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(202)
            self.end_headers()

        def log_message(self, *args):
            pass

    with HTTPServer(("127.0.0.1", 0), Gateway) as server:
        thread = threading.Thread(target=server.handle_request)
        thread.start()
        settings.NAFITHA_SMS_URL = f"http://127.0.0.1:{server.server_port}/send"
        settings.NAFITHA_SMS_TOKEN = "s3cret"
        notify.HttpSmsBackend().send(phone="0791234567", text="مرحبا")
        thread.join(5)
    assert received == {
        "auth": "Bearer s3cret",
        "body": {"to": "0791234567", "from": "Nafitha", "text": "مرحبا"},
    }


def test_the_http_backend_needs_a_url(settings):
    settings.NAFITHA_SMS_URL = ""
    with pytest.raises(notify.ImproperlyConfigured):
        notify.HttpSmsBackend()


def test_it_texts_your_turn_with_the_counter_when_called_and_not_again_on_recall(
    centre, passport, open_counter, alice, recording, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = issue(centre, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        engine.ticket_call_next(counter=open_counter, staff=alice)
    with django_capture_on_commit_callbacks(execute=True):
        engine.ticket_recall(counter=open_counter, staff=alice)
    turn = [text for _, text in recording if "your turn." in text]
    assert turn == [
        f"Nafitha: ticket \u2066A-001\u2069, it is your turn. "
        f"Please go to counter {open_counter.number}."
    ]
    assert Notification.objects.get(ticket=ticket, kind="turn").status == "sent"


def test_your_turn_is_in_arabic_for_an_arabic_ticket(
    centre, passport, open_counter, alice, recording, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issue(centre, language="ar")
        engine.ticket_call_next(counter=open_counter, staff=alice)
    counter = digits_for(str(open_counter.number), "ar")
    assert recording[-1][1] == (
        f"نافذة: التذكرة \u2066أ-٠٠١\u2069، حان دورك. تفضل إلى الشباك رقم {counter}."
    )


def test_your_turn_is_written_in_the_calling_transaction(centre, passport, open_counter, alice):
    """A call that rolls back leaves no message; one that commits has it already."""
    issue(centre)
    with pytest.raises(RuntimeError), transaction.atomic():
        engine.ticket_call_next(counter=open_counter, staff=alice)
        assert (
            Notification.objects.filter(kind="turn").count() == 1
        )  # inside the call's transaction
        raise RuntimeError("the call rolls back")
    assert not Notification.objects.filter(kind="turn").exists()


def test_your_turn_respects_the_daily_limit_per_number(
    settings, centre, passport, open_counter, alice, recording, django_capture_on_commit_callbacks
):
    settings.NAFITHA_SMS_PER_NUMBER_PER_DAY = 1
    with django_capture_on_commit_callbacks(execute=True):
        issue(centre)
        called = engine.ticket_call_next(counter=open_counter, staff=alice)
    assert called is not None  # the limit drops the message, never the call
    assert Notification.objects.get(kind="turn").status == "skipped"
    assert len(recording) == 1


def test_a_call_tells_the_outbox_whether_a_number_waits(centre, passport, open_counter, alice):
    """The engine's hints let the outbox skip its look-ups: the called ticket's own number,
    and whether any ticket still waiting in the queues the call moved has one."""
    from queueing.events import queue_changing

    seen = []

    def record(sender, events, **kwargs):
        seen.extend(e for e in events if e.kind == "ticket.called")

    queue_changing.connect(record)
    try:
        issue(centre, phone="")
        issue(centre, phone="")
        engine.ticket_call_next(counter=open_counter, staff=alice)
        engine.ticket_complete(counter=open_counter, staff=alice)
        issue(centre)  # with a number, behind the one still waiting
        engine.ticket_call_next(counter=open_counter, staff=alice)
    finally:
        queue_changing.disconnect(record)
    assert [(e.phone, e.waiting_phones) for e in seen] == [(False, False), (False, True)]


def test_a_call_over_several_queues_with_numbers_calls(
    centre, passport, id_card, open_counter, alice
):
    """Each queue a call looks at may hold a ticket with a number; the look-up of numbers must
    leave every queue's row fit to route (it once stopped at the first queue with one)."""
    first = issue(centre)
    engine.ticket_issue(centre=centre, service_codes=[id_card.code], phone="0791234568")
    called = engine.ticket_call_next(counter=open_counter, staff=alice)
    assert called == first
