"""Writes of the booking channel: book, move, cancel and check in.

Every function is keyword-only and one short transaction. Everything done for one mobile
number takes that number's `PhoneVerification` row lock first (`verified.number_lock`; the
one-time codes, shared with places taken from home, live in `appointments/verified.py`), so
its limits (codes, visits per day and week, overlaps) are counted without races. The places
of a service's slots are counted under its plan's row lock (`_lock_plan`), because a visit
of several services covers several slots and no unique key can span them; one active
booking per seat stays as the database's backstop. A refusal raises `AppointmentError` and
changes nothing, except that a wrong code counts as an attempt.
"""

import dataclasses
import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from appointments.caps import booking_cap_claim, holds_sync
from appointments.errors import AppointmentError
from appointments.models import AppointmentPlan, Booking, BookingItem
from appointments.selectors import (
    REFERENCE_LETTER,
    Visit,
    booking_by_reference,
    booking_plan,
    booking_visit,
    reference_digest,
    slots_for,
)
from appointments.verified import (  # codes are shared with places taken from home
    code_check,
    code_use,
    confirmation_send,
    no_shows_check,
    number_lock,
    place_cancel,
)
from appointments.verified import code_send as code_send  # callers say services.code_send
from centre.models import Centre, CentreService, Service
from counters.services import audit_write
from nafitha import references
from nafitha.arabic import digits_for
from queueing import engine
from queueing.models import Ticket


def _conf(key: str) -> int:
    return settings.NAFITHA_BOOKING[key]


def _minutes(n: int) -> dt.timedelta:
    return dt.timedelta(minutes=n)


# --- Booking ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Booked:
    booking: Booking
    reference: str  # shown once to the citizen, and sent by SMS; never stored


def _new_reference() -> str:
    return references.new_reference(REFERENCE_LETTER)


def _lock_plan(centre: Centre, service: Service) -> None:
    """Serialise everything that takes places of `service`'s slots at `centre` (book, move):
    a visit covers one slot or several, so its places are counted, under this lock, by the
    bookings overlapping each slot. Taken after the number's row and before the offers'."""
    AppointmentPlan.objects.select_for_update().filter(centre=centre, service=service).first()


def _slot(centre: Centre, visit: Visit, starts_at: dt.datetime, now: dt.datetime):
    """The offered start of `visit` at `starts_at`, counted now (under the plan lock):
    `slot_unknown` if it is not offered, `slot_full` if a slot it covers has no place."""
    try:
        day = centre.service_day(starts_at)
    except OverflowError:  # a time at the end of the calendar
        raise AppointmentError("slot_unknown") from None
    service = visit.services[0]
    for slot in slots_for(centre=centre, service=service, first=day, now=now, length=visit.length):
        if slot.starts_at == starts_at:
            if not slot.free:
                raise AppointmentError("slot_full")
            return slot
    raise AppointmentError("slot_unknown")


def _check_number(phone: str, starts_at: dt.datetime, ends_at: dt.datetime, centre, exclude=None):
    """Per-number limits, counted under the number's row lock."""
    mine = Booking.objects.filter(phone=phone, status__in=Booking.ACTIVE)
    if exclude is not None:
        mine = mine.exclude(pk=exclude.pk)
    if mine.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).exists():
        raise AppointmentError("booking_overlaps")
    day = centre.service_day(starts_at)
    day_start = dt.datetime.combine(day, dt.time(0), tzinfo=centre.tz)
    if mine.filter(
        starts_at__gte=day_start, starts_at__lt=day_start + dt.timedelta(days=1)
    ).count() >= _conf("per_number_day"):
        raise AppointmentError("booking_day_limit")
    week_start = day_start - dt.timedelta(days=(day.weekday() - 5) % 7)  # Saturday
    if mine.filter(
        starts_at__gte=week_start, starts_at__lt=week_start + dt.timedelta(days=7)
    ).count() >= _conf("per_number_week"):
        raise AppointmentError("booking_week_limit")


def _take_seat(booking: Booking, capacity: int) -> None:
    """Save `booking` on the first free seat of its slot. The unique constraint on active
    seats is the last guard: a concurrent booking that took the seat makes ours try the next."""
    taken = set(
        Booking.objects.filter(
            centre=booking.centre,
            service=booking.service,
            starts_at=booking.starts_at,
            status__in=Booking.ACTIVE,
        )
        .exclude(pk=booking.pk)
        .values_list("seat", flat=True)
    )
    for seat in range(capacity):
        if seat in taken:
            continue
        booking.seat = seat
        try:
            with transaction.atomic():
                booking.save()
            return
        except IntegrityError:
            continue
    raise AppointmentError("slot_full")


def booking_create(
    *,
    centre: Centre,
    service: Service | None = None,
    visit: Visit | None = None,
    starts_at: dt.datetime,
    phone: str,
    code: str,
    language: str = "ar",
    now: dt.datetime | None = None,
) -> Booked:
    """Book a visit (one service, `service`, or several or a bundle, `visit`: see
    `selectors.visit_for`) with a number proved by its one-time code; the code is used up
    only if the booking is made. The confirmation (reference and link) goes through the SMS
    outbox."""
    now = now or timezone.now()
    visit = visit or Visit((service,))
    service = visit.services[0]
    booking_plan(centre=centre, service=service)
    no_shows_check(phone, now, centre.tz)
    code_check(phone=phone, code=code, now=now)
    with transaction.atomic():
        row = number_lock(phone)
        _lock_plan(centre, service)
        slot = _slot(centre, visit, starts_at, now)
        _check_number(phone, slot.starts_at, slot.ends_at, centre)
        reference = _new_reference()
        booking = Booking(
            centre=centre,
            service=service,
            bundle=visit.bundle,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            phone=phone,
            language=language,
            reference_digest=reference_digest(reference),
            created_at=now,
        )
        booking_cap_claim(booking=booking, services=visit.services)
        _take_seat(booking, slot.capacity)
        BookingItem.objects.bulk_create(
            BookingItem(booking=booking, position=i, service=s)
            for i, s in enumerate(visit.services)
        )
        holds_sync(centre=centre, services=visit.services, days=[_day(booking)])
        code_use(row, code, now)
        _confirm(booking, reference)
    return Booked(booking, reference)


def _day(booking: Booking) -> dt.date:
    return booking.centre.service_day(booking.starts_at)


def when_text(booking: Booking, language: str) -> str:
    """The booked local date and time as the citizen reads it."""
    local = booking.starts_at.astimezone(booking.centre.tz)
    with translation.override(language):
        text = formats.date_format(local, "l j F Y، H:i" if language == "ar" else "l j F Y, H:i")
    return digits_for(text, language)


def _confirm(booking: Booking, reference: str) -> None:
    lang = booking.language
    with translation.override(lang):
        text = _(
            "Nafitha: your visit to %(centre)s for %(service)s is booked for %(when)s. "
            "Reference: %(reference)s"
        ) % {
            "centre": booking.centre.name_in(lang),
            "service": booking.services_text(lang),
            "when": when_text(booking, lang),
            "reference": f"\u2066{reference}\u2069",
        }
    confirmation_send(phone=booking.phone, text=text)


def booking_move(*, reference: str, starts_at: dt.datetime, now: dt.datetime | None = None):
    """Move a booking not yet used to another free slot of the same centre and service."""
    now = now or timezone.now()
    phone = booking_by_reference(reference=reference).phone
    with transaction.atomic():
        number_lock(phone)
        booking = booking_by_reference(reference=reference, lock=True)
        if booking.status != Booking.Status.BOOKED:
            raise AppointmentError("booking_not_active")
        visit = booking_visit(booking)
        _lock_plan(booking.centre, booking.service)
        slot = _slot(booking.centre, visit, starts_at, now)
        _check_number(booking.phone, slot.starts_at, slot.ends_at, booking.centre, booking)
        old_day = _day(booking)
        booking.starts_at, booking.ends_at = slot.starts_at, slot.ends_at
        if _day(booking) != old_day:  # within its day it already holds its places
            booking_cap_claim(booking=booking, services=visit.services)
        _take_seat(booking, slot.capacity)
        holds_sync(centre=booking.centre, services=visit.services, days=[old_day, _day(booking)])
    return booking


def booking_cancel(*, reference: str) -> Booking:
    with transaction.atomic():
        booking = booking_by_reference(reference=reference, lock=True)
        place_cancel(booking, active=Booking.Status.BOOKED, refusal="booking_not_active")
        holds_sync(centre=booking.centre, services=booking.visit_services(), days=[_day(booking)])
    return booking


# --- Check-in ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CheckedIn:
    booking: Booking
    ticket: Ticket
    late: bool  # came after the grace period: a walk-in ticket
    created: bool  # False for a repeated check-in (a double scan)


def booking_check_in(
    *,
    reference: str,
    centre: Centre,
    now: dt.datetime | None = None,
    walk_in_channel: str = Ticket.Channel.KIOSK,
) -> CheckedIn:
    """Turn a booking into a ticket at its centre's kiosk.

    On time (from `early_minutes` before the start to `grace_minutes` after it) the ticket
    enters the queue at its booked time with the appointment priority class (docs/engine.md,
    "Appointments"); later, it is an ordinary walk-in ticket and the booking is marked late;
    earlier, the citizen is told when to come back. A second scan returns the same ticket.
    `walk_in_channel` is where a late citizen's walk-in ticket was taken (the kiosk, or
    reception when staff check the booking in, `appointments.desk`).
    """
    now = now or timezone.now()
    with transaction.atomic():
        booking = booking_by_reference(reference=reference, lock=True)
        if booking.centre_id != centre.pk:
            raise AppointmentError("booking_other_centre", centre=booking.centre.name)
        if booking.status in (Booking.Status.CHECKED_IN, Booking.Status.LATE) and booking.ticket:
            late = booking.status == Booking.Status.LATE
            return CheckedIn(booking, booking.ticket, late=late, created=False)
        if booking.status == Booking.Status.NO_SHOW and not _same_day(booking, now):
            raise AppointmentError("booking_not_active")
        if booking.status not in (Booking.Status.BOOKED, Booking.Status.NO_SHOW):
            raise AppointmentError("booking_not_active")
        opens = booking.starts_at - _minutes(_conf("early_minutes"))
        if now < opens:
            lang = translation.get_language() or "ar"
            raise AppointmentError("too_early", time=centre.clock(opens, lang[:2]))
        late = now > booking.starts_at + _minutes(_conf("grace_minutes"))
        on_time = {} if late else {"priority": "appointment", "appointment_at": booking.starts_at}
        visit = booking_visit(booking)
        # The places the booking held are given back first, in this transaction: its ticket
        # takes one of them, so the cap never refuses a booked citizen (appointments/caps.py).
        booking.status = Booking.Status.LATE if late else Booking.Status.CHECKED_IN
        booking.checked_in_at = now
        booking.save(update_fields=["status", "checked_in_at"])
        holds_sync(centre=centre, services=visit.services, days=[_day(booking)])
        # One ticket for the whole visit: its services in order, or its bundle.
        what = (
            {"bundle_code": visit.bundle.code} if visit.bundle else {"service_codes": visit.codes}
        )
        ticket = engine.ticket_issue(
            centre=centre,
            language=booking.language,
            channel=walk_in_channel if late else Ticket.Channel.APPOINTMENT,
            now=now,
            **what,
            **on_time,
        ).ticket
        booking.ticket = ticket
        booking.save(update_fields=["ticket"])
    return CheckedIn(booking, ticket, late=late, created=True)


def _same_day(booking: Booking, now: dt.datetime) -> bool:
    return booking.centre.service_day(now) == booking.centre.service_day(booking.starts_at)


# --- No-shows ----------------------------------------------------------------------------------


def bookings_release(*, now: dt.datetime | None = None) -> int:
    """Mark every booking not checked in by the end of its grace period a no-show (its place
    is no longer held); return how many. A conditional UPDATE: a check-in that committed
    first keeps its booking, and running it twice changes nothing more. A citizen who comes
    later the same day still gets a walk-in ticket (`booking_check_in`, marked late)."""
    now = now or timezone.now()
    grace = _minutes(_conf("grace_minutes"))
    due = Booking.objects.filter(status=Booking.Status.BOOKED, starts_at__lt=now - grace)
    with transaction.atomic():
        touched = list(
            due.select_related("centre", "service", "bundle").prefetch_related("items__service")
        )
        released = due.filter(pk__in=[b.pk for b in touched]).update(status=Booking.Status.NO_SHOW)
        # Their places of the daily caps are held no longer: recount each centre's days.
        touched_days: dict[int, tuple[Centre, set, set]] = {}
        for booking in touched:
            centre, services, days = touched_days.setdefault(
                booking.centre_id, (booking.centre, set(), set())
            )
            services.update(booking.visit_services())
            days.add(_day(booking))
        for centre, services, days in touched_days.values():
            holds_sync(centre=centre, services=services, days=days)
    return released


# --- Plans (the centre manager's form) ----------------------------------------------------------

PLAN_MAX_COUNTERS = 50


def plan_set(
    *,
    actor,
    centre: Centre,
    service: Service,
    counters: int,
    walk_in_percent: int,
    is_active: bool = True,
) -> AppointmentPlan:
    """Set how many counters a centre plans for one service's appointments and the share
    kept for walk-ins; audited in the same transaction. Bookings already made keep their
    place (a smaller plan only offers fewer new places)."""
    if not (0 <= counters <= PLAN_MAX_COUNTERS and 0 <= walk_in_percent <= 100):
        raise AppointmentError("plan_invalid")
    if not CentreService.objects.filter(centre=centre, service=service, is_active=True).exists():
        raise AppointmentError("plan_service_not_offered")
    with transaction.atomic():
        plan = (
            AppointmentPlan.objects.select_for_update()
            .filter(centre=centre, service=service)
            .first()
        )
        before = _plan_snapshot(plan)
        if plan is None:
            plan = AppointmentPlan(centre=centre, service=service)
        plan.counters = counters
        plan.walk_in_percent = walk_in_percent
        plan.is_active = is_active and counters > 0
        after = _plan_snapshot(plan)
        if after != before:
            plan.save()
            audit_write(
                actor=actor,
                centre=centre,
                action="appointments.plan",
                target=f"service {service.code}",
                before=before,
                after=after,
            )
    return plan


def _plan_snapshot(plan: AppointmentPlan | None) -> dict:
    if plan is None:
        return {}
    return {
        "counters": plan.counters,
        "walk_in_percent": plan.walk_in_percent,
        "is_active": plan.is_active,
    }
