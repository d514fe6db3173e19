"""Import federation feeds from other instances; re-importing a feed changes nothing.

    manage.py import_feed irbid-2026-11-24.json [more.json ...]

A file that fails validation is refused whole (exit status 1) and changes nothing.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from scorecard.federation import FeedError, import_feed


class Command(BaseCommand):
    help = "Import scorecard daily feeds (JSON, schema version 1) idempotently."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")

    def handle(self, *args, files, **options):
        for name in files:
            try:
                with open(name, encoding="utf-8") as handle:
                    feed = json.load(handle)
                done = import_feed(feed)
            except (OSError, ValueError, FeedError) as exc:
                raise CommandError(f"{name}: refused, nothing imported: {exc}") from exc
            self.stdout.write(
                f"{name}: {done['written']} centre-days written, {done['unchanged']} unchanged"
            )
