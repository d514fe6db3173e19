"""Remove citizens' personal data after its retention period; run nightly."""

from django.core.management.base import BaseCommand

from feedback.services import requests_anonymise
from kiosk.notify import forget_phones


class Command(BaseCommand):
    help = (
        "Anonymise finished requests older than NAFITHA_REQUEST_RETENTION_DAYS, and erase the "
        "phone numbers of visits over for NAFITHA_PHONE_RETENTION_HOURS."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{requests_anonymise()} request(s) anonymised")
        self.stdout.write(f"{forget_phones()} ticket phone number(s) erased")
