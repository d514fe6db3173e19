import os
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from queueing import engine
from tests.deploy.conftest import DEPLOY

pytestmark = pytest.mark.postgres

TICKETS = "SELECT letter, number, status, token FROM queueing_ticket ORDER BY id"


def url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


@pytest.mark.django_db(transaction=True)
def test_it_restores_a_backup_into_another_database(tmp_path, centre, passport, counter, alice):
    if connection.vendor != "postgresql":
        pytest.skip("backups are pg_dump files: run with DATABASE_URL=postgres://...")
    engine.counter_open(counter=counter, staff=alice)
    for _ in range(3):
        engine.ticket_issue(centre=centre, service_codes=["passport-renewal"])
    engine.ticket_call_next(counter=counter, staff=alice)
    source = url(connection.settings_dict["NAME"])
    copy = f"restore_{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": source}

    backup = subprocess.run(
        [DEPLOY / "backup", tmp_path], env=env, capture_output=True, text=True, check=True
    )
    dump = backup.stdout.strip()
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{copy}"')
    try:
        subprocess.run(
            [DEPLOY / "restore", dump, url(copy)], env=env, capture_output=True, check=True
        )
        with psycopg.connect(source) as a, psycopg.connect(url(copy)) as b:
            original = a.execute(TICKETS).fetchall()
            assert [row[2] for row in original] == ["called", "waiting", "waiting"]
            assert b.execute(TICKETS).fetchall() == original
            migrations = "SELECT app, name FROM django_migrations ORDER BY id"
            assert b.execute(migrations).fetchall() == a.execute(migrations).fetchall()
    finally:
        with psycopg.connect(url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


def test_it_refuses_to_restore_a_file_that_is_not_a_dump(tmp_path):
    bogus = tmp_path / "notes.dump"
    bogus.write_text("not a dump")
    done = subprocess.run(
        [DEPLOY / "restore", bogus, "postgres://127.0.0.1/none"], capture_output=True, text=True
    )
    assert done.returncode != 0
