"""Write this instance's daily aggregates as a federation feed (JSON, schema version 1).

manage.py export_feed --from 2026-11-01 --to 2026-11-24 --out feed.json
manage.py export_feed            # the last 7 days, to stdout
"""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from nafitha.days import local_day
from scorecard.federation import export_feed


class Command(BaseCommand):
    help = "Export this instance's daily scorecard aggregates as a versioned JSON feed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="start", help="first day YYYY-MM-DD (default: 6 days ago)"
        )
        parser.add_argument("--to", dest="end", help="last day YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--centre", action="append", default=[], help="centre code (repeatable)"
        )
        parser.add_argument("--out", help="file to write (default: stdout)")

    def handle(self, *args, start, end, centre, out, **options):
        try:
            last = dt.date.fromisoformat(end) if end else local_day()
            first = dt.date.fromisoformat(start) if start else last - dt.timedelta(days=6)
        except ValueError as exc:
            raise CommandError("dates must be YYYY-MM-DD") from exc
        text = json.dumps(
            export_feed(first, last, centre or None), cls=DjangoJSONEncoder, ensure_ascii=False
        )
        if out:
            with open(out, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text)
