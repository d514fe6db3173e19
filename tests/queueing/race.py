"""Many issuers and many counters at the same moment, on a real multi-connection database.

Used by test_concurrency.py: in-process against PostgreSQL, and as
`python -m tests.queueing.race DATA_DIR` against a fresh SQLite file (pytest-django's SQLite
test database lives in memory, where threads share one cache and SQLite's locking is not
the one production uses).
"""

import json
import random
import sys
import threading
import time

from django.db import connection

SERVICES = ["passport-renewal", "licence-renewal"]


def build_world(counters: int):
    """A centre open all day, two services, and `counters` open counters with universal staff."""
    from centre.models import CentreService, Department
    from queueing import engine
    from queueing.models import Counter
    from tests.conftest import make_centre, make_service, make_staff

    centre = make_centre("race")
    department = Department.objects.create(code="civil", name_ar="الأحوال المدنية", name_en="Civil")
    for code, letter in zip(SERVICES, "AB", strict=True):
        CentreService.objects.create(
            centre=centre, service=make_service(code, department), letter=letter
        )
    desks = []
    for number in range(1, counters + 1):
        counter = Counter.objects.create(centre=centre, number=number)
        staff = make_staff(f"agent{number}", centre)
        desks.append((engine.counter_open(counter=counter, staff=staff), staff))
    return centre, desks


def retrying(operation):
    """Run an engine call, retrying while the engine answers `queue_busy`."""
    from queueing.errors import QueueError

    for attempt in range(50):
        try:
            return operation()
        except QueueError as exc:
            if exc.code != "queue_busy":
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("the queue stayed busy")


def run_threads(groups: list[list]) -> list[BaseException]:
    """Start every function of every group at once (behind a barrier); wait for each group in
    turn, calling its `after` hook; each thread closes its own connection."""
    functions = [fn for group, _ in groups for fn in group]
    barrier = threading.Barrier(len(functions))
    errors: list[BaseException] = []

    def wrap(fn):
        def run():
            try:
                barrier.wait()
                fn()
            except BaseException as exc:  # reported to the test
                errors.append(exc)
            finally:
                connection.close()

        return run

    started = [[threading.Thread(target=wrap(fn)) for fn in group] for group, _ in groups]
    for threads in started:
        for thread in threads:
            thread.start()
    for threads, (_, after) in zip(started, groups, strict=True):
        for thread in threads:
            thread.join(timeout=300)
        if after:
            after()
    return errors


def issue_and_call(centre, desks, *, issuers: int, per_issuer: int) -> dict:
    """`issuers` threads issue `per_issuer` tickets each while every counter calls and
    completes until the issuers are done and nobody waits. Returns what happened."""
    from queueing import engine

    issued: list[int] = []
    called: list[int] = []
    done_issuing = threading.Event()
    lock = threading.Lock()

    def issuer(seed):
        rng = random.Random(seed)
        for _ in range(per_issuer):
            code = rng.choice(SERVICES)
            result = retrying(
                lambda code=code: engine.ticket_issue(centre=centre, service_codes=[code])
            )
            with lock:
                issued.append(result.ticket.pk)

    def caller(counter, staff):
        while True:
            finished = done_issuing.is_set()
            ticket = retrying(lambda: engine.ticket_call_next(counter=counter, staff=staff))
            if ticket is None:
                if finished:
                    return
                time.sleep(0.005)
                continue
            with lock:
                called.append(ticket.pk)
            retrying(lambda: engine.ticket_complete(counter=counter, staff=staff))

    errors = run_threads(
        [
            ([lambda seed=seed: issuer(seed) for seed in range(issuers)], done_issuing.set),
            ([lambda c=c, s=s: caller(c, s) for c, s in desks], None),
        ]
    )
    return {
        "errors": [repr(e) for e in errors],
        "issued": issued,
        "called": called,
        **outcome(centre),
    }


def same_key(centre, *, threads: int) -> dict:
    """`threads` kiosks send the same Idempotency-Key at once."""
    from queueing import engine

    results = []

    def tap():
        result = retrying(
            lambda: engine.ticket_issue(
                centre=centre, service_codes=[SERVICES[0]], idempotency_key="tap"
            )
        )
        results.append((result.ticket.pk, result.created))

    errors = run_threads([([tap] * threads, None)])
    return {"errors": [repr(e) for e in errors], "results": results, **outcome(centre)}


def outcome(centre) -> dict:
    from queueing.models import Ticket, TicketEvent, TicketNumberSequence

    tickets = Ticket.objects.filter(centre=centre)
    return {
        "statuses": sorted(set(tickets.values_list("status", flat=True))),
        "numbers": {
            letter: sorted(tickets.filter(letter=letter).values_list("number", flat=True))
            for letter in "AB"
        },
        "calls": list(
            TicketEvent.objects.filter(centre=centre, kind="called").values_list(
                "ticket_id", flat=True
            )
        ),
        "last_numbers": dict(
            TicketNumberSequence.objects.filter(centre=centre).values_list("letter", "last_number")
        ),
    }


def main(argv: list[str]) -> None:
    """Run both scenarios on a fresh SQLite file in DATA_DIR and print the outcome as JSON."""
    import os

    os.environ.update(NAFITHA_DATA_DIR=argv[0], DATABASE_URL="", REDIS_URL="")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nafitha.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    issuers, counters, per_issuer = (int(n) for n in argv[1:4])
    centre, desks = build_world(counters)
    report = {"vendor": connection.vendor, "journal": journal_mode()}
    report["race"] = issue_and_call(centre, desks, issuers=issuers, per_issuer=per_issuer)
    report["same_key"] = same_key(centre, threads=issuers)
    print(json.dumps(report))


def journal_mode() -> str:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main(sys.argv[1:])
