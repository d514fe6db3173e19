"""Two counters calling at the same moment never get the same ticket, no waiting ticket is
lost, and numbers never repeat — with real concurrent connections.

PostgreSQL: threads in this process on the test database (`SELECT … FOR UPDATE SKIP LOCKED`).
SQLite: the same scenario in a subprocess on a fresh database *file* in WAL mode, where
immediate transactions serialise the writers. (pytest-django's SQLite test database is
in memory with a shared cache, whose table locks fail at once instead of waiting; that is
not the locking production uses, so the threads must not run against it.)
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from queueing import engine
from queueing.models import ServiceTimeStat
from tests.queueing import race

ROOT = Path(__file__).resolve().parents[2]
ISSUERS = COUNTERS = 20
PER_ISSUER = 10


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


def assert_each_ticket_called_exactly_once(report: dict, expected: int) -> None:
    assert report["errors"] == []
    issued, called = report["issued"], report["called"]
    assert len(issued) == len(set(issued)) == expected
    assert sorted(called) == sorted(issued)  # no duplicates, no losses
    assert sorted(report["calls"]) == sorted(issued)  # one "called" event per ticket
    assert report["statuses"] == ["done"]
    for numbers in report["numbers"].values():
        assert numbers == list(range(1, len(numbers) + 1))  # unique and gap-free


def assert_one_ticket_for_one_key(report: dict, taps: int) -> None:
    assert report["errors"] == []
    results = report["results"]
    assert len(results) == taps
    assert len({pk for pk, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    numbers = report["numbers"]["A"]
    assert numbers == list(range(1, len(numbers) + 1))
    assert report["last_numbers"]["A"] == len(numbers)  # refused duplicates left no gap


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_issuers_and_counters_at_once_on_postgres(postgres, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    centre, desks = race.build_world(COUNTERS)
    report = race.issue_and_call(centre, desks, issuers=ISSUERS, per_issuer=PER_ISSUER)
    assert_each_ticket_called_exactly_once(report, ISSUERS * PER_ISSUER)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_counters_racing_for_one_ticket_on_postgres(postgres, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    centre, desks = race.build_world(COUNTERS)
    ticket = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    got = []
    errors = race.run_threads(
        [
            (
                [
                    lambda c=c, s=s: got.append(engine.ticket_call_next(counter=c, staff=s))
                    for c, s in desks
                ],
                None,
            )
        ]
    )
    assert errors == []
    assert [t.pk for t in got if t is not None] == [ticket.pk]
    assert got.count(None) == COUNTERS - 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_counters_finishing_the_first_tickets_of_a_service_at_once_on_postgres(postgres, settings):
    # Every completion folds into the one service-time row, which none of them finds yet.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    centre, desks = race.build_world(COUNTERS)
    for counter, staff in desks:
        engine.ticket_issue(centre=centre, service_codes=["passport-renewal"])
        engine.ticket_call_next(counter=counter, staff=staff)
        engine.ticket_start(counter=counter, staff=staff)
    errors = race.run_threads(
        [([lambda c=c, s=s: engine.ticket_complete(counter=c, staff=s) for c, s in desks], None)]
    )
    assert errors == []
    assert ServiceTimeStat.objects.get(centre=centre).samples == COUNTERS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_idempotency_key_from_many_threads_gives_one_ticket_on_postgres(
    postgres, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    centre, _ = race.build_world(1)
    assert_one_ticket_for_one_key(race.same_key(centre, threads=ISSUERS), ISSUERS)


def test_immediate_transactions_serialise_writers_on_a_sqlite_file(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.queueing.race",
            str(tmp_path),
            str(ISSUERS),
            str(COUNTERS),
            "5",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert (report["vendor"], report["journal"]) == ("sqlite", "wal")
    assert_each_ticket_called_exactly_once(report["race"], ISSUERS * 5)
    assert_one_ticket_for_one_key(report["same_key"], ISSUERS)
