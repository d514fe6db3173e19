"""Remove citizens' personal data after its retention period; run nightly."""

from django.core.management.base import BaseCommand

from appointments.retention import appointment_phones_forget
from feedback.services import requests_anonymise
from kiosk.notify import forget_phones


class Command(BaseCommand):
    help = (
        "Anonymise finished requests older than NAFITHA_REQUEST_RETENTION_DAYS, and erase the "
        "phone numbers of visits over for NAFITHA_PHONE_RETENTION_HOURS and of bookings and "
        "remote places past for NAFITHA_BOOKING_PHONE_RETENTION_DAYS."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{requests_anonymise()} request(s) anonymised")
        self.stdout.write(f"{forget_phones()} ticket phone number(s) erased")
        erased = appointment_phones_forget()
        self.stdout.write(f"{erased} booking and remote place phone number(s) erased")
