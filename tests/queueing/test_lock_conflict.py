"""A lock the engine cannot get in time becomes `queue_busy` and changes nothing; other
database errors are not disguised as a busy queue. Recognised by the driver's error code."""

import sqlite3
import threading

import pytest
from django.db import OperationalError, connection, transaction

from queueing import engine
from queueing.engine import _is_lock_conflict
from queueing.errors import QueueError
from queueing.models import Counter, Ticket


def _wrapped(cause: BaseException) -> OperationalError:
    """The Django error as the database wrapper raises it, with the driver's error as cause."""
    try:
        raise OperationalError(str(cause)) from cause
    except OperationalError as exc:
        return exc


def test_it_recognises_sqlite_busy_by_its_error_code(tmp_path):
    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError) as busy:
        other.execute("BEGIN IMMEDIATE")
    holder.rollback()
    with pytest.raises(sqlite3.OperationalError) as missing:
        other.execute("SELECT * FROM no_such_lock_table")

    assert _is_lock_conflict(_wrapped(busy.value))
    # The message names a "lock" table, but it is not a lock conflict.
    assert not _is_lock_conflict(_wrapped(missing.value))


def test_a_held_counter_lock_makes_the_call_busy_and_changes_nothing(
    transactional_db, settings, centre, passport, open_counter, alice
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    settings.NAFITHA_LOCK_TIMEOUT_MS = 100
    waiting = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    events_before = list(waiting.events.values_list("pk", flat=True))
    locked, release = threading.Event(), threading.Event()

    def hold_the_counter():
        try:
            with transaction.atomic():
                Counter.objects.select_for_update().get(pk=open_counter.pk)
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_counter)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        with pytest.raises(QueueError) as refused:
            engine.ticket_call_next(counter=open_counter, staff=alice)
    finally:
        release.set()
        holder.join(timeout=10)

    assert refused.value.code == "queue_busy"
    waiting.refresh_from_db()
    assert waiting.status == Ticket.Status.WAITING
    assert list(waiting.events.values_list("pk", flat=True)) == events_before
    assert not open_counter.tickets.exists()


def _holding(lock_it):
    """Run `lock_it` in a transaction of another connection and keep it open until released."""
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                lock_it()
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(timeout=10)

    def done():
        release.set()
        holder.join(timeout=10)

    return done


# The lock timeout is set by the first locking statement of each engine transaction (no
# statement of its own): whichever row an action locks first, a held one makes it busy.


def test_a_held_offer_lock_makes_a_remote_issue_busy_and_changes_nothing(
    transactional_db, settings, centre, passport
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from centre.models import CentreService

    settings.NAFITHA_LOCK_TIMEOUT_MS = 100
    offer = CentreService.objects.get(centre=centre, service=passport)
    done = _holding(lambda: CentreService.objects.select_for_update().get(pk=offer.pk))
    try:
        with pytest.raises(QueueError) as refused:
            engine.ticket_issue(
                centre=centre, service_codes=["passport-renewal"], channel=Ticket.Channel.REMOTE
            )
    finally:
        done()

    assert refused.value.code == "queue_busy"
    assert not Ticket.objects.exists()


def test_a_held_ticket_lock_makes_a_cancel_busy_and_changes_nothing(
    transactional_db, settings, centre, passport
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    settings.NAFITHA_LOCK_TIMEOUT_MS = 100
    waiting = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    done = _holding(lambda: Ticket.objects.select_for_update().get(pk=waiting.pk))
    try:
        with pytest.raises(QueueError) as refused:
            engine.ticket_cancel(ticket=waiting)
    finally:
        done()

    assert refused.value.code == "queue_busy"
    waiting.refresh_from_db()
    assert waiting.status == Ticket.Status.WAITING
