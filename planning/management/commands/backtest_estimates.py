"""Score each wait estimator on recorded days of a centre (docs/planning.md)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from centre.models import Centre
from planning.backtest import backtest
from queueing.estimates import ESTIMATORS


class Command(BaseCommand):
    help = "Replay recorded days and print each wait estimator's error."

    def add_arguments(self, parser):
        parser.add_argument("--centre", required=True, help="centre code")
        parser.add_argument("--from", dest="first", type=dt.date.fromisoformat, required=True)
        parser.add_argument("--to", dest="last", type=dt.date.fromisoformat, required=True)
        parser.add_argument("--every", type=int, default=10, help="minutes between re-asks")

    def handle(self, *args, centre, first, last, every, **options):
        found = Centre.objects.filter(code=centre).first()
        if found is None:
            raise CommandError(f"no centre {centre!r}")
        if last < first:
            raise CommandError("--to is before --from")
        scores = backtest(found, first, last, every_minutes=every)
        self.stdout.write(
            f"{'estimator':<12} {'moment':<8} {'n':>7} {'MAE min':>8} {'P90 min':>8} {'none':>6}"
        )
        for moment in ("issue", "waiting"):
            for name in ESTIMATORS:
                s = scores.get((name, moment))
                if s is None:
                    continue
                mae = "—" if s.mae_minutes is None else f"{s.mae_minutes:.1f}"
                p90 = "—" if s.p90_minutes is None else f"{s.p90_minutes:.1f}"
                self.stdout.write(
                    f"{name:<12} {moment:<8} {s.n:>7} {mae:>8} {p90:>8} {s.unknown:>6}"
                )
