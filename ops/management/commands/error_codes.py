"""Print the table of every API error code for docs/api.md, generated from the apps' tables."""

from django.core.management.base import BaseCommand

from nafitha.errors import error_table_markdown


class Command(BaseCommand):
    help = "Print every API error code with its status and meaning (Markdown, for docs/api.md)."

    def handle(self, *args, **options):
        self.stdout.write(error_table_markdown(), ending="")
