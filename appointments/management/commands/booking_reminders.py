"""Write the booking reminders due now (and release no-shows) for cron; the
`send_notifications` worker runs the same job by itself (NAFITHA_NOTIFY_JOBS)."""

from django.core.management.base import BaseCommand

from appointments.reminders import booking_tasks


class Command(BaseCommand):
    help = "Write booking reminders due now to the SMS outbox (idempotent; safe to run often)."

    def handle(self, **options):
        done = booking_tasks()
        self.stdout.write(" ".join(f"{key} {value}" for key, value in done.items()))
