"""SQLite for the embedded default (one Daphne process, many request threads).

Django's SQLite backend with two changes, both inside one process and both invisible to the
SQL it runs:

* **Writers queue on a lock, not on SQLite's busy handler.** Every write transaction starts
  with `BEGIN IMMEDIATE` (`OPTIONS["transaction_mode"]`), which takes SQLite's write lock.
  When it is taken, SQLite's busy handler polls it in sleeps growing to 100 ms, so with
  eight request threads writing at once a transaction could wait a second and more while
  the lock sat free. Here a thread first takes a process-wide lock per database file
  before BEGIN and gives it back at COMMIT or ROLLBACK: the next writer starts the moment
  the previous one commits. SQLite's own lock stays the authority: another process (a
  management command) still waits through `busy_timeout`, and a thread that cannot get the
  process lock within that timeout goes on to BEGIN anyway, so the lock can cost time but
  never correctness or a deadlock.
* **Connections are reused.** Under ASGI each request runs on a thread of its own, so
  `CONN_MAX_AGE` keeps nothing and every request opened the file and ran its pragmas again.
  A closed connection that is outside any transaction goes back to a small per-process pool
  for the next request (of any thread: Django opens SQLite connections with
  `check_same_thread=False` and a connection is used by one wrapper at a time). Temporary
  tables are the only state that outlives a request; the code that makes them drops them
  first (`scorecard.metrics`).

In-memory databases (the test runner's) are left to Django as they are.
"""

import threading

from django.db.backends.sqlite3 import base

POOL_SIZE = 16  # idle connections kept per database file

_guard = threading.Lock()
_writers: dict = {}
_idle: dict[str, list] = {}


def _writer_lock(name: str):
    with _guard:
        return _writers.setdefault(name, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    _holds_writer = None  # the process lock this connection took at BEGIN

    def _shared(self) -> bool:
        return not self.is_in_memory_db()

    # --- Writers ---------------------------------------------------------------------------

    def _start_transaction_under_autocommit(self):
        if self._shared() and self._holds_writer is None:
            lock = _writer_lock(self.settings_dict["NAME"])
            timeout = self.settings_dict["OPTIONS"].get("timeout", 5)
            if lock.acquire(timeout=timeout):
                self._holds_writer = lock
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writer()
            raise

    def _release_writer(self) -> None:
        lock, self._holds_writer = self._holds_writer, None
        if lock is not None:
            lock.release()

    def _commit(self):
        result = super()._commit()
        # A failed COMMIT leaves the transaction open; the ROLLBACK that follows releases.
        self._release_writer()
        return result

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_writer()

    # --- Connections -----------------------------------------------------------------------

    def get_new_connection(self, conn_params):
        if self._shared():
            with _guard:
                idle = _idle.get(self.settings_dict["NAME"])
                conn = idle.pop() if idle else None
            if conn is not None:
                return conn
        return super().get_new_connection(conn_params)

    def _close(self):
        try:
            conn = self.connection
            if (
                conn is None
                or not self._shared()
                or self.in_atomic_block
                or self.errors_occurred
                or conn.in_transaction
            ):
                return super()._close()
            with _guard:
                idle = _idle.setdefault(self.settings_dict["NAME"], [])
                if len(idle) < POOL_SIZE:
                    idle.append(conn)
                    return None
            return super()._close()
        finally:
            self._release_writer()
