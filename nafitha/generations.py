"""Generation numbers in the shared cache, read at most once a second per process.

A per-process copy of rows that rarely change (the registry, `centre.cached`; a centre's
capacity, `queueing.waits.centre_capacity`; the API tokens checked,
`staff.authentication`) is kept under a generation: a random value in
the shared cache (Redis in production) that a process replaces when it changes one of those
rows, so every process drops its copy. Reading the generation on every lookup cost a Redis
round trip each time, a dozen per citizen visit. Now a process reads the generations it is
asked for in one `get_many` and trusts what it read for `CACHE_GENERATION_CHECK_SECONDS`
(settings; 1 s by default, 0 reads on every lookup). The bound this gives:

* the process that made a change sees it at once (`bump` also sets its own copy);
* every other process sees it at its first lookup more than `CACHE_GENERATION_CHECK_SECONDS`
  after the bump (a request already running may finish on the copy it started with, as
  before);
* a generation missing from the cache (Redis restarted or evicted it) is given a new value,
  so every process reloads.

`tests/test_generations.py` checks each point with two "processes" (two copies of the
local state) and a pinned clock.
"""

import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache

_clock = time.monotonic  # a test pins it
# key -> (value, when it was read by _clock); shared by the process's threads.
_local: dict[str, tuple[str, float]] = {}
_lock = threading.Lock()


def _interval() -> float:
    return getattr(settings, "CACHE_GENERATION_CHECK_SECONDS", 1.0)


def current(*keys: str) -> tuple[str, ...]:
    """The generations under these cache keys, as this process last read them if that was
    less than `CACHE_GENERATION_CHECK_SECONDS` ago, else from the cache (one round trip)."""
    now = _clock()
    interval = _interval()
    known = [_local.get(key) for key in keys]
    stale = [
        key
        for key, seen in zip(keys, known, strict=True)
        if seen is None or now - seen[1] >= interval
    ]
    if not stale:
        return tuple(seen[0] for seen in known)
    found = cache.get_many(stale)
    missing = [key for key in stale if found.get(key) is None]
    if missing:  # first use, or the cache lost it: a new value makes every process reload
        for key in missing:
            cache.add(key, uuid.uuid4().hex, timeout=None)
        found.update(cache.get_many(missing))
    with _lock:
        for key in stale:  # a cache that kept nothing: a value of its own, i.e. reload
            _local[key] = (found.get(key) or uuid.uuid4().hex, now)
        return tuple(_local[key][0] for key in keys)


def bump(key: str) -> None:
    """A new generation under `key`: every process drops what it kept under the old one,
    this one at once."""
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=None)
    with _lock:
        _local[key] = (value, _clock())


def changed(key: str) -> None:
    """Rows kept under `key` change in the current transaction: bump now (this process drops
    its copy at once, even before the commit) and again once the transaction commits, so no
    process keeps what it read in between under the new generation."""
    from django.db import transaction

    bump(key)
    transaction.on_commit(lambda: bump(key))


def forget() -> None:
    """Drop this process's copies (tests: the cache was cleared)."""
    with _lock:
        _local.clear()
