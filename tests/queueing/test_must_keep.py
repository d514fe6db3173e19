"""Rows that must never be lost (counter history, the SMS outbox) are written in the engine's
transaction: neither a failing after-commit receiver nor a process killed between commit and
the receivers loses one."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction

from kiosk.models import Notification
from queueing import engine
from queueing.errors import QueueError
from queueing.events import queue_changed, queue_changing
from queueing.models import CounterEvent, Ticket
from tests.queueing.conftest import db_state

ROOT = Path(__file__).resolve().parents[2]


def test_a_failing_receiver_loses_no_history_or_outbox_row(
    settings, centre, passport, open_counter, alice, django_capture_on_commit_callbacks
):
    settings.NAFITHA_NOTIFY_IMMEDIATE = "off"
    calls = []

    def broken(sender, events, **kwargs):
        calls.append(events)
        raise RuntimeError("receiver down")

    queue_changed.connect(broken, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            engine.counter_pause(counter=open_counter, staff=alice, reason="break")
            ticket = engine.ticket_issue(
                centre=centre, service_codes=["passport-renewal"], phone="+962791234567"
            ).ticket
    finally:
        queue_changed.disconnect(broken)
    assert len(calls) == 2  # the receiver ran, and failed, after each commit
    assert CounterEvent.objects.filter(counter=open_counter).latest("pk").state == "paused"
    assert Notification.objects.get(kind="issued").ticket == ticket


def test_the_outbox_row_is_written_before_commit(
    centre, passport, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        engine.ticket_issue(
            centre=centre, service_codes=["passport-renewal"], phone="+962791234567"
        )
        assert Notification.objects.filter(kind="issued").exists()  # before any receiver ran
    assert after_commit  # delivery and broadcasts still wait for the commit


def test_a_rolled_back_action_leaves_no_outbox_row(centre, passport):
    with transaction.atomic():
        engine.ticket_issue(
            centre=centre, service_codes=["passport-renewal"], phone="+962791234567"
        )
        transaction.set_rollback(True)
    assert not Ticket.objects.exists()
    assert not Notification.objects.exists()


def test_an_in_transaction_receiver_sees_the_change_and_can_refuse_it(
    centre, passport, open_counter, alice
):
    seen = []

    def refuse(sender, events, **kwargs):
        seen.append((tuple(e.kind for e in events), CounterEvent.objects.count()))
        raise QueueError("queue_busy")

    before = db_state()
    queue_changing.connect(refuse, weak=False)
    try:
        with pytest.raises(QueueError):
            engine.counter_pause(counter=open_counter, staff=alice, reason="break")
    finally:
        queue_changing.disconnect(refuse)
    assert seen == [(("counter.changed",), len(before[-1]) + 1)]  # its own row, uncommitted
    assert db_state() == before


def run(data_dir: Path, step: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tests.queueing.crash", str(data_dir), step],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_process_killed_between_commit_and_receivers_loses_nothing(tmp_path):
    assert run(tmp_path, "setup").returncode == 0
    for step in ("pause", "issue"):
        died = run(tmp_path, step)
        assert died.returncode == 17, died.stderr[-3000:]
    report = run(tmp_path, "report")
    assert report.returncode == 0, report.stderr[-3000:]
    kept = json.loads(report.stdout.strip().splitlines()[-1])
    assert kept["counter"][-1] == ["paused", "prayer", "agent1"]
    assert kept["tickets"] == 1
    assert ["issued", "+962791234567", "pending"] in kept["outbox"]
