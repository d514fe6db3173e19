"""Console and supervisor snapshots: time and queries per request in a busy centre.

Every engine event makes each open console and supervisor view refetch its snapshot, so
these two requests set how many screens a centre can keep live. In one process, on a fresh
SQLite database in a temporary folder, loads the demo centres, issues `--waiting` extra
tickets across amman's services, then times `--requests` snapshot requests through Django's
test client (no network, no server):

    GET /api/v1/centres/amman/console/      as agent1 (counter 1, a ticket at it)
    GET /api/v1/centres/amman/supervisor/   as supervisor

    python -m bench console-snapshot [--waiting 300] [--requests 200]
"""

import argparse
import os
import time

from bench.common import django_in_process, percentile, print_table


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench console-snapshot")
    parser.add_argument("--waiting", type=int, default=300)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)

    django_in_process()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from centre.models import Centre, CentreService
    from queueing import engine
    from queueing.models import Counter
    from staff.models import Staff

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - process exits
    centre = Centre.objects.get(code="amman")
    codes = list(
        CentreService.objects.filter(centre=centre).values_list("service__code", flat=True)
    )
    for index in range(args.waiting):
        engine.ticket_issue(centre=centre, service_codes=[codes[index % len(codes)]])
    agent = Staff.objects.get(user__username="agent1")
    engine.ticket_call_next(counter=Counter.objects.get(centre=centre, number=1), staff=agent)

    rows = []
    for username, path in [("agent1", "console/"), ("supervisor", "supervisor/")]:
        client = Client()
        client.force_login(Staff.objects.get(user__username=username).user)
        url = f"/api/v1/centres/amman/{path}"
        queries = count_queries(connection, client, url)
        times = []
        cpu = time.process_time()
        for _ in range(args.requests):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        cpu_ms = (time.process_time() - cpu) * 1000 / args.requests
        rows.append(
            [
                url,
                args.waiting,
                queries,
                f"{percentile(times, 50):.1f}",
                f"{percentile(times, 99):.1f}",
                f"{cpu_ms:.1f}",
            ]
        )
    print_table(["request", "waiting", "queries", "p50 ms", "p99 ms", "CPU ms/request"], rows)


def count_queries(connection, client, url: str) -> int:
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(url).status_code == 200
    return len(queries)
