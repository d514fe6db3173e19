"""Log-in lock-out (django-axes): which address a failed log-in counts against, and what a
locked-out person is told, in their language."""

from axes.apps import AppConfig as AxesAppConfig
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from nafitha.clients import client_address, client_ident
from staff.errors import StaffError


def client_ip(request) -> str | None:
    """The address failures are counted against: the project's trusted client address, so a
    forged forwarding header neither spreads one attacker over many addresses nor locks out
    someone else's."""
    address = client_address(request)
    return client_ident(address) if address is not None else None


def lockout_response(request, original_response, credentials):
    """429 with the lock-out message on a page (the API token view answers `{code, detail}`
    itself: axes marks DRF's request object, which this middleware hook never sees)."""
    error = StaffError("locked_out")
    return render(request, "staff/locked_out.html", {"error": error}, status=error.status)


class LoginAttemptsConfig(AxesAppConfig):
    """django-axes under a name supervisors can read in the admin, in their language."""

    verbose_name = _("Log-in attempts")
