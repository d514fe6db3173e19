"""Helpers shared by the benchmarks: percentiles and a plain-text table."""

import math


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def print_table(headers: list[str], rows: list[list]) -> None:
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("-+-".join("-" * width for width in widths))


def django_in_process(**environ: str) -> None:
    """Start Django in this process on a fresh data folder (SQLite unless `DATABASE_URL` is
    given, the in-memory layer, no Redis) and migrate: the set-up of every in-process bench."""
    import os
    import tempfile

    os.environ.update(
        {
            "NAFITHA_DATA_DIR": tempfile.mkdtemp(prefix="nafitha-bench-"),
            "DATABASE_URL": "",
            "REDIS_URL": "",
            **environ,
        }
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nafitha.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
