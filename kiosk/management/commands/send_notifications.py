"""Deliver pending citizen notifications, retrying failures with backoff (run as a service).

Before sending, the worker runs the outbox's clock jobs (NAFITHA_NOTIFY_JOBS, e.g. booking
reminders) at most every NAFITHA_NOTIFY_JOBS_SECONDS; a failing job is logged, never fatal.
"""

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from kiosk.notify import deliver

logger = logging.getLogger(__name__)


def run_jobs() -> None:
    for path in settings.NAFITHA_NOTIFY_JOBS:
        try:
            import_string(path)()
        except Exception:
            logger.exception("Outbox job %s failed; it runs again on the next pass", path)


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
        jobs_at = 0.0
        while True:
            if time.monotonic() >= jobs_at:
                run_jobs()
                jobs_at = time.monotonic() + settings.NAFITHA_NOTIFY_JOBS_SECONDS
            sent = deliver()
            if sent:
                self.stdout.write(f"sent {sent}")
            if once or stopping:
                return
            time.sleep(interval)
