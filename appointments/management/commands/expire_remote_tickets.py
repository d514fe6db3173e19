"""Mark the remote tickets (pending places) whose time has passed as expired.

Pages and the kiosk already treat a lapsed place as expired (`remote_selectors.remote_status`,
`remote.remote_check_in`); this keeps the rows honest for the admin and the figures. Run it
every few minutes (deploy/cron) or at day end.
"""

from django.core.management.base import BaseCommand

from appointments.remote import remote_expire


class Command(BaseCommand):
    help = "Expire remote tickets not checked in by their time."

    def handle(self, *args, **options):
        n = remote_expire()
        self.stdout.write(f"{n} remote ticket(s) expired")
