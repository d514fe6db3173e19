"""Remote tickets ("join the queue from home"): writes.

A citizen with a number proved by the one-time code (`services.code_send`) takes a place in
today's order of arrival at a centre whose plan has `remote_open`. The place is a
`RemoteTicket`, not a ticket: nothing calls it, counts it as waiting or puts it ahead of a
walk-in until the citizen checks in at the centre's kiosk with its reference. Then the
engine issues the ticket on the `remote` channel, queued from

    max(taken at, checked in − head start)

where the head start is the estimated wait when the place was taken (upper end), capped by
`NAFITHA_REMOTE_QUEUE["max_head_start_minutes"]` (docs/engine.md, "Remote tickets": a
walk-in can be passed only by places checked in within that cap after it arrived, so it
cannot starve). A place not checked in lapses `expire_minutes` after its estimated call
time, and at the end of the opening period it was taken in.

The remote channel's allowance (`NAFITHA_CHANNEL_ALLOWANCES["remote"]`) is taken when the
place is given, with the pending places of the day counted as the channel's tickets; the
check-in asks only the daily cap again.
"""

import dataclasses
import datetime as dt
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from appointments.errors import AppointmentError
from appointments.models import RemoteTicket
from appointments.remote_selectors import (
    REMOTE_LETTER,
    remote_by_reference,
    remote_by_token,
    remote_plan,
    travel_minutes_valid,
)
from appointments.selectors import reference_digest
from appointments.verified import (
    code_check,
    code_use,
    confirmation_send,
    number_lock,
    place_cancel,
)
from centre.models import Centre, Service
from nafitha import references
from queueing import engine
from queueing.models import Ticket
from queueing.selectors import service_wait_range


def _conf(key: str) -> int:
    return settings.NAFITHA_REMOTE_QUEUE[key]


@dataclasses.dataclass(frozen=True)
class RemoteTaken:
    remote: RemoteTicket
    reference: str  # shown once and sent by SMS; never stored


def _new_reference() -> str:
    return references.new_reference(REMOTE_LETTER)


def _period_end(centre: Centre, now: dt.datetime) -> dt.datetime:
    """The end of the opening period `now` falls in (the centre is open: checked before)."""
    local = centre.local_now(now)
    ends = [
        h.closes
        for h in centre.opening_hours.all()
        if h.weekday == local.weekday() and h.opens <= local.time() < h.closes
    ]
    closes = max(ends) if ends else dt.time(23, 59)
    return dt.datetime.combine(local.date(), closes, tzinfo=centre.tz)


def remote_create(
    *,
    centre: Centre,
    service: Service,
    phone: str,
    code: str,
    travel_minutes: int = 0,
    language: str = "ar",
    client: str | None = None,
    now: dt.datetime | None = None,
) -> RemoteTaken:
    """Give a pending place in today's queue to a number proved by its one-time code.

    One pending place per number, centre and day; the remote channel's allowance is taken
    (`engine.remote_capacity_claim`). A refusal changes nothing; the code is used up only
    if the place is given."""
    now = now or timezone.now()
    if not travel_minutes_valid(travel_minutes):
        raise AppointmentError("travel_invalid")
    remote_plan(centre=centre, service=service)
    code_check(phone=phone, code=code, now=now)
    day = centre.service_day(now)
    wait = service_wait_range(centre=centre, service=service, now=now)
    estimate = wait[1] if wait else None
    head_start = min(estimate or 0, _conf("max_head_start_minutes"))
    expires_at = min(
        now + dt.timedelta(minutes=(estimate or 0) + _conf("expire_minutes")),
        _period_end(centre, now),
    )
    with transaction.atomic():
        row = number_lock(phone)
        # Places of this number that lapsed are closed first, so they do not count.
        remote_expire(now=now, phone=phone)
        if RemoteTicket.objects.filter(
            phone=phone, centre=centre, service_day=day, status=RemoteTicket.Status.PENDING
        ).exists():
            raise AppointmentError("remote_pending_exists")
        held = RemoteTicket.objects.filter(
            centre=centre,
            service=service,
            service_day=day,
            status=RemoteTicket.Status.PENDING,
            expires_at__gt=now,
        ).count()
        engine.remote_capacity_claim(
            centre=centre, service_code=service.code, held=held, client=client, now=now
        )
        reference = _new_reference()
        remote = RemoteTicket(
            centre=centre,
            service=service,
            service_day=day,
            phone=phone,
            language=language,
            reference_digest=reference_digest(reference),
            token=secrets.token_urlsafe(16),
            created_at=now,
            travel_minutes=travel_minutes,
            estimate_minutes=estimate,
            head_start_minutes=head_start,
            expires_at=expires_at,
        )
        try:
            with transaction.atomic():
                remote.save()
        except IntegrityError:  # a concurrent request of the same number won
            raise AppointmentError("remote_pending_exists") from None
        code_use(row, code, now)
        _confirm(remote, reference)
    return RemoteTaken(remote, reference)


def _confirm(remote: RemoteTicket, reference: str) -> None:
    lang = remote.language
    with translation.override(lang):
        text = _(
            "Nafitha: you have a place in the queue at %(centre)s for %(service)s today. "
            "Check in at the kiosk with the reference %(reference)s before %(time)s."
        ) % {
            "centre": remote.centre.name_in(lang),
            "service": remote.service.name_in(lang),
            "reference": f"\u2066{reference}\u2069",
            "time": remote.centre.clock(remote.expires_at, lang),
        }
    confirmation_send(phone=remote.phone, text=text)


def remote_expire(*, now: dt.datetime | None = None, phone: str | None = None) -> int:
    """Close the pending places whose time has passed (all, or one number's): a conditional
    update, so a concurrent check-in of the same place either wins or finds it expired."""
    now = now or timezone.now()
    lapsed = RemoteTicket.objects.filter(status=RemoteTicket.Status.PENDING, expires_at__lte=now)
    if phone is not None:
        lapsed = lapsed.filter(phone=phone)
    return lapsed.update(status=RemoteTicket.Status.EXPIRED)


def remote_cancel(
    *, reference: str | None = None, token: str | None = None, now: dt.datetime | None = None
) -> RemoteTicket:
    """Give up a pending place, found by its reference (API) or by the token of its "when to
    leave" page. A place checked in, cancelled or lapsed is refused and left as it is."""
    now = now or timezone.now()
    with transaction.atomic():
        if token is not None:
            remote = remote_by_token(token=token, lock=True)
            if remote is None:
                raise AppointmentError("remote_unknown")
        else:
            remote = remote_by_reference(reference=reference or "", lock=True)
        if remote.status == RemoteTicket.Status.EXPIRED or (
            remote.status == RemoteTicket.Status.PENDING and remote.expires_at <= now
        ):
            raise AppointmentError("remote_expired")
        place_cancel(remote, active=RemoteTicket.Status.PENDING, refusal="remote_not_pending")
    return remote


@dataclasses.dataclass(frozen=True)
class RemoteCheckedIn:
    remote: RemoteTicket
    ticket: Ticket
    created: bool  # False for a repeated check-in (a double scan)


def remote_queue_since(remote: RemoteTicket, now: dt.datetime) -> dt.datetime:
    """Where a place checked in at `now` enters the queue (the module's rule)."""
    head_start = dt.timedelta(minutes=remote.head_start_minutes)
    return max(remote.created_at, now - head_start)


def remote_check_in(
    *, reference: str, centre: Centre, now: dt.datetime | None = None
) -> RemoteCheckedIn:
    """Turn a pending place into a ticket of the live queue at its centre's kiosk. The place's
    row lock makes concurrent scans give one ticket; a second scan returns it."""
    now = now or timezone.now()
    with transaction.atomic():
        remote = remote_by_reference(reference=reference, lock=True)
        if remote.centre_id != centre.pk:
            raise AppointmentError("remote_other_centre", centre=remote.centre.name)
        if remote.status == RemoteTicket.Status.CHECKED_IN and remote.ticket:
            return RemoteCheckedIn(remote, remote.ticket, created=False)
        if remote.status == RemoteTicket.Status.PENDING and remote.expires_at <= now:
            remote.status = RemoteTicket.Status.EXPIRED
            remote.save(update_fields=["status"])
            expired = True
        else:
            expired = remote.status == RemoteTicket.Status.EXPIRED
        if not expired and remote.status != RemoteTicket.Status.PENDING:
            raise AppointmentError("booking_not_active")
        if not expired:
            ticket = engine.ticket_issue(
                centre=centre,
                service_codes=[remote.service.code],
                language=remote.language,
                channel=Ticket.Channel.REMOTE,
                queue_since=remote_queue_since(remote, now),
                place_held=True,
                now=now,
            ).ticket
            remote.status = RemoteTicket.Status.CHECKED_IN
            remote.ticket = ticket
            remote.checked_in_at = now
            remote.save(update_fields=["status", "ticket", "checked_in_at"])
    if expired:  # raised after commit, so the lapsed place stays marked
        raise AppointmentError("remote_expired")
    return RemoteCheckedIn(remote, ticket, created=True)
