"""Messages to a citizen's phone: "ticket issued" (with the tracking link) and "your turn is near".

Design: an outbox. After the engine commits, `on_queue_changed` writes `Notification` rows
(one per ticket and kind, enforced by a unique constraint) and makes one best-effort
delivery attempt off the request path (NAFITHA_NOTIFY_IMMEDIATE = "thread"). Whatever is
still pending is retried with exponential backoff by `manage.py send_notifications`, until
NAFITHA_NOTIFY_MAX_ATTEMPTS, then marked failed. Every step swallows and logs its errors: a
gateway outage never blocks or rolls back a queue operation.

Backends are classes with `send(*, phone, text)` raising on failure, chosen by
NAFITHA_NOTIFY_BACKEND: `LoggingBackend` (default) or `HttpSmsBackend`.
"""

import datetime as dt
import json
import logging
import threading
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connections
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from kiosk.models import Notification
from kiosk.pdf import digits, tracking_url
from queueing.events import QueueEvent
from queueing.models import Ticket
from queueing.selectors import ticket_position

logger = logging.getLogger(__name__)

Kind = Notification.Kind
Status = Notification.Status
# Events after which people further back move forward.
QUEUE_MOVES = {"ticket.called", "ticket.walked_out", "ticket.cancelled"}
# The calling order within one service queue (see queueing.selectors._ahead_filter).
QUEUE_ORDER = ("-priority_rank", "-at_front", "queue_since", "pk")
# How long a claimed message is reserved for the worker that claimed it.
LEASE = dt.timedelta(minutes=2)
BATCH = 100


class LoggingBackend:
    """Writes messages to the log instead of sending them (development and demos)."""

    def send(self, *, phone: str, text: str) -> None:
        logger.info("SMS to %s…%s: %s", phone[:4], phone[-2:], text)


class HttpSmsBackend:
    """POSTs {"to", "from", "text"} as JSON to an SMS gateway with a bearer token."""

    def __init__(self):
        if not settings.NAFITHA_SMS_URL:
            raise ImproperlyConfigured("NAFITHA_SMS_URL must be set for the HTTP SMS backend.")

    def send(self, *, phone: str, text: str) -> None:
        request = urllib.request.Request(
            settings.NAFITHA_SMS_URL,
            data=json.dumps(
                {"to": phone, "from": settings.NAFITHA_SMS_SENDER, "text": text}
            ).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.NAFITHA_SMS_TOKEN}",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # raises on 4xx/5xx
            response.read()


def get_backend():
    return import_string(settings.NAFITHA_NOTIFY_BACKEND)()


# --- Writing the outbox -------------------------------------------------------------------


def _number(ticket: Ticket) -> str:
    """The ticket number isolated left-to-right, so "A-042" keeps its order inside Arabic text."""
    return f"\u2066{ticket.number_in(ticket.language)}\u2069"


def _issued_text(ticket: Ticket, ahead: int | None) -> str:
    lang = ticket.language
    return _(
        "Nafitha: your ticket %(number)s at %(centre)s. People ahead of you: %(ahead)s. "
        "Follow your turn: %(url)s"
    ) % {
        "number": _number(ticket),
        "centre": ticket.centre.name_in(lang),
        "ahead": digits(str(ahead or 0), lang),
        "url": tracking_url(ticket),
    }


def _near_text(ticket: Ticket, ahead: int) -> str:
    lang = ticket.language
    return _(
        "Nafitha: ticket %(number)s, your turn is near (%(ahead)s ahead of you). "
        "Please come close to the counters."
    ) % {"number": _number(ticket), "ahead": digits(str(ahead), lang)}


def _add(ticket: Ticket, kind: str, text: str, status: str = Status.PENDING) -> int | None:
    try:
        row = Notification.objects.create(
            ticket=ticket, kind=kind, phone=ticket.phone, text=text, status=status
        )
    except IntegrityError:  # already written for this ticket (a concurrent event)
        return None
    return row.pk if status == Status.PENDING else None


def _on_issued(ticket_id: int) -> list[int]:
    ticket = Ticket.objects.select_related("centre").filter(pk=ticket_id).exclude(phone="").first()
    if ticket is None:
        return []
    ahead = ticket_position(ticket)
    with translation.override(ticket.language):
        ids = [_add(ticket, Kind.ISSUED, _issued_text(ticket, ahead))]
        if ahead is not None and ahead <= settings.NAFITHA_NOTIFY_NEAR_PLACES:
            # Already near: the "issued" message says so; no second message later.
            _add(ticket, Kind.NEAR, _near_text(ticket, ahead), Status.SKIPPED)
    return [pk for pk in ids if pk]


def _on_queue_move(centre_id: int) -> list[int]:
    """Waiting tickets with a phone, not yet told, now N places or fewer from the front."""
    candidates = (
        Ticket.objects.filter(centre_id=centre_id, status=Ticket.Status.WAITING)
        .exclude(phone="")
        .exclude(notifications__kind=Kind.NEAR)
        .select_related("centre")
        .order_by("service_id", *QUEUE_ORDER)
    )
    ids = []
    done_services = set()
    for ticket in candidates:
        if ticket.service_id in done_services:
            continue
        ahead = ticket_position(ticket)
        if ahead is None or ahead > settings.NAFITHA_NOTIFY_NEAR_PLACES:
            done_services.add(ticket.service_id)  # everyone after it in this queue is further back
            continue
        with translation.override(ticket.language):
            ids.append(_add(ticket, Kind.NEAR, _near_text(ticket, ahead)))
    return [pk for pk in ids if pk]


def on_queue_changed(sender, events: tuple[QueueEvent, ...], **kwargs) -> None:
    """Receiver of `queueing.events.queue_changed` (after commit). Never raises."""
    try:
        ids = []
        for event in events:
            if event.kind == "ticket.issued" and event.ticket_id:
                ids += _on_issued(event.ticket_id)
        moved = {event.centre_id for event in events if event.kind in QUEUE_MOVES}
        for centre_id in moved:  # once per action, however many of its events moved the queue
            ids += _on_queue_move(centre_id)
        if ids:
            deliver_soon(ids)
    except Exception:
        logger.exception("Could not queue notifications for %s", [e.kind for e in events])


# --- Delivering -----------------------------------------------------------------------------


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(
        seconds=min(3600, settings.NAFITHA_NOTIFY_RETRY_SECONDS * 2 ** (attempts - 1))
    )


def _attempt(row: Notification, backend, now: dt.datetime) -> bool:
    """Claim the row (conditional UPDATE: a concurrent worker claims nothing), then send it."""
    claimed = Notification.objects.filter(
        pk=row.pk, status=Status.PENDING, attempts=row.attempts, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + LEASE)
    if not claimed:
        return False
    attempts = row.attempts + 1
    try:
        backend.send(phone=row.phone, text=row.text)
    except Exception as exc:
        failed = attempts >= settings.NAFITHA_NOTIFY_MAX_ATTEMPTS
        logger.warning("Notification %s attempt %s failed: %s", row.pk, attempts, exc)
        Notification.objects.filter(pk=row.pk).update(
            status=Status.FAILED if failed else Status.PENDING,
            next_attempt_at=now + backoff(attempts),
            last_error=str(exc)[:300],
        )
        return False
    Notification.objects.filter(pk=row.pk).update(status=Status.SENT, sent_at=timezone.now())
    return True


def deliver(ids: list[int] | None = None, *, now: dt.datetime | None = None) -> int:
    """Try every due message (or only `ids`); return how many were sent."""
    now = now or timezone.now()
    due = Notification.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=ids)
    rows = list(due.order_by("next_attempt_at")[:BATCH])
    if not rows:
        return 0
    backend = get_backend()
    return sum(_attempt(row, backend, now) for row in rows)


def _deliver_in_background(ids: list[int]) -> None:
    try:
        deliver(ids)
    except Exception:
        logger.exception("Immediate notification attempt failed; the worker will retry")
    finally:
        connections.close_all()


def deliver_soon(ids: list[int]) -> None:
    mode = settings.NAFITHA_NOTIFY_IMMEDIATE
    if mode == "inline":
        deliver(ids)
    elif mode == "thread":
        threading.Thread(
            target=_deliver_in_background, args=(ids,), daemon=True, name="notify"
        ).start()
