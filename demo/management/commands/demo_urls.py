"""Print the demo's screens, API docs, admin and log-ins, aligned for a terminal."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, no_translations

from centre.models import Centre
from centre.views import NATIONAL_LINKS, centre_screens
from demo import data as demo
from queueing.models import Ticket
from staff.models import Staff


class Command(BaseCommand):
    help = "Print the URLs of every demo screen and the demo log-ins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base", default=None, help="server base URL (default: NAFITHA_PUBLIC_URL)"
        )

    @no_translations
    def handle(self, *args, base: str | None, **options):
        base = (base or settings.NAFITHA_PUBLIC_URL).rstrip("/")
        rows = [("Home", "/")]
        for centre in Centre.objects.filter(is_active=True):
            rows += [
                (f"{label} ({centre.code})", activating(path, centre.code))
                for label, path in centre_screens(centre.code)
            ]
        rows += [(str(label), path) for label, path in NATIONAL_LINKS]
        waiting = (
            Ticket.objects.filter(status=Ticket.Status.WAITING, centre__code="amman")
            .order_by("issued_at")
            .first()
        )
        if waiting:
            rows.append((f"Ticket tracking ({waiting.display_number})", f"/t/{waiting.token}/"))
        width = max(len(label) for label, _ in rows) + 2
        lines = [f"{label:<{width}}{base}{path}" for label, path in rows]

        logins = [("admin", "superuser (Django admin)")] + [
            (
                username,
                ", ".join(filter(None, [str(Staff.Role(role).label), code, limited(certified)])),
            )
            for username, _first, _last, role, code, certified in demo.STAFF
        ]
        width = max(len(username) for username, _ in logins) + 2
        lines += ["", f"Log-ins (password: {demo.PASSWORD})"]
        lines += [f"  {username:<{width}}{role}" for username, role in logins]
        self.stdout.write("\n".join(lines))


def activating(path: str, centre_code: str) -> str:
    """The kiosk link carries the demo device token: opening it once registers the browser."""
    if not path.startswith("/kiosk/"):
        return path
    return f"{path}?{urlencode({'device': demo.kiosk_token(centre_code)})}"


def limited(certified: list[str] | None) -> str:
    return f"certified for {len(certified)} services only" if certified else ""
