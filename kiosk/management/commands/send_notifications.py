"""Deliver pending citizen notifications, retrying failures with backoff (run as a service)."""

import signal
import time

from django.core.management.base import BaseCommand

from kiosk.notify import deliver


class Command(BaseCommand):
    help = "Send pending SMS notifications; with --once, one pass and exit."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit (for cron).")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between passes.")

    def handle(self, *, once, interval, **options):
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        while True:
            sent = deliver()
            if sent:
                self.stdout.write(f"sent {sent}")
            if once or stopping:
                return
            time.sleep(interval)
