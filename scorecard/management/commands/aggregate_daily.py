"""Fill the daily aggregates: only the days touched since the last run, or the days named.

manage.py aggregate_daily                      # incremental (what a scheduler runs)
manage.py aggregate_daily --day 2026-11-24     # recompute one day for every local centre
manage.py aggregate_daily --from 2026-11-01 --to 2026-11-30 --centre amman
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from scorecard.aggregation import aggregate_day, aggregate_pending, local_centres


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"not a date: {text!r} (use YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = "Aggregate ticket events into daily per-centre and per-service figures (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--day", action="append", default=[], help="YYYY-MM-DD (repeatable)")
        parser.add_argument("--from", dest="start", help="first day YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="last day YYYY-MM-DD (default: --from)")
        parser.add_argument(
            "--centre", action="append", default=[], help="centre code (repeatable)"
        )

    def handle(self, *args, day, start, end, centre, **options):
        days = [_date(d) for d in day]
        if start:
            first, last = _date(start), _date(end or start)
            days += [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        centres = local_centres(centre or None)
        if centre and len(centres) != len(set(centre)):
            raise CommandError("unknown or imported centre among: " + ", ".join(centre))
        if not days:
            done = aggregate_pending(codes=centre or None)
            self.stdout.write(
                f"re-aggregated {done['centre_days']} centre-days over {done['days']} days"
            )
            return
        for each in sorted(set(days)):
            rows = aggregate_day(each, centres)
            self.stdout.write(f"{each}: {rows} centres")
