"""Messages to a citizen's phone: "ticket issued" (with the tracking link), "your turn is near"
and "your turn — counter N".

Design: an outbox written in the queue's own transaction. `write_outbox` receives the
engine's `queue_changing` hook inside the issuing (or calling) transaction and writes the
`Notification` rows there (one per ticket and kind, enforced by a unique constraint), so a
committed ticket always has its message and a rolled-back one never does; a crash after
commit loses nothing. Delivery is the only thing left for later: after commit one
best-effort attempt is started off the request path (NAFITHA_NOTIFY_IMMEDIATE = "thread"),
and `manage.py send_notifications` retries whatever is still pending with exponential
backoff, until NAFITHA_NOTIFY_MAX_ATTEMPTS, then marks it failed. A gateway outage never
blocks or rolls back a queue operation.

Only Jordanian mobiles in E.164 reach the outbox (`nafitha.phones.jordan_mobile`, applied by
the API), a number gets at most NAFITHA_SMS_PER_NUMBER_PER_DAY messages in 24 hours, and the
message text and number are never written to the log (the text carries the tracking link,
which is the ticket's bearer token): log lines name the message id, its kind and the masked
number. Numbers are erased by `forget_phones` (run nightly) once the visit is over.

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
from django.db import IntegrityError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from kiosk.models import Notification
from kiosk.pdf import tracking_url
from nafitha.arabic import digits_for
from nafitha.phones import masked
from queueing.errors import QueueError
from queueing.events import QueueEvent
from queueing.models import Ticket, call_order
from queueing.selectors import ticket_position

logger = logging.getLogger(__name__)

Kind = Notification.Kind
Status = Notification.Status
# Events after which people further back move forward.
QUEUE_MOVES = {"ticket.called", "ticket.walked_out", "ticket.cancelled"}
# How long a claimed message is reserved for the worker that claimed it.
LEASE = dt.timedelta(minutes=2)
BATCH = 100


class LoggingBackend:
    """Sends nothing (development and demos); the worker logs each message it "sends"."""

    def send(self, *, phone: str, text: str) -> None:
        pass


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
        "ahead": digits_for(str(ahead or 0), lang),
        "url": tracking_url(ticket),
    }


def _near_text(ticket: Ticket, ahead: int) -> str:
    lang = ticket.language
    return _(
        "Nafitha: ticket %(number)s, your turn is near (%(ahead)s ahead of you). "
        "Please come close to the counters."
    ) % {"number": _number(ticket), "ahead": digits_for(str(ahead), lang)}


def _turn_text(ticket: Ticket) -> str:
    lang = ticket.language
    return _("Nafitha: ticket %(number)s, it is your turn. Please go to counter %(counter)s.") % {
        "number": _number(ticket),
        "counter": digits_for(str(ticket.counter.number), lang),
    }


def _sent_today(phone: str) -> int:
    """Messages written for this number in the last 24 hours (skipped ones cost nothing)."""
    since = timezone.now() - dt.timedelta(days=1)
    return (
        Notification.objects.filter(phone=phone, created_at__gte=since)
        .exclude(status=Status.SKIPPED)
        .count()
    )


def _add(ticket: Ticket, kind: str, text: str, status: str = Status.PENDING) -> int | None:
    if (
        status == Status.PENDING
        and _sent_today(ticket.phone) >= settings.NAFITHA_SMS_PER_NUMBER_PER_DAY
    ):
        if kind == Kind.ISSUED:
            raise QueueError("sms_limit_reached")
        status = Status.SKIPPED  # the turn comes anyway; the limit only drops the reminder
    try:
        with transaction.atomic():  # a savepoint: a duplicate must not abort the engine's work
            row = Notification.objects.create(
                ticket=ticket, kind=kind, phone=ticket.phone, text=text, status=status
            )
    except IntegrityError:  # already written for this ticket (a concurrent action)
        return None
    return row.pk if status == Status.PENDING else None


def outbox_add(*, phone: str, kind: str, text: str) -> int:
    """A message about no ticket (a one-time code, a booking confirmation), written in the
    caller's transaction under the same per-number daily limit; delivery starts after commit."""
    if _sent_today(phone) >= settings.NAFITHA_SMS_PER_NUMBER_PER_DAY:
        raise QueueError("sms_limit_reached")
    row = Notification.objects.create(kind=kind, phone=phone, text=text)
    transaction.on_commit(lambda: deliver_soon([row.pk]))
    return row.pk


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


def _on_called(ticket_id: int) -> list[int]:
    """The first call only: a recall, or a later call after a transfer, texts nothing more
    (one message per ticket and kind)."""
    ticket = (
        Ticket.objects.select_related("centre", "counter")
        .filter(pk=ticket_id, counter__isnull=False)
        .exclude(phone="")
        .first()
    )
    if ticket is None:
        return []
    with translation.override(ticket.language):
        return [pk for pk in [_add(ticket, Kind.TURN, _turn_text(ticket))] if pk]


def _on_queue_move(centre_id: int) -> list[int]:
    """Waiting tickets with a phone, not yet told, now N places or fewer from the front."""
    candidates = (
        Ticket.objects.filter(centre_id=centre_id, status=Ticket.Status.WAITING)
        .exclude(phone="")
        .exclude(notifications__kind=Kind.NEAR)
        .select_related("centre")
        .order_by("service_id", *call_order(timezone.now()))
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


def write_outbox(sender, events: tuple[QueueEvent, ...], **kwargs) -> None:
    """Receiver of `queueing.events.queue_changing`: runs inside the engine's transaction.

    What it writes commits with the ticket; an error (or `sms_limit_reached`) rolls the
    action back. The first delivery attempt is only started once the transaction commits.
    """
    ids = []
    for event in events:
        if event.phone is False:  # the engine knows the ticket has no number: nothing to text
            continue
        if event.kind == "ticket.issued" and event.ticket_id:
            ids += _on_issued(event.ticket_id)
        elif event.kind == "ticket.called" and event.ticket_id:
            ids += _on_called(event.ticket_id)
    # A move the engine knows left no waiting number in its queue needs no look.
    moved = {
        event.centre_id
        for event in events
        if event.kind in QUEUE_MOVES and event.waiting_phones is not False
    }
    for centre_id in moved:  # once per action, however many of its events moved the queue
        ids += _on_queue_move(centre_id)
    if ids:
        transaction.on_commit(lambda: deliver_soon(ids))


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
        logger.warning(
            "Notification %s (%s) to %s: attempt %s failed: %s",
            row.pk,
            row.kind,
            masked(row.phone),
            attempts,
            type(exc).__name__,
        )
        Notification.objects.filter(pk=row.pk).update(
            status=Status.FAILED if failed else Status.PENDING,
            next_attempt_at=now + backoff(attempts),
            last_error=str(exc)[:300],
        )
        return False
    Notification.objects.filter(pk=row.pk).update(status=Status.SENT, sent_at=timezone.now())
    logger.info("Notification %s (%s) sent to %s", row.pk, row.kind, masked(row.phone))
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


# --- Forgetting -----------------------------------------------------------------------------


def forget_phones(*, now: dt.datetime | None = None) -> int:
    """Erase the phone numbers (and message texts) of visits over for the retention period.

    A visit counts as over when it ended NAFITHA_PHONE_RETENTION_HOURS ago, or, if it never
    ended, a day after that. Messages still pending for it are dropped: the visit is past.
    Returns how many tickets lost their number.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=settings.NAFITHA_PHONE_RETENTION_HOURS)
    over = Q(ended_at__lte=cutoff) | Q(issued_at__lte=cutoff - dt.timedelta(days=1))
    with transaction.atomic():
        tickets = list(Ticket.objects.filter(over).exclude(phone="").values_list("pk", flat=True))
        rows = Notification.objects.filter(Q(ticket__in=Ticket.objects.filter(over)))
        rows.filter(status=Status.PENDING).update(status=Status.SKIPPED)
        rows.exclude(phone="", text="").update(phone="", text="")
        Ticket.objects.filter(pk__in=tickets).update(phone="")
    return len(tickets)
