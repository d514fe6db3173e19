"""Shared generations (nafitha/generations.py): read at most once per interval per process,
seen at once by the process that bumped, by every other within the interval.

Two worker processes are played by two copies of the module's per-process state; the cache
(the test's memory cache) is what they share, as Redis is in production. The clock is pinned.
"""

import pytest
from django.core.cache import cache

from nafitha import generations
from tests.processes import Clock, pin_clock, two_processes

KEY = "test-generation"


@pytest.fixture
def clock(monkeypatch, settings) -> Clock:
    return pin_clock(monkeypatch, settings)


@pytest.fixture
def processes(monkeypatch):
    return two_processes(monkeypatch)


class CountingCache:
    """The shared cache, counting the reads of generations."""

    def __init__(self):
        self.reads = 0

    def __getattr__(self, name):
        return getattr(cache, name)

    def get_many(self, keys):
        self.reads += 1
        return cache.get_many(keys)


@pytest.fixture
def shared(monkeypatch):
    counting = CountingCache()
    monkeypatch.setattr(generations, "cache", counting)
    return counting


def test_it_reads_the_cache_once_per_interval_for_all_the_keys_asked(clock, processes, shared):
    generations.bump("other")
    generations.bump(KEY)
    processes("b")
    first = generations.current(KEY, "other")
    assert shared.reads == 1
    clock.now += 0.9
    assert generations.current(KEY, "other") == first
    assert generations.current(KEY) == first[:1]
    assert shared.reads == 1
    clock.now += 0.1
    assert generations.current(KEY, "other") == first
    assert shared.reads == 2


def test_the_process_that_bumps_sees_the_new_generation_at_once(clock, processes, shared):
    before = generations.current(KEY)
    reads = shared.reads
    generations.bump(KEY)
    after = generations.current(KEY)
    assert after != before
    assert shared.reads == reads  # its own bump told it, not a read
    assert cache.get(KEY) == after[0]


def test_another_process_sees_a_bump_within_the_interval(clock, processes):
    processes("b")
    seen_by_b = generations.current(KEY)
    processes("a")
    assert generations.current(KEY) == seen_by_b  # both read the same generation
    clock.now += 0.5
    generations.bump(KEY)
    bumped = generations.current(KEY)
    processes("b")
    clock.now += 0.49  # b read it 0.99 s ago: still trusted (the stated staleness)
    assert generations.current(KEY) == seen_by_b
    clock.now += 0.01  # 1 s since b read it: read again
    assert generations.current(KEY) == bumped


def test_a_generation_the_cache_lost_is_renewed_so_every_process_reloads(clock, processes):
    processes("b")
    seen_by_b = generations.current(KEY)
    cache.delete(KEY)  # Redis restarted empty, or evicted the key
    processes("a")
    renewed = generations.current(KEY)
    assert renewed != seen_by_b
    processes("b")
    clock.now += 1.0
    assert generations.current(KEY) == renewed


def test_zero_reads_the_cache_on_every_lookup(clock, processes, shared, settings):
    settings.CACHE_GENERATION_CHECK_SECONDS = 0
    generations.bump(KEY)
    generations.current(KEY)
    generations.current(KEY)
    assert shared.reads == 2
