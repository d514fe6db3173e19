"""Add Jordan's public holidays of this year and the next (or of --year …) from the
`holidays` package. Idempotent; estimated Islamic dates are added unconfirmed."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from centre.holidays import public_holidays_seed


class Command(BaseCommand):
    help = "Add Jordan's public holidays (estimated Islamic dates unconfirmed)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", dest="years")

    def handle(self, *args, years=None, **options):
        this_year = timezone.localdate().year
        created = public_holidays_seed(years=years or [this_year, this_year + 1])
        unconfirmed = sum(not h.confirmed for h in created)
        self.stdout.write(
            f"{len(created)} public holidays added, {unconfirmed} of them to confirm in the admin"
        )
