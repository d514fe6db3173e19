"""Register a kiosk device from the command line and print its token and activation link once."""

from django.core.management.base import BaseCommand, CommandError

from centre.models import Centre
from kiosk.activation import activation_link, device_new_token
from kiosk.models import KioskDevice


class Command(BaseCommand):
    help = "Create a kiosk device for a centre and print its token (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("centre", help="Centre code, e.g. amman")
        parser.add_argument("name", help="A name for the device, e.g. 'Hall kiosk 1'")
        parser.add_argument("--print-mode", choices=KioskDevice.PrintMode.values, default="browser")
        parser.add_argument("--printer", default="", help="CUPS queue, or host:port for ESC/POS")

    def handle(self, *, centre, name, print_mode, printer, **options):
        found = Centre.objects.filter(code=centre).first()
        if found is None:
            raise CommandError(f"no centre with code {centre!r}")
        device = KioskDevice(centre=found, name=name, print_mode=print_mode, printer=printer)
        token = device_new_token(device)
        self.stdout.write(f"token: {token}\nactivation link: {activation_link(device, token)}")
