"""Nightly: back-test the wait estimators over the last 30 days of each centre and store
their errors (docs/planning.md)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from centre.models import Centre
from planning.calibrate import DAYS, calibrate_centre
from queueing.waits import chosen_estimator


class Command(BaseCommand):
    help = "Store each wait estimator's recent error, for `auto` and the ranges shown."

    def add_arguments(self, parser):
        parser.add_argument("--centre", help="centre code (default: every active centre)")
        parser.add_argument("--days", type=int, default=DAYS)
        parser.add_argument("--today", type=dt.date.fromisoformat, help="default: today")

    def handle(self, *args, centre, days, today, **options):
        if days < 1:
            raise CommandError("--days must be at least 1")
        centres = Centre.objects.filter(is_active=True)
        if centre:
            centres = Centre.objects.filter(code=centre)
            if not centres.exists():
                raise CommandError(f"no centre {centre!r}")
        for found in centres.order_by("code"):
            day = today or found.service_day()
            rows = calibrate_centre(centre=found, today=day, days=days)
            overall = {r.estimator: r for r in rows if r.service_id is None}
            summary = ", ".join(
                f"{name} {row.mae_seconds / 60:.1f} min (n={row.samples})"
                for name, row in sorted(overall.items())
            )
            self.stdout.write(
                f"{found.code}: {summary or 'no history'}; shown: {chosen_estimator(found, day)}"
            )
