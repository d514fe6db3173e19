"""The ticketing engine: every change to tickets and counters goes through these functions.

Each function is one atomic transaction. It validates, locks in a fixed order (counter, then
ticket, then number sequence and statistics rows), changes state, writes a `TicketEvent` or
`CounterEvent` row, runs the in-transaction hooks that keep other must-keep rows (the SMS
outbox), and registers a `QueueEvent` that is sent only after commit. A refused operation raises
`QueueError` and changes nothing. No function here knows about HTTP or websockets.
"""

import contextlib
import contextvars
import dataclasses
import datetime as dt
import hashlib
import json
import re

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Count, Exists, F, Min, Q, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.utils import timezone

from centre import cached
from centre.models import Bundle, Centre, CentreService, Service, WorkProfile
from queueing.errors import QueueError
from queueing.events import Batch, QueueEvent, collecting, emit_on_commit
from queueing.models import (
    CapHold,
    ClientIssueCount,
    Counter,
    CounterEvent,
    PriorityClass,
    ServiceTimeStat,
    Ticket,
    TicketEvent,
    TicketNumberSequence,
    TicketStep,
)
from queueing.routing import CandidateGroup, choose_groups
from staff.models import Staff

Status = Ticket.Status
StepStatus = TicketStep.Status
Kind = TicketEvent.Kind


_event_rows = Batch("nafitha_ticket_event_rows")


@contextlib.contextmanager
def _atomic():
    """A short transaction with a lock timeout; a lock we cannot get becomes `queue_busy`.

    The events emitted inside reach subscribers as one batch after commit, and their
    `TicketEvent` rows are written in one INSERT at the end of the transaction. On PostgreSQL
    the lock timeout (`SET LOCAL`, for this transaction only) is set by the transaction's
    first locking statement itself (`_lock_timeout_first`), or on its own just before the
    first statement that may wait on a lock without one (`_lock_timeout_now`).
    """
    try:
        with (
            transaction.atomic(),
            collecting(),
            _event_rows.gathering() as rows,
            _late_writes.gathering() as late,
        ):
            token = _lock_timeout_due.set(connection.vendor == "postgresql")
            try:
                yield
                if rows:
                    _lock_timeout_now()
                    TicketEvent.objects.bulk_create(rows)
                for write in late or ():
                    write()
            finally:
                _lock_timeout_due.reset(token)
    except OperationalError as exc:
        if _is_lock_conflict(exc):
            raise QueueError("queue_busy") from exc
        raise


# Whether this engine transaction has still to set its lock timeout (PostgreSQL).
_lock_timeout_due: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "nafitha_lock_timeout_due", default=False
)
# Writes to shared rows (the service-time statistics) run last in the transaction, so their
# row locks are held only until the commit right after (see `_record_service_time`).
_late_writes = Batch("nafitha_late_writes")


def _lock_timeout_sql() -> tuple[str, list]:
    return "set_config('lock_timeout', %s, true)", [f"{settings.NAFITHA_LOCK_TIMEOUT_MS}ms"]


def _lock_timeout_first(query):
    """The transaction's first lock also sets its lock timeout, in the same statement: the
    value is computed with the row, below the row lock, so before any wait for it."""
    if not _lock_timeout_due.get():
        return query
    _lock_timeout_due.set(False)
    return query.annotate(_lock_timeout=RawSQL(*_lock_timeout_sql()))


def _lock_timeout_now() -> None:
    """Set the lock timeout on its own before a statement that may wait on a lock, when no
    locking read of this transaction has set it yet."""
    if not _lock_timeout_due.get():
        return
    _lock_timeout_due.set(False)
    sql, params = _lock_timeout_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", params)


# PostgreSQL: lock_timeout expired, deadlock detected. SQLite: SQLITE_BUSY, SQLITE_LOCKED.
_LOCK_SQLSTATES = {"55P03", "40P01"}
_SQLITE_LOCK_CODES = {5, 6}


def _is_lock_conflict(exc: OperationalError) -> bool:
    """Recognise a lost lock race by the driver's error code, never by the message's wording."""
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) in _LOCK_SQLSTATES:
        return True
    code = getattr(cause, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _SQLITE_LOCK_CODES


def _log(
    ticket: Ticket,
    kind: str,
    *,
    at: dt.datetime,
    step: TicketStep | None = None,
    counter: Counter | None = None,
    staff: Staff | None = None,
    waiting_phones: bool | None = None,
    **data,
) -> None:
    step = step or ticket.current_step
    row = TicketEvent(
        ticket=ticket,
        step=step,
        centre_id=ticket.centre_id,
        kind=kind,
        at=at,
        service_id=step.service_id if step else ticket.service_id,
        counter=counter,
        staff=staff,
        data=data,
    )
    if not _event_rows.add(row):
        row.save()
    emit_on_commit(
        QueueEvent(
            kind=f"ticket.{kind}",
            centre_id=ticket.centre_id,
            at=at,
            ticket_id=ticket.pk,
            counter_id=counter.pk if counter else None,
            staff_id=staff.pk if staff else None,
            data=data,
            phone=bool(ticket.phone),
            waiting_phones=waiting_phones,
        )
    )


# --- Issuing ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class IssueResult:
    ticket: Ticket
    created: bool
    # A new ticket's steps as written (services loaded), for an answer without reading them.
    steps: tuple[TicketStep, ...] = ()
    # The centre's waiting tickets as the remote allowance read them under its lock, the new
    # one included (`HALL_COLUMNS`), for the answer's position and wait; None when not read.
    hall: tuple[tuple, ...] | None = None


# What the remote allowance reads of each waiting ticket: the columns of
# `waits.CentreWaits.waiting_rows`, then the channel.
HALL_COLUMNS = ("pk", "service_id", "priority_rank", "queue_since", "at_front", "channel")


@dataclasses.dataclass(frozen=True)
class Issuer:
    """Who asks for a ticket: a citizen (anonymous, remote), a registered kiosk device, or the
    centre's staff. It decides the channels and priority classes allowed; its `key` (opaque
    and stable: nafitha.clients.client_key, "device:<pk>", "staff:<pk>") scopes its
    idempotency keys and counts its per-client allowance. Internal callers (demo data,
    benchmarks) pass none and may use anything."""

    kind: str
    key: str

    CITIZEN = "citizen"
    KIOSK = "kiosk"
    STAFF = "staff"

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels this issuer may use; the first is its default."""
        return ISSUER_CHANNELS[self.kind]

    @property
    def at_centre(self) -> bool:
        """A kiosk in the hall or the centre's staff: a phone it gives was typed at the centre."""
        return self.kind in (Issuer.KIOSK, Issuer.STAFF)

    def may_give(self, priority: PriorityClass) -> bool:
        return self.kind == Issuer.STAFF or priority.code in SELF_DECLARED_PRIORITIES


ISSUER_CHANNELS = {
    Issuer.CITIZEN: (Ticket.Channel.REMOTE,),
    Issuer.KIOSK: (Ticket.Channel.KIOSK,),
    Issuer.STAFF: (Ticket.Channel.RECEPTION, Ticket.Channel.APPOINTMENT),
}
# Priority classes citizens may claim themselves (the counter checks); only staff give others
# (appointments come from the booking system).
SELF_DECLARED_PRIORITIES = ("elderly", "disability", "pregnancy")

IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,80}")


@dataclasses.dataclass(frozen=True)
class Allowance:
    """What one remote channel may take of a centre's capacity (NAFITHA_CHANNEL_ALLOWANCES).
    Channels without one are the centre's own and may take all that is left."""

    cap_share: float
    queue_share: float
    queue_floor: int
    per_client_day: int

    @classmethod
    def of(cls, channel: str) -> "Allowance | None":
        conf = settings.NAFITHA_CHANNEL_ALLOWANCES.get(channel)
        return cls(**conf) if conf is not None else None


def ticket_issue(
    *,
    centre: Centre,
    service_codes: list[str] | None = None,
    bundle_code: str | None = None,
    priority: str | None = None,
    language: str = "ar",
    channel: str | None = None,
    issuer: Issuer | None = None,
    idempotency_key: str | None = None,
    phone: str = "",
    appointment_at: dt.datetime | None = None,
    queue_since: dt.datetime | None = None,
    place_held: bool = False,
    now: dt.datetime | None = None,
) -> IssueResult:
    """Issue a ticket for one or more services (or a bundle), numbered per local day and letter.

    A repeated `idempotency_key` from the same issuer on the same service day returns the
    ticket issued the first time, so a double tap on a kiosk prints one ticket; the same key
    with a different request is refused. Remote channels take only their allowance of the
    centre's capacity (docs/engine.md, "Capacity of remote channels").

    A remote ticket checked in at the centre (`appointments.remote`) passes the place it held
    in the order of arrival as `queue_since`, and `place_held`: its channel's allowance was
    taken when the place was given (`remote_capacity_claim`), so only the daily cap is checked.
    """
    now = now or timezone.now()
    day = centre.service_day(now)
    channel = channel or (issuer.channels[0] if issuer else Ticket.Channel.KIOSK)
    if service_codes:
        service_codes = list(dict.fromkeys(service_codes))  # one step per service
    scoped_key = fingerprint = None
    if idempotency_key:
        if not IDEMPOTENCY_KEY.fullmatch(idempotency_key):
            raise QueueError("idempotency_key_invalid")
        scoped_key = _digest(issuer.key if issuer else "", idempotency_key)
        fingerprint = _digest(
            service_codes or [], bundle_code or "", priority or "", language, channel, phone
        )
        existing = _replayed(centre, day, scoped_key, fingerprint)
        if existing:
            return IssueResult(existing, created=False)
    if language not in Ticket.Language.values:
        raise QueueError("language_unknown")
    if channel not in Ticket.Channel.values:
        raise QueueError("channel_unknown")
    if issuer and channel not in issuer.channels:
        raise QueueError("channel_not_allowed")
    priority_class = _priority(priority)
    if priority_class and issuer and not issuer.may_give(priority_class):
        raise QueueError("priority_not_allowed")
    services, bundle = _requested_services(service_codes, bundle_code)
    offers = _offers(centre, services)
    if not centre.is_active:
        raise QueueError("centre_closed")
    closed = centre.closed_because(now)
    if closed:
        raise QueueError("centre_holiday" if closed == "holiday" else "centre_closed")

    try:
        with _atomic():
            claim = _claim_capacity(
                centre=centre,
                day=day,
                services=services,
                offers=offers,
                channel=channel,
                client=issuer.key if issuer else None,
                place_held=place_held,
            )
            ticket = _create_ticket(
                claim=claim,
                centre=centre,
                day=day,
                services=services,
                offers=offers,
                bundle=bundle,
                priority_class=priority_class,
                language=language,
                channel=channel,
                idempotency_key=scoped_key,
                fingerprint=fingerprint or "",
                phone=phone,
                appointment_at=appointment_at,
                queue_since=queue_since,
                now=now,
            )
    except IntegrityError:
        # A concurrent request with the same key won the race: answer with its ticket.
        existing = scoped_key and _replayed(centre, day, scoped_key, fingerprint)
        if existing:
            return IssueResult(existing, created=False)
        raise
    hall = None
    if claim.hall is not None:
        hall = (*claim.hall, tuple(getattr(ticket, column) for column in HALL_COLUMNS))
    return IssueResult(ticket, created=True, steps=ticket.written_steps, hall=hall)


def _digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


def _replayed(centre: Centre, day: dt.date, scoped_key: str, fingerprint: str) -> Ticket | None:
    """The ticket this key already issued today, if the request is the same one."""
    existing = Ticket.objects.filter(
        centre=centre, service_day=day, idempotency_key=scoped_key
    ).first()
    if existing and existing.request_fingerprint != fingerprint:
        raise QueueError("idempotency_key_reused")
    return existing


def _priority(code: str | None) -> PriorityClass | None:
    if not code or code == "none":
        return None
    found = PriorityClass.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise QueueError("priority_unknown")
    return found


def _requested_services(
    service_codes: list[str] | None, bundle_code: str | None
) -> tuple[list[Service], Bundle | None]:
    if bool(service_codes) == bool(bundle_code):
        raise QueueError("no_services")
    if bundle_code:
        bundle = cached.bundles().get(bundle_code)
        if bundle is None:
            raise QueueError("bundle_unknown")
        return [item.service for item in bundle.items.all()], bundle
    by_code = cached.services()
    missing = [code for code in service_codes if code not in by_code]
    if missing:
        raise QueueError("service_unknown", service=missing[0])
    return [by_code[code] for code in service_codes], None


def _offers(centre: Centre, services: list[Service]) -> dict[int, CentreService]:
    offered = cached.offers(centre.pk)
    offers = {s.pk: offered[s.pk] for s in services if s.pk in offered}
    for service in services:
        if service.pk not in offers:
            raise QueueError("service_not_offered", service=service.code)
    return offers


@dataclasses.dataclass(frozen=True)
class _Claim:
    """What `_claim_capacity` leaves to its caller: the hall it read (`HALL_COLUMNS`, None
    when it read none), and the client's ticket still to count against `limit` (None: not
    counted), which the caller counts with the number (`_allocate`) or on its own."""

    hall: list[tuple] | None = None
    client: tuple[str, str] | None = None
    limit: int = 0


def _claim_capacity(
    *,
    centre: Centre,
    day: dt.date,
    services: list[Service],
    offers: dict[int, CentreService],
    channel: str,
    client: str | None,
    place_held: bool = False,
    held: int = 0,
) -> _Claim:
    """Daily caps, and the allowance of a remote channel: its share of each cap and of the
    queue it joins, and its tickets per client and day (the latter counted by the caller:
    `_Claim.client`). The offers counted are locked first, so two issuers never both take
    the last place. `held`: places of the channel given but not yet tickets (pending remote
    tickets), counted as its tickets; `place_held`: the ticket takes a place counted that
    way, so the allowance is not asked again. The places a day's bookings hold (`CapHold`,
    kept by appointments under the same offer lock) count against every cap."""
    allowance = None if place_held else Allowance.of(channel)
    counted = sorted(
        (o for o in offers.values() if o.daily_cap is not None or allowance), key=lambda o: o.pk
    )
    if counted and connection.features.has_select_for_update:
        # The locked rows, fresh: a cap is checked against its current value. SQLite has no
        # row locks and needs none: the transaction began by taking the database's write
        # lock (BEGIN IMMEDIATE, nafitha/db/sqlite3), so no other writer runs until it
        # commits, and the offers are the process's copy (`centre.cached`: a change made in
        # this process at once, one made by another process within
        # CACHE_GENERATION_CHECK_SECONDS).
        counted = list(
            _lock_timeout_first(CentreService.objects.select_for_update(of=("self",)))
            .select_related("service")
            .filter(pk__in=[o.pk for o in counted])
            .order_by("pk")
        )
    today = TicketStep.objects.filter(ticket__centre=centre, ticket__service_day=day).exclude(
        ticket__status=Status.CANCELLED
    )
    capped = [o.pk for o in counted if o.daily_cap is not None]
    # Places held for the day by visits not yet tickets (bookings still to come, CapHold).
    holds = (
        dict(
            CapHold.objects.filter(offer_id__in=capped, service_day=day).values_list(
                "offer_id", "held"
            )
        )
        if capped
        else {}
    )
    for offer in (o for o in counted if o.daily_cap is not None):
        steps = today.filter(service_id=offer.service_id)
        if steps.count() + held + holds.get(offer.pk, 0) >= offer.daily_cap:
            raise QueueError("daily_cap_reached", service=offer.service.code)
        if allowance and steps.filter(ticket__channel=channel).count() + held >= int(
            offer.daily_cap * allowance.cap_share
        ):
            raise QueueError("remote_share_reached", service=offer.service.code)
    if allowance is None:
        return _Claim()
    # The hall now, read once: the share of the queue the ticket joins (a bundle's later
    # steps join theirs when they start), and the answer's position and wait.
    hall = list(
        Ticket.objects.filter(centre=centre).waiting().order_by().values_list(*HALL_COLUMNS)
    )
    queue = [row for row in hall if row[1] == services[0].pk]
    remote = sum(1 for row in queue if row[-1] == channel) + held
    if remote >= allowance.queue_floor and remote + 1 > allowance.queue_share * (
        len(queue) + held + 1
    ):
        raise QueueError("remote_share_reached", service=services[0].code)
    return _Claim(
        hall=hall,
        client=None if client is None else (channel, client),
        limit=allowance.per_client_day,
    )


def remote_capacity_claim(
    *,
    centre: Centre,
    service_code: str,
    held: int,
    client: str | None,
    now: dt.datetime | None = None,
) -> None:
    """Inside the caller's transaction: take one place of the remote channel's allowance for
    a ticket given now but joining the queue later (a pending remote ticket), with `held`
    such places already given today. Refuses like `ticket_issue` would; counts the client."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("remote_capacity_claim runs inside the caller's transaction")
    now = now or timezone.now()
    services, _bundle = _requested_services([service_code], None)
    offers = _offers(centre, services)
    if not centre.is_active:
        raise QueueError("centre_closed")
    closed = centre.closed_because(now)
    if closed:
        raise QueueError("centre_holiday" if closed == "holiday" else "centre_closed")
    day = centre.service_day(now)
    claim = _claim_capacity(
        centre=centre,
        day=day,
        services=services,
        offers=offers,
        channel=Ticket.Channel.REMOTE,
        client=client,
        held=held,
    )
    if claim.client is not None:
        _lock_timeout_now()
        with connection.cursor() as cursor:
            _count_client(cursor, day, claim)


def daily_cap_claim(*, centre: Centre, service_code: str, day: dt.date, held: int = 0) -> None:
    """Inside the caller's transaction: refuse with `daily_cap_reached` when the service's
    tickets of `day` plus the places held for it (`CapHold`, plus `held` more) already fill
    its daily cap; the capped offer row stays locked until commit, so two callers never both
    take the last place. No allowance is asked: the caller's channel has none
    (appointments)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("daily_cap_claim runs inside the caller's transaction")
    services, _bundle = _requested_services([service_code], None)
    _claim_capacity(
        centre=centre,
        day=day,
        services=services,
        offers=_offers(centre, services),
        channel=Ticket.Channel.APPOINTMENT,
        client=None,
        place_held=True,
        held=held,
    )


def _client_upsert(day: dt.date, claim: _Claim) -> tuple[str, list]:
    """One more ticket for the client today: an upsert, so the row stays locked until commit
    and a refused issue rolls it back."""
    table = connection.ops.quote_name(ClientIssueCount._meta.db_table)
    return (
        f"INSERT INTO {table} (service_day, channel, client, issued) VALUES (%s, %s, %s, 1)"
        " ON CONFLICT (service_day, channel, client)"
        f" DO UPDATE SET issued = {table}.issued + 1 RETURNING issued",
        [connection.ops.adapt_datefield_value(day), *claim.client],
    )


def _count_client(cursor, day: dt.date, claim: _Claim) -> None:
    cursor.execute(*_client_upsert(day, claim))
    _check_client_count(day, claim, cursor.fetchone()[0])


def _check_client_count(day: dt.date, claim: _Claim, issued: int) -> None:
    """Refuse past the client's tickets of the day. A client's first ticket of a day clears,
    after commit, the counts of earlier days, which nothing reads any more (once a day per
    process)."""
    if issued > claim.limit:
        raise QueueError("client_day_limit")
    if issued == 1 and _counts_cleared_before.get("day") != day:
        stale = ClientIssueCount.objects.filter(service_day__lt=day - dt.timedelta(days=1))
        transaction.on_commit(lambda: (stale.delete(), _counts_cleared_before.update(day=day)))


# The service day for which this process has already cleared the counts of earlier days:
# once a day per process is enough (every process does it on its first new client of the day).
_counts_cleared_before: dict = {}


def _create_ticket(
    *,
    claim,
    centre,
    day,
    services,
    offers,
    bundle,
    priority_class,
    language,
    channel,
    idempotency_key,
    fingerprint,
    phone,
    appointment_at,
    now,
    queue_since=None,
) -> Ticket:
    letter = (bundle.letter if bundle and bundle.letter else "") or offers[services[0].pk].letter
    first = services[0]
    number, first_step_id = _allocate(centre, day, letter, claim)
    ticket = Ticket.objects.create(
        centre=centre,
        service_day=day,
        letter=letter,
        number=number,
        current_step_id=first_step_id,
        bundle=bundle,
        priority=priority_class,
        priority_rank=priority_class.rank if priority_class else 0,
        language=language,
        channel=channel,
        service=first,
        # An appointment checked in on time queues by its booked time (docs/engine.md).
        queue_since=appointment_at or queue_since or now,
        issued_at=now,
        appointment_at=appointment_at,
        idempotency_key=idempotency_key,
        request_fingerprint=fingerprint,
        phone=phone,
    )
    steps = TicketStep.objects.bulk_create(
        [
            TicketStep(
                pk=first_step_id if index == 0 else None,
                ticket=ticket,
                position=index,
                service=service,
                status=StepStatus.WAITING if index == 0 else StepStatus.PENDING,
                queued_at=now if index == 0 else None,
            )
            for index, service in enumerate(services)
        ]
    )
    ticket.current_step = steps[0]
    ticket.written_steps = tuple(steps) if all(step.pk for step in steps) else ()
    _log(ticket, Kind.ISSUED, at=now, services=[s.code for s in services])
    _log(ticket, Kind.QUEUED, at=now)
    return ticket


def _allocate(centre: Centre, day: dt.date, letter: str, claim: _Claim) -> tuple[int, int]:
    """The ticket's number for (centre, day, letter) and its first step's id, in one upsert,
    after counting the client's ticket (`claim.client`) when there is one to count.

    The number's row stays locked until commit, which serialises issuers of the same letter;
    a rolled-back issue gives its number back, so numbers have no gaps. The step's id is
    taken before the step exists so that the ticket is inserted with its current step (the
    two rows point at each other; the foreign keys are checked at commit): PostgreSQL takes
    it from the step table's sequence; SQLite, whose writer holds the database's write lock
    (BEGIN IMMEDIATE), takes the next id of the table's AUTOINCREMENT counter, which no other
    insert can take before this transaction's. On PostgreSQL the client's count rides in
    the same statement: a data-modifying WITH that the number's INSERT reads from, so the
    client's row is still locked before the number's, as when they were two statements.
    """
    sequences = connection.ops.quote_name(TicketNumberSequence._meta.db_table)
    steps = TicketStep._meta.db_table
    if connection.vendor == "postgresql":
        step_id = f"nextval(pg_get_serial_sequence('{steps}', 'id'))"
    else:
        step_id = f"(SELECT COALESCE(MAX(seq), 0) + 1 FROM sqlite_sequence WHERE name = '{steps}')"
    number = [centre.pk, connection.ops.adapt_datefield_value(day), letter]
    upsert = (
        f"INSERT INTO {sequences} (centre_id, service_day, letter, last_number) {{rows}}"
        " ON CONFLICT (centre_id, service_day, letter)"
        f" DO UPDATE SET last_number = {sequences}.last_number + 1"
        f" RETURNING last_number, {step_id}{{issued}}"
    )
    _lock_timeout_now()
    with connection.cursor() as cursor:
        if claim.client is not None and connection.vendor == "postgresql":
            client_sql, client_params = _client_upsert(day, claim)
            cursor.execute(
                f"WITH client AS ({client_sql}) "
                + upsert.format(
                    rows="SELECT %s, %s, %s, 1 FROM client",
                    issued=", (SELECT issued FROM client)",
                ),
                [*client_params, *number],
            )
            allocated, first_step_id, issued = cursor.fetchone()
            _check_client_count(day, claim, issued)
            return allocated, first_step_id
        if claim.client is not None:
            _count_client(cursor, day, claim)
        cursor.execute(upsert.format(rows="VALUES (%s, %s, %s, 1)", issued=""), number)
        return cursor.fetchone()


# --- Counters --------------------------------------------------------------------------------


def _lock_counter(counter: Counter) -> Counter:
    """Lock the counter's row and read it fresh, into the caller's instance: the caller (the
    API answering with the counter's new state) then needs no second read of it."""
    locked = _lock_timeout_first(
        Counter.objects.select_for_update(no_key=True, of=("self",)).select_related(
            "centre", "staff"
        )
    )
    if counter.pk is None:  # named by its centre and number (`counter_at`): read it here
        found = locked.get(centre_id=counter.centre_id, number=counter.number)
        for field in Counter._meta.concrete_fields:
            setattr(counter, field.attname, getattr(found, field.attname))
        counter._state = found._state
        return counter
    if counter.get_deferred_fields():
        return locked.get(pk=counter.pk)
    counter.refresh_from_db(from_queryset=locked)
    return counter


def counter_at(centre: Centre, number: int) -> Counter:
    """A counter named by its centre and number, for a ticket action (call, start, complete,
    …) to lock and read in its transaction: one read of the row instead of two. An unknown
    number raises `Counter.DoesNotExist` from the action."""
    return Counter(centre=centre, number=number)


def _require_operator(counter: Counter, staff: Staff) -> None:
    """The employee at the counter may act on it; so may a supervisor of its centre."""
    if staff.centre_id != counter.centre_id:
        raise QueueError("wrong_centre")
    if counter.staff_id == staff.pk or staff.role == Staff.Role.SUPERVISOR:
        return
    raise QueueError("not_at_counter")


def _active_ticket(counter: Counter, *, lock: bool = True) -> Ticket | None:
    query = Ticket.objects.filter(counter=counter, status__in=Ticket.AT_COUNTER_STATUSES)
    if lock:
        query = query.select_for_update(of=("self",))
    return query.select_related("current_step").first()


def _lock_active_ticket(counter: Counter) -> Ticket | None:
    """Lock the ticket at the locked counter and read it with all its steps, in one statement:
    the steps joined to the ticket, `FOR UPDATE OF` the ticket only (counter, then ticket: the
    lock order holds). The steps are kept on the ticket (`_steps_of` reads none) and its
    current step is one of them.

    Only a transaction holding the counter's lock changes the steps of a ticket at it, but a
    cancel (which locks the ticket alone) may end it meanwhile: PostgreSQL then checks the
    joined row again with the ticket as it is now, and a ticket no longer at the counter is
    not returned (the counter is idle)."""
    steps = list(
        TicketStep.objects.select_for_update(of=("ticket",))
        .select_related("ticket")
        .filter(ticket__counter=counter, ticket__status__in=Ticket.AT_COUNTER_STATUSES)
        .order_by("position")
    )
    if not steps:
        return None
    ticket = steps[0].ticket
    for step in steps:
        step.ticket = ticket
        if step.pk == ticket.current_step_id:
            ticket.current_step = step
    kept = ticket.steps.all()
    kept._result_cache, kept._prefetch_done = steps, True
    ticket._prefetched_objects_cache = {"steps": kept}
    return ticket


def _counter_changed(counter: Counter, at: dt.datetime, actor: Staff, reason: str = "") -> None:
    """Log the locked counter's new state (and who is at it now) in this transaction."""
    CounterEvent.objects.create(
        centre_id=counter.centre_id,
        counter=counter,
        state=counter.state,
        reason=reason,
        staff_id=counter.staff_id,
        actor=actor,
        at=at,
    )
    data = {"state": counter.state, **({"reason": reason} if reason else {})}
    emit_on_commit(
        QueueEvent(
            kind="counter.changed",
            centre_id=counter.centre_id,
            at=at,
            counter_id=counter.pk,
            staff_id=actor.pk,
            data=data,
        )
    )


def counter_open(
    *, counter: Counter, staff: Staff, actor: Staff | None = None, now: dt.datetime | None = None
) -> Counter:
    """Put `staff` at `counter` and open it; `actor` (default: staff) may be a supervisor."""
    now = now or timezone.now()
    actor = actor or staff
    if staff.centre_id != counter.centre_id or actor.centre_id != counter.centre_id:
        raise QueueError("wrong_centre")
    if actor.pk != staff.pk and actor.role != Staff.Role.SUPERVISOR:
        raise QueueError("not_at_counter")
    with _atomic():
        previous = Counter.objects.filter(staff=staff).exclude(pk=counter.pk).first()
        locked = sorted([c for c in (counter, previous) if c], key=lambda c: c.pk)
        for each in locked:
            _lock_counter(each)
        counter.refresh_from_db()
        if counter.staff_id not in (None, staff.pk) and actor.role != Staff.Role.SUPERVISOR:
            raise QueueError("counter_occupied")
        if counter.staff_id not in (None, staff.pk) and _active_ticket(counter):
            raise QueueError("counter_busy")
        if previous:
            previous.refresh_from_db()
            if _active_ticket(previous):
                raise QueueError("counter_busy")
            previous.staff = None
            previous.state = Counter.State.CLOSED
            previous.pause_reason = ""
            previous.state_changed_at = now
            previous.save(update_fields=["staff", "state", "pause_reason", "state_changed_at"])
            _counter_changed(previous, now, actor)
        counter.staff = staff
        counter.state = Counter.State.OPEN
        counter.pause_reason = ""
        counter.state_changed_at = now
        counter.save(update_fields=["staff", "state", "pause_reason", "state_changed_at"])
        _counter_changed(counter, now, actor)
    return counter


def counter_pause(
    *, counter: Counter, staff: Staff, reason: str, now: dt.datetime | None = None
) -> Counter:
    """Stop calling new tickets (break, prayer, admin task); a ticket being served stays."""
    now = now or timezone.now()
    if reason not in Counter.PauseReason.values:
        raise QueueError("pause_reason_unknown")
    with _atomic():
        counter = _lock_counter(counter)
        _require_operator(counter, staff)
        if counter.state != Counter.State.OPEN:
            raise QueueError("counter_not_open")
        counter.state = Counter.State.PAUSED
        counter.pause_reason = reason
        counter.state_changed_at = now
        counter.save(update_fields=["state", "pause_reason", "state_changed_at"])
        _counter_changed(counter, now, staff, reason=reason)
    return counter


def counter_resume(*, counter: Counter, staff: Staff, now: dt.datetime | None = None) -> Counter:
    now = now or timezone.now()
    with _atomic():
        counter = _lock_counter(counter)
        _require_operator(counter, staff)
        if counter.state != Counter.State.PAUSED:
            raise QueueError("invalid_transition")
        counter.state = Counter.State.OPEN
        counter.pause_reason = ""
        counter.state_changed_at = now
        counter.save(update_fields=["state", "pause_reason", "state_changed_at"])
        _counter_changed(counter, now, staff)
    return counter


def counter_close(*, counter: Counter, staff: Staff, now: dt.datetime | None = None) -> Counter:
    """Close the counter and free the employee; its current ticket must be finished first."""
    now = now or timezone.now()
    with _atomic():
        counter = _lock_counter(counter)
        _require_operator(counter, staff)
        if _active_ticket(counter):
            raise QueueError("counter_busy")
        counter.state = Counter.State.CLOSED
        counter.pause_reason = ""
        counter.staff = None
        counter.state_changed_at = now
        counter.save(update_fields=["state", "pause_reason", "staff", "state_changed_at"])
        _counter_changed(counter, now, staff)
    return counter


# --- Calling ---------------------------------------------------------------------------------


def _offered_targets(centre_id: int) -> dict[int, int]:
    """Charter target wait (minutes) of every service the centre offers, by service id."""
    return {
        service_id: offer.service.target_wait_minutes
        for service_id, offer in cached.offers(centre_id).items()
    }


def _eligible(offered: set[int], staff: Staff, on: dt.date | None) -> set[int]:
    certified = staff.certified_service_ids(on)
    return offered if certified is None else offered & certified


def ticket_call_next(
    *,
    counter: Counter,
    staff: Staff,
    finish: str | None = None,
    now: dt.datetime | None = None,
) -> Ticket | None:
    """Call the next ticket this counter's employee may serve, or return None if none waits.

    With `finish` (an outcome), the ticket at the counter, if any, is completed with it first,
    in the same transaction: the one-tap "done, next" of a busy counter.
    The routing policy (priority class, then most overdue against the charter target, then
    arrival; or a work profile's rules first) lives in `queueing.routing`.
    """
    now = now or timezone.now()
    if finish is not None:
        _require_outcome(finish)
    with _atomic():
        counter = _lock_counter(counter)
        _require_operator(counter, staff)
        if counter.state != Counter.State.OPEN:
            raise QueueError("counter_not_open")
        if finish is not None:
            active = _lock_active_ticket(counter)
            if active:
                _complete(active, counter, staff, finish, now)
        server = counter.staff or staff
        targets = _offered_targets(counter.centre_id)
        services = _eligible(set(targets), server, counter.centre.service_day(now))
        query = Ticket.objects.filter(
            centre_id=counter.centre_id, status=Status.WAITING, service_id__in=services
        )
        if finish is None:
            # A plain call refuses while a ticket is at the counter; the groups' read, after
            # the counter's lock (only its holders call a ticket to it), says so too.
            query = query.annotate(
                busy=Exists(
                    Ticket.objects.filter(
                        counter_id=counter.pk, status__in=Ticket.AT_COUNTER_STATUSES
                    )
                )
            )
        rows = (
            list(
                query.values(
                    "service_id", "priority_rank", "at_front", *(["busy"] if finish is None else [])
                ).annotate(
                    oldest=Min("queue_since"),
                    waiting=Count("id"),
                    phones=Count("id", filter=~Q(phone="")),
                )
            )
            if services
            else []
        )
        if finish is None and (rows[0]["busy"] if rows else _active_ticket(counter, lock=False)):
            raise QueueError("counter_busy")
        # Whether the SMS outbox has a "your turn is near" to look for (the called ticket's
        # queue is one of these; positions count within a queue).
        waiting_phones = any([row.pop("phones") for row in rows])  # every row loses its key
        groups = [CandidateGroup(**{k: v for k, v in row.items() if k != "busy"}) for row in rows]
        if not groups:
            return None
        profile = _profile_for(counter, server)
        for group in choose_groups(groups, targets=targets, profile=profile, now=now):
            called = _claim_oldest(group, counter, server, now, waiting_phones=waiting_phones)
            if called:
                return called
        return None


def _profile_for(counter: Counter, staff: Staff) -> WorkProfile | None:
    profile_id = counter.profile_id or staff.profile_id
    if profile_id is None:
        return None
    return WorkProfile.objects.prefetch_related("rules").get(pk=profile_id)


def _claim(
    ticket: Ticket,
    counter: Counter,
    staff: Staff,
    now: dt.datetime,
) -> Ticket | None:
    """Move a locked waiting ticket to the counter and return it as called.

    The conditional UPDATE is the last guard: it refuses (None) a ticket already taken.
    """
    claimed = Ticket.objects.filter(pk=ticket.pk, status=Status.WAITING).update(
        status=Status.CALLED,
        counter=counter,
        staff=staff,
        called_at=now,
        call_count=F("call_count") + 1,
        at_front=False,
    )
    if not claimed:
        return None
    TicketStep.objects.filter(pk=ticket.current_step_id).update(
        status=StepStatus.CALLED, called_at=now, counter=counter, staff=staff
    )
    # The row is locked and the UPDATE succeeded, so what it wrote is the row now: set it on
    # the instance rather than reading the ticket and its step again.
    ticket.status = Status.CALLED
    ticket.counter, ticket.staff, ticket.called_at = counter, staff, now
    ticket.call_count += 1
    ticket.at_front = False
    step = ticket.current_step
    step.status, step.called_at, step.counter, step.staff = StepStatus.CALLED, now, counter, staff
    _log(ticket, Kind.CALLED, at=now, counter=counter, staff=staff)
    return ticket


def _columns(model) -> str:
    return ", ".join(connection.ops.quote_name(f.column) for f in model._meta.concrete_fields)


def _claim_oldest(
    group: CandidateGroup,
    counter: Counter,
    staff: Staff,
    now: dt.datetime,
    *,
    waiting_phones: bool | None = None,
) -> Ticket | None:
    """Pick the oldest waiting ticket of `group` and call it to the counter, in one statement,
    then move its current step; None when the group has no ticket left to take.

    PostgreSQL: the sub-select locks the row it picks and skips rows other counters hold
    (`FOR UPDATE SKIP LOCKED`); a row another transaction changed before we locked it is
    checked again and skipped if no longer waiting. The outer `status` condition is the last
    guard. SQLite serialises writers, so there the plain UPDATE is already exclusive. Either
    way each ticket is called exactly once. Django's ORM has no UPDATE … RETURNING, hence the
    raw SQL (the rows come back through `raw()`, so every field is converted as on a read).
    """
    ticket_table = connection.ops.quote_name(Ticket._meta.db_table)
    step_table = connection.ops.quote_name(TicketStep._meta.db_table)
    skip_locked = (
        " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    )
    called_at = connection.ops.adapt_datetimefield_value(now)
    tickets = Ticket.objects.raw(
        f"UPDATE {ticket_table} SET status = %s, counter_id = %s, staff_id = %s, called_at = %s,"
        " call_count = call_count + 1, at_front = %s"
        f" WHERE id = (SELECT id FROM {ticket_table}"
        " WHERE centre_id = %s AND status = %s AND service_id = %s AND priority_rank = %s"
        f" AND at_front = %s ORDER BY queue_since, id LIMIT 1{skip_locked})"
        f" AND status = %s RETURNING {_columns(Ticket)}",
        [
            Status.CALLED,
            counter.pk,
            staff.pk,
            called_at,
            False,
            counter.centre_id,
            Status.WAITING,
            group.service_id,
            group.priority_rank,
            group.at_front,
            Status.WAITING,
        ],
    )
    ticket = next(iter(tickets), None)
    if ticket is None:
        return None
    steps = TicketStep.objects.raw(
        f"UPDATE {step_table} SET status = %s, called_at = %s, counter_id = %s, staff_id = %s"
        f" WHERE id = %s RETURNING {_columns(TicketStep)}",
        [StepStatus.CALLED, called_at, counter.pk, staff.pk, ticket.current_step_id],
    )
    (ticket.current_step,) = steps
    # The instances the caller answers with: the ones it already holds.
    ticket.counter, ticket.staff = counter, staff
    ticket.current_step.counter, ticket.current_step.staff = counter, staff
    _log(ticket, Kind.CALLED, at=now, counter=counter, staff=staff, waiting_phones=waiting_phones)
    return ticket


def ticket_call_specific(
    *, counter: Counter, staff: Staff, ticket: Ticket, now: dt.datetime | None = None
) -> Ticket:
    """A supervisor (or the counter's employee) calls one chosen waiting ticket to a counter."""
    now = now or timezone.now()
    with _atomic():
        counter = _lock_counter(counter)
        _require_operator(counter, staff)
        if counter.state != Counter.State.OPEN or counter.staff is None:
            raise QueueError("counter_not_open")
        if _active_ticket(counter, lock=False):
            raise QueueError("counter_busy")
        ticket = _lock_ticket(ticket, counter.centre_id)
        if ticket.status != Status.WAITING:
            raise QueueError("invalid_transition")
        if not counter.staff.is_certified_for(ticket.service_id, counter.centre.service_day(now)):
            raise QueueError("not_certified")
        called = _claim(ticket, counter, counter.staff, now)
        if called is None:
            raise QueueError("invalid_transition")
    return called


def _lock_ticket(ticket: Ticket, centre_id: int) -> Ticket:
    locked = (
        _lock_timeout_first(Ticket.objects.select_for_update(of=("self",)))
        .select_related("current_step")
        .filter(pk=ticket.pk, centre_id=centre_id)
        .first()
    )
    if locked is None:
        raise QueueError("ticket_unknown")
    return locked


# --- At the counter --------------------------------------------------------------------------


def _at_counter(counter: Counter, staff: Staff, allowed: tuple[str, ...]) -> tuple[Counter, Ticket]:
    counter = _lock_counter(counter)
    _require_operator(counter, staff)
    ticket = _lock_active_ticket(counter)
    if ticket is None:
        raise QueueError("counter_idle")
    if ticket.status not in allowed:
        raise QueueError("invalid_transition")
    return counter, ticket


def ticket_recall(*, counter: Counter, staff: Staff, now: dt.datetime | None = None) -> Ticket:
    """Announce the called ticket again."""
    now = now or timezone.now()
    with _atomic():
        counter, ticket = _at_counter(counter, staff, (Status.CALLED,))
        Ticket.objects.filter(pk=ticket.pk).update(
            recall_count=F("recall_count") + 1, call_count=F("call_count") + 1
        )
        ticket.refresh_from_db()
        _log(
            ticket, Kind.RECALLED, at=now, counter=counter, staff=staff, recall=ticket.recall_count
        )
    return ticket


def ticket_start(*, counter: Counter, staff: Staff, now: dt.datetime | None = None) -> Ticket:
    """The citizen has arrived at the counter; service begins."""
    now = now or timezone.now()
    with _atomic():
        counter = _lock_counter(counter)
        _require_operator(counter, staff)
        ticket = _start_called(counter, now)
        if ticket is None:  # nothing changed: say why
            busy = _active_ticket(counter, lock=False)
            raise QueueError("invalid_transition" if busy else "counter_idle")
        _log(ticket, Kind.STARTED, at=now, counter=counter, staff=staff)
    return ticket


def _start_called(counter: Counter, now: dt.datetime) -> Ticket | None:
    """Start the ticket called to the locked counter, if there is one: the ticket's
    conditional UPDATE … RETURNING finds, locks (counter, then ticket) and changes it in one
    statement, then its current step's. A ticket a cancel ended meanwhile is checked again
    under the lock and left alone (None)."""
    ticket_table = connection.ops.quote_name(Ticket._meta.db_table)
    step_table = connection.ops.quote_name(TicketStep._meta.db_table)
    ticket = next(
        iter(
            Ticket.objects.raw(
                f"UPDATE {ticket_table} SET status = %s WHERE counter_id = %s AND status = %s"
                f" RETURNING {_columns(Ticket)}",
                [Status.SERVING, counter.pk, Status.CALLED],
            )
        ),
        None,
    )
    if ticket is None:
        return None
    (ticket.current_step,) = TicketStep.objects.raw(
        f"UPDATE {step_table} SET status = %s, started_at = %s WHERE id = %s"
        f" RETURNING {_columns(TicketStep)}",
        [
            StepStatus.SERVING,
            connection.ops.adapt_datetimefield_value(now),
            ticket.current_step_id,
        ],
    )
    ticket.counter = counter
    return ticket


def _start(ticket: Ticket, counter: Counter, staff: Staff, now: dt.datetime) -> None:
    ticket.status = Status.SERVING
    ticket.save(update_fields=["status"])
    step = ticket.current_step
    step.status = StepStatus.SERVING
    step.started_at = now
    step.save(update_fields=["status", "started_at"])
    _log(ticket, Kind.STARTED, at=now, counter=counter, staff=staff)


def ticket_complete(
    *,
    counter: Counter,
    staff: Staff,
    outcome: str = TicketStep.Outcome.COMPLETED,
    now: dt.datetime | None = None,
) -> Ticket:
    """Finish the current service step with its outcome.

    A bundle's next step re-enters the queue keeping the visit's original arrival time;
    otherwise the visit is done. Completing a called ticket starts it first, so a forgotten
    "start" costs nothing — but such a step has no real service time, so it is left out of
    the mean the wait estimates use.
    """
    now = now or timezone.now()
    _require_outcome(outcome)
    with _atomic():
        counter, ticket = _at_counter(counter, staff, Ticket.AT_COUNTER_STATUSES)
        _complete(ticket, counter, staff, outcome, now)
    return ticket


def _require_outcome(outcome: str) -> None:
    if outcome not in TicketStep.Outcome.values:
        raise QueueError("outcome_unknown")


def _complete(ticket: Ticket, counter: Counter, staff: Staff, outcome: str, now: dt.datetime):
    """Finish the locked ticket's current step at the counter (see `ticket_complete`)."""
    timed = ticket.status == Status.SERVING
    if not timed:
        _start(ticket, counter, staff, now)
    step = ticket.current_step
    step.status = StepStatus.DONE
    step.outcome = outcome
    step.ended_at = now
    step.save(update_fields=["status", "outcome", "ended_at"])
    _log(ticket, Kind.COMPLETED, at=now, counter=counter, staff=staff, outcome=outcome)
    if timed:
        seconds = (now - step.started_at).total_seconds()
        _record_service_time(ticket.centre_id, step.service_id, seconds)
    following = next((s for s in _steps_of(ticket) if s.status == StepStatus.PENDING), None)
    if following:
        _requeue(ticket, following, now, queue_since=ticket.issued_at, at_front=False)
    else:
        _finish(ticket, Status.DONE, now, pending=False)
        _log(ticket, Kind.DONE, at=now, counter=counter, staff=staff)


def _forget_steps(ticket: Ticket) -> None:
    """Drop the steps kept on the ticket after writing steps other than its kept instances."""
    getattr(ticket, "_prefetched_objects_cache", {}).pop("steps", None)


def _steps_of(ticket: Ticket) -> list[TicketStep]:
    """The ticket's steps in order, read once and kept on it (`ticket.steps.all()`), with its
    current step as the very instance the engine changes: the API answers with them."""
    prefetch_related_objects([ticket], "steps")
    steps = ticket.steps.all()
    current = ticket.current_step
    steps._result_cache = [current if s.pk == current.pk else s for s in steps]
    return steps._result_cache


def _record_service_time(centre_id: int, service_id: int, seconds: float) -> None:
    """Fold one service time into the exponentially weighted mean, in one upsert.

    Two counters finishing the first ticket of a service at once would both insert with a
    read-then-write; the upsert lets the second one update the row instead. The row is
    shared by every counter of the centre serving the service and stays locked until commit,
    so the upsert runs last in the engine's transaction (`_late_writes`): a "done, next"
    then no longer holds it while it picks and calls the next ticket.
    """
    at = timezone.now()
    if not _late_writes.add(lambda: _upsert_service_time(centre_id, service_id, seconds, at)):
        _upsert_service_time(centre_id, service_id, seconds, at)


def _upsert_service_time(centre_id: int, service_id: int, seconds: float, at) -> None:
    ServiceTimeStat.changed(centre_id)
    alpha = settings.NAFITHA_SERVICE_TIME_ALPHA
    table = connection.ops.quote_name(ServiceTimeStat._meta.db_table)
    _lock_timeout_now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (centre_id, service_id, mean_seconds, samples, updated_at)"
            " VALUES (%s, %s, %s, 1, %s)"
            " ON CONFLICT (centre_id, service_id) DO UPDATE SET"
            f" mean_seconds = %s * excluded.mean_seconds + %s * {table}.mean_seconds,"
            f" samples = {table}.samples + 1, updated_at = excluded.updated_at",
            [
                centre_id,
                service_id,
                seconds,
                connection.ops.adapt_datetimefield_value(at),
                alpha,
                1 - alpha,
            ],
        )


def _requeue(
    ticket: Ticket, step: TicketStep, now: dt.datetime, *, queue_since: dt.datetime, at_front: bool
) -> None:
    """Put the visit back in a queue at `step`, away from any counter."""
    step.status = StepStatus.WAITING
    step.queued_at = now
    step.save(update_fields=["status", "queued_at"])
    ticket.status = Status.WAITING
    ticket.current_step = step
    ticket.service_id = step.service_id
    ticket.queue_since = queue_since
    ticket.at_front = at_front
    ticket.counter = None
    ticket.staff = None
    ticket.call_count = 0
    ticket.save(
        update_fields=[
            "status",
            "current_step",
            "service",
            "queue_since",
            "at_front",
            "counter",
            "staff",
            "call_count",
        ]
    )
    _log(ticket, Kind.QUEUED, at=now, step=step)


def _finish(ticket: Ticket, status: str, now: dt.datetime, *, pending: bool = True) -> None:
    """End the visit; steps never reached are cancelled (`pending=False`: there are none)."""
    if pending:
        ticket.steps.filter(status=StepStatus.PENDING).update(
            status=StepStatus.CANCELLED, ended_at=now
        )
        _forget_steps(ticket)
    ticket.status = status
    ticket.ended_at = now
    ticket.counter = None
    ticket.save(update_fields=["status", "ended_at", "counter"])


def ticket_no_show(
    *, counter: Counter, staff: Staff, requeue: bool = False, now: dt.datetime | None = None
) -> Ticket:
    """The called citizen did not come. Allowed after the configured number of calls."""
    now = now or timezone.now()
    with _atomic():
        counter, ticket = _at_counter(counter, staff, (Status.CALLED,))
        if ticket.call_count < settings.NAFITHA_NO_SHOW_AFTER_CALLS:
            raise QueueError("no_show_too_early", calls=ticket.call_count)
        step = ticket.current_step
        if requeue:
            _log(ticket, Kind.REQUEUED, at=now, counter=counter, staff=staff)
            _requeue(ticket, step, now, queue_since=now, at_front=False)
        else:
            step.status = StepStatus.NO_SHOW
            step.ended_at = now
            step.save(update_fields=["status", "ended_at"])
            _finish(ticket, Status.NO_SHOW, now)
            _log(ticket, Kind.NO_SHOW, at=now, counter=counter, staff=staff)
    return ticket


class Placement:
    FRONT = "front"
    END = "end"
    AGE = "age"
    ALL = (FRONT, END, AGE)


def ticket_transfer(
    *,
    counter: Counter,
    staff: Staff,
    service_code: str,
    placement: str = Placement.AGE,
    now: dt.datetime | None = None,
) -> Ticket:
    """Send the ticket at the counter to another service's queue, at the front, the end, or by age."""
    now = now or timezone.now()
    if placement not in Placement.ALL:
        raise QueueError("placement_unknown")
    with _atomic():
        counter, ticket = _at_counter(counter, staff, Ticket.AT_COUNTER_STATUSES)
        _transfer(ticket, service_code, placement, now, counter=counter, staff=staff)
    return ticket


def ticket_move(
    *,
    ticket: Ticket,
    staff: Staff,
    service_code: str,
    placement: str = Placement.AGE,
    now: dt.datetime | None = None,
) -> Ticket:
    """A supervisor moves a waiting ticket to another service's queue (front, end or by age),
    e.g. when the citizen took the wrong ticket at the kiosk."""
    now = now or timezone.now()
    if placement not in Placement.ALL:
        raise QueueError("placement_unknown")
    if staff.centre_id != ticket.centre_id:
        raise QueueError("wrong_centre")
    if staff.role != Staff.Role.SUPERVISOR:
        raise QueueError("supervisors_only")
    with _atomic():
        ticket = _lock_ticket(ticket, ticket.centre_id)
        if ticket.status != Status.WAITING:
            raise QueueError("invalid_transition")
        _transfer(ticket, service_code, placement, now, counter=None, staff=staff)
    return ticket


def _transfer(
    ticket: Ticket,
    service_code: str,
    placement: str,
    now: dt.datetime,
    *,
    counter: Counter | None,
    staff: Staff,
) -> None:
    """End the current step as transferred and queue a new step for the target service."""
    target = _offered_service(ticket.centre, service_code)
    if target.pk == ticket.service_id:
        raise QueueError("same_service")
    step = ticket.current_step
    step.status = StepStatus.TRANSFERRED
    step.ended_at = now
    step.save(update_fields=["status", "ended_at"])
    new_step = TicketStep.objects.create(
        ticket=ticket, position=_next_position(ticket), service=target
    )
    _forget_steps(ticket)
    _log(
        ticket,
        Kind.TRANSFERRED,
        at=now,
        step=step,
        counter=counter,
        staff=staff,
        to_service=target.code,
        placement=placement,
    )
    queue_since = {Placement.END: now}.get(placement, ticket.issued_at)
    _requeue(ticket, new_step, now, queue_since=queue_since, at_front=placement == Placement.FRONT)


def _offered_service(centre: Centre, service_code: str) -> Service:
    (service,) = _requested_services([service_code], None)[0]
    _offers(centre, [service])
    return service


def _next_position(ticket: Ticket) -> int:
    return (ticket.steps.order_by("-position").values_list("position", flat=True).first() or 0) + 1


def ticket_add_service(
    *, counter: Counter, staff: Staff, service_code: str, now: dt.datetime | None = None
) -> Ticket:
    """Add another service to the visit at the counter; it is queued after the current steps."""
    now = now or timezone.now()
    with _atomic():
        counter, ticket = _at_counter(counter, staff, Ticket.AT_COUNTER_STATUSES)
        service = _offered_service(counter.centre, service_code)
        step = TicketStep.objects.create(
            ticket=ticket, position=_next_position(ticket), service=service
        )
        _forget_steps(ticket)
        _log(
            ticket,
            Kind.SERVICE_ADDED,
            at=now,
            step=ticket.current_step,
            counter=counter,
            staff=staff,
            added_service=service.code,
            added_step=step.pk,
        )
    return ticket


def ticket_return_to_queue(
    *, counter: Counter, staff: Staff, now: dt.datetime | None = None
) -> Ticket:
    """Release the ticket back to its queue, keeping its place by arrival."""
    now = now or timezone.now()
    with _atomic():
        counter, ticket = _at_counter(counter, staff, Ticket.AT_COUNTER_STATUSES)
        _log(ticket, Kind.RETURNED, at=now, counter=counter, staff=staff)
        step = ticket.current_step
        step.started_at = None
        step.save(update_fields=["started_at"])
        _requeue(ticket, step, now, queue_since=ticket.queue_since, at_front=False)
    return ticket


def ticket_cancel(
    *, ticket: Ticket, staff: Staff | None = None, reason: str = "", now: dt.datetime | None = None
) -> Ticket:
    """Cancel a ticket that is waiting or called (by the citizen, or by staff of its centre)."""
    return _end_before_service(
        ticket,
        staff,
        now,
        Status.CANCELLED,
        StepStatus.CANCELLED,
        Kind.CANCELLED,
        (Status.WAITING, Status.CALLED),
        reason=reason,
    )


def ticket_walk_out(
    *, ticket: Ticket, staff: Staff | None = None, now: dt.datetime | None = None
) -> Ticket:
    """The citizen left before being called (marked by staff or by the citizen)."""
    return _end_before_service(
        ticket,
        staff,
        now,
        Status.WALKED_OUT,
        StepStatus.WALKED_OUT,
        Kind.WALKED_OUT,
        (Status.WAITING,),
    )


def _end_before_service(ticket, staff, now, status, step_status, kind, allowed, **data) -> Ticket:
    now = now or timezone.now()
    if staff is not None and staff.centre_id != ticket.centre_id:
        raise QueueError("wrong_centre")
    with _atomic():
        if ticket.counter_id:
            _lock_counter(ticket.counter)
        ticket = _lock_ticket(ticket, ticket.centre_id)
        if ticket.status not in allowed:
            raise QueueError("invalid_transition")
        counter = ticket.counter
        step = ticket.current_step
        step.status = step_status
        step.ended_at = now
        step.save(update_fields=["status", "ended_at"])
        _finish(ticket, status, now)
        _log(ticket, kind, at=now, step=step, counter=counter, staff=staff, **data)
    return ticket
