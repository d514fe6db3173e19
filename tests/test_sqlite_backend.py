"""The embedded default's SQLite backend (nafitha/db/sqlite3): writers of one process queue on
a lock instead of SQLite's busy handler, and closed connections are reused.

pytest-django's SQLite database lives in memory, where the backend changes nothing, so these
tests open their own database file.
"""

import copy
import threading

import pytest
from django.db import connection

from nafitha.db.sqlite3.base import DatabaseWrapper


@pytest.fixture
def database(tmp_path, django_db_blocker):
    """Settings of a fresh database file whose connections give up at once on a locked
    database (busy_timeout 0): only the process lock can make a second writer wait."""
    settings = copy.deepcopy(connection.settings_dict)
    settings["NAME"] = str(tmp_path / "writers.sqlite3")
    settings["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=0;",
    }
    with django_db_blocker.unblock():
        setup = DatabaseWrapper(settings, alias="writers")
        with setup.cursor() as cursor:
            cursor.execute("CREATE TABLE tally (n integer)")
        setup.close()
        yield settings


def _insert(wrapper: DatabaseWrapper, n: int) -> None:
    with wrapper.cursor() as cursor:
        cursor.execute("INSERT INTO tally (n) VALUES (%s)", [n])


def test_a_second_writer_waits_for_the_first_to_commit(database):
    first = DatabaseWrapper(database, alias="writers")
    first.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)  # BEGIN
    _insert(first, 1)
    about_to_begin, failures = threading.Event(), []

    def second_writer():
        second = DatabaseWrapper(database, alias="writers")
        try:
            about_to_begin.set()
            second.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
            _insert(second, 2)
            second.commit()
            second.set_autocommit(True)
        except Exception as error:  # without the lock: "database is locked" at BEGIN
            failures.append(error)
        finally:
            second.close()

    writer = threading.Thread(target=second_writer)
    writer.start()
    about_to_begin.wait()
    first.commit()
    first.set_autocommit(True)
    writer.join()
    assert failures == []
    with first.cursor() as cursor:
        cursor.execute("SELECT n FROM tally ORDER BY n")
        assert cursor.fetchall() == [(1,), (2,)]
    first.close()


def test_a_rolled_back_or_closed_transaction_releases_the_lock(database):
    wrapper = DatabaseWrapper(database, alias="writers")
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    _insert(wrapper, 1)
    wrapper.rollback()
    wrapper.set_autocommit(True)
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    _insert(wrapper, 2)
    wrapper.close()  # mid-transaction: SQLite rolls it back
    other = DatabaseWrapper(database, alias="writers")
    other.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    _insert(other, 3)
    other.commit()
    other.set_autocommit(True)
    with other.cursor() as cursor:
        cursor.execute("SELECT n FROM tally")
        assert cursor.fetchall() == [(3,)]
    other.close()


def test_a_closed_connection_serves_the_next_request_of_any_thread(database):
    first = DatabaseWrapper(database, alias="writers")
    first.ensure_connection()
    raw = first.connection
    first.close()
    reused = []

    def next_request():
        wrapper = DatabaseWrapper(database, alias="writers")
        wrapper.ensure_connection()
        reused.append(wrapper.connection)
        _insert(wrapper, 1)  # usable from this thread
        wrapper.close()

    thread = threading.Thread(target=next_request)
    thread.start()
    thread.join()
    assert reused == [raw]


def test_a_connection_closed_inside_a_transaction_is_not_reused(database):
    wrapper = DatabaseWrapper(database, alias="writers")
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    _insert(wrapper, 1)
    raw = wrapper.connection
    wrapper.close()
    fresh = DatabaseWrapper(database, alias="writers")
    fresh.ensure_connection()
    assert fresh.connection is not raw
    with fresh.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM tally")
        assert cursor.fetchone() == (0,)
    fresh.close()
