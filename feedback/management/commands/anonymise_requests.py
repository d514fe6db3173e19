"""Remove requesters' personal data after the retention period; run daily."""

from django.core.management.base import BaseCommand

from feedback.services import requests_anonymise


class Command(BaseCommand):
    help = "Anonymise finished requests older than NAFITHA_REQUEST_RETENTION_DAYS."

    def handle(self, *args, **options):
        self.stdout.write(f"{requests_anonymise()} request(s) anonymised")
