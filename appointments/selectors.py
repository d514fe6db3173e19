"""Reads of the booking channel: the slots a centre offers for a service, and bookings.

A slot lasts the service's standard time and starts from the opening hour of each opening
period of the day. Each slot has as many places as the plan's appointment counters, less the
walk-in share, spread evenly over the day: with one counter and 50 % for walk-ins every
other slot is offered; with three counters and 25 %, 2 or 3 places alternate so the day
gives 2.25 places a slot on average. Slots are computed, never stored.

A visit of several services (or a bundle) lasts their standard times together and covers
the consecutive slots of its first service's grid it overlaps: it may start where every
one of them has a free place, within one opening period. A slot's booked places are the
active bookings overlapping it, not only those starting in it.
"""

import bisect
import dataclasses
import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from appointments.calendar import is_booking_day, public_holidays
from appointments.errors import AppointmentError
from appointments.models import AppointmentPlan, Booking
from centre.models import Bundle, Centre, CentreService, Service
from nafitha import references
from queueing.errors import QueueError

MAX_VISIT_SERVICES = 5


@dataclasses.dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    booked: int = 0

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


def booking_plan(*, centre: Centre, service: Service) -> AppointmentPlan:
    """The active plan of an offered service, or `booking_closed`."""
    plan = AppointmentPlan.objects.filter(centre=centre, service=service, is_active=True).first()
    offered = CentreService.objects.filter(centre=centre, service=service, is_active=True)
    if plan is None or not centre.is_active or not service.is_active or not offered.exists():
        raise AppointmentError("booking_closed")
    return plan


@dataclasses.dataclass(frozen=True)
class Visit:
    """What one booking is for: its services in the order they are served (the first one's
    grid and plan give the slots), or a bundle's."""

    services: tuple[Service, ...]
    bundle: Bundle | None = None

    @property
    def length(self) -> dt.timedelta:
        return dt.timedelta(minutes=sum(s.standard_service_minutes for s in self.services))

    @property
    def codes(self) -> list[str]:
        return [s.code for s in self.services]


def visit_for(
    *, centre: Centre, service_codes: list[str] | None = None, bundle_code: str | None = None
) -> Visit:
    """The visit asked for: one to `MAX_VISIT_SERVICES` distinct services, or a bundle, all
    offered at `centre`, the first one bookable there. Refuses `visit_invalid`,
    `bundle_unknown` or `booking_closed`."""
    if bool(service_codes) == bool(bundle_code):
        raise AppointmentError("visit_invalid")
    bundle = None
    if bundle_code:
        bundle = Bundle.objects.filter(code=bundle_code, is_active=True).first()
        if bundle is None:
            raise QueueError("bundle_unknown")
        services = bundle.ordered_services()
    else:
        codes = list(service_codes)
        if len(codes) > MAX_VISIT_SERVICES or len(set(codes)) != len(codes):
            raise AppointmentError("visit_invalid")
        found = Service.objects.filter(code__in=codes, is_active=True).in_bulk(field_name="code")
        if len(found) != len(codes):
            raise AppointmentError("booking_closed")
        services = [found[code] for code in codes]
    if not services or len(services) > MAX_VISIT_SERVICES:
        raise AppointmentError("visit_invalid")
    offered = CentreService.objects.filter(
        centre=centre, is_active=True, service__in=[s.pk for s in services], service__is_active=True
    ).count()
    if offered != len(services):
        raise AppointmentError("booking_closed")
    booking_plan(centre=centre, service=services[0])
    return Visit(tuple(services), bundle)


def booking_visit(booking: Booking) -> Visit:
    return Visit(tuple(booking.visit_services()), booking.bundle)


def _places(index: int, plan: AppointmentPlan) -> int:
    """Places of the index-th slot of the day: the booked share of the counters, spread so
    that the first n slots together offer floor(n × counters × booked share)."""
    share = plan.counters * (100 - plan.walk_in_percent)
    return (index + 1) * share // 100 - index * share // 100


def day_slots(
    *, centre: Centre, service: Service, plan: AppointmentPlan, day: dt.date, holidays: set
) -> list[Slot]:
    """Every slot of one local day, booked or not, past or not."""
    if not is_booking_day(day, holidays):
        return []
    length = dt.timedelta(minutes=service.standard_service_minutes)
    periods = sorted(
        (h.opens, h.closes) for h in centre.opening_hours.all() if h.weekday == day.weekday()
    )
    slots, index = [], 0
    for opens, closes in periods:
        start = dt.datetime.combine(day, opens, tzinfo=centre.tz)
        end = dt.datetime.combine(day, closes, tzinfo=centre.tz)
        while start + length <= end:
            places = _places(index, plan)
            if places:
                slots.append(Slot(start, start + length, places))
            start += length
            index += 1
    return slots


def slots_for(
    *,
    centre: Centre,
    service: Service,
    first: dt.date,
    days: int = 1,
    now: dt.datetime | None = None,
    length: dt.timedelta | None = None,
) -> list[Slot]:
    """Bookable starts from local day `first` for `days` days, with their booked places:
    only starts at least the lead time from now and within the booking horizon. `length`
    (default: the service's standard time) is the visit's: a longer visit covers several
    consecutive slots of the day and is offered where each has a place (`free` is the
    fewest free places among them)."""
    now = now or timezone.now()
    plan = booking_plan(centre=centre, service=service)
    conf = settings.NAFITHA_BOOKING
    today = centre.service_day(now)
    last = min(first + dt.timedelta(days=days - 1), today + dt.timedelta(days=conf["horizon_days"]))
    first = max(first, today)
    if last < first:
        return []
    holidays = public_holidays(first, last)
    earliest = now + dt.timedelta(minutes=conf["lead_minutes"])
    grid = []
    day = first
    while day <= last:
        grid += day_slots(centre=centre, service=service, plan=plan, day=day, holidays=holidays)
        day += dt.timedelta(days=1)
    grid = [s for s in grid if s.ends_at > earliest]
    if not grid:
        return []
    booked = _booked_by_overlap(centre, service, grid)
    single = length is None or length == dt.timedelta(minutes=service.standard_service_minutes)
    if single:
        # The common case: one slot a visit. Only slots with bookings are copied (a month
        # of a busy service is ~10^4 slots).
        return [
            dataclasses.replace(s, booked=booked[i]) if booked[i] else s
            for i, s in enumerate(grid)
            if s.starts_at >= earliest
        ]
    slots = []
    for i, slot in enumerate(grid):
        if slot.starts_at < earliest:
            continue
        end = slot.starts_at + length
        free, j = slot.capacity - booked[i], i
        # Consecutive slots of one opening period (a break, a slot kept for walk-ins or the
        # day's end stops the visit).
        while grid[j].ends_at < end:
            if j + 1 == len(grid) or grid[j + 1].starts_at != grid[j].ends_at:
                free = None
                break
            j += 1
            free = min(free, grid[j].capacity - booked[j])
        if free is not None:
            slots.append(Slot(slot.starts_at, end, slot.capacity, slot.capacity - max(0, free)))
    return slots


def _booked_by_overlap(centre: Centre, service: Service, grid: list[Slot]) -> list[int]:
    """Active bookings of the service's grid overlapping each slot of `grid` (sorted)."""
    booked = [0] * len(grid)
    rows = Booking.objects.filter(
        centre=centre,
        service=service,
        status__in=Booking.ACTIVE,
        starts_at__lt=grid[-1].ends_at,
        ends_at__gt=grid[0].starts_at,
    ).values_list("starts_at", "ends_at")
    starts = [s.starts_at for s in grid]
    for starts_at, ends_at in rows:
        i = max(0, bisect.bisect_right(starts, starts_at) - 1)
        while i < len(grid) and grid[i].starts_at < ends_at:
            if grid[i].ends_at > starts_at:
                booked[i] += 1
            i += 1
    return booked


# --- No-shows ---------------------------------------------------------------------------------


def no_shows(*, now: dt.datetime):
    """Bookings nobody checked in by the end of their grace period: released ones
    (status no-show) and ones the release job has not reached yet (still *booked*)."""
    grace = dt.timedelta(minutes=settings.NAFITHA_BOOKING["grace_minutes"])
    return Booking.objects.filter(
        Q(status=Booking.Status.NO_SHOW)
        | Q(status=Booking.Status.BOOKED, starts_at__lt=now - grace)
    )


def no_show_block_until(*, phone: str, now: dt.datetime) -> dt.datetime | None:
    """Until when `phone` may not book: `no_show_limit` no-shows within `no_show_days` days
    of the latest one block it for `no_show_block_days` days after that one."""
    conf = settings.NAFITHA_BOOKING
    if conf["no_show_limit"] <= 0:
        return None
    block = dt.timedelta(days=conf["no_show_block_days"])
    window = dt.timedelta(days=conf["no_show_days"])
    missed = list(
        no_shows(now=now)
        .filter(phone=phone, starts_at__gt=now - block - window)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)[: conf["no_show_limit"]]
    )
    if len(missed) < conf["no_show_limit"] or missed[-1] <= missed[0] - window:
        return None
    until = missed[0] + block
    return until if until > now else None


# --- References ---------------------------------------------------------------------------

REFERENCE_LETTER = "B"  # then three groups of five letters: 30**15 ≈ 2**73


def reference_digest(text: str) -> str:
    """What look-ups compare: the digest of the compacted reference (typed or scanned, with
    or without dashes, in any case), so the database never sees the secret or a prefix."""
    return references.digest(references.compact(text))


def place_query(model, *, lock: bool = False):
    """Bookings or places from home with what their pages and check-in read. Locked, the
    ticket is not joined: after a concurrent check-in commits, the locked row is read again
    as updated but the joined ticket is not seen (it is newer than the statement's
    snapshot), so `.ticket` would read None; it is then loaded on access."""
    query = model.objects.select_related("centre", "service")
    return query.select_for_update(of=("self",)) if lock else query.select_related("ticket")


def place_by_reference(model, *, reference: str, lock: bool = False, unknown: str):
    """The booking or place from home a typed or scanned reference names, or `unknown`."""
    place = place_query(model, lock=lock).filter(reference_digest=reference_digest(reference))
    place = place.first()
    if place is None:
        raise AppointmentError(unknown)
    return place


def booking_by_reference(*, reference: str, lock: bool = False) -> Booking:
    return place_by_reference(Booking, reference=reference, lock=lock, unknown="booking_unknown")


# --- Staff views ------------------------------------------------------------------------------

DAY_STATES = ("booked", "checked_in", "no_show", "cancelled")


def bookings_per_hour(*, centre: Centre, day: dt.date, now: dt.datetime | None = None) -> dict:
    """A centre's bookings of one local day counted per starting hour and state, without
    names or numbers: booked (still to come), checked in (on time or late), no-show
    (released, or booked and past the grace period) and cancelled."""
    now = now or timezone.now()
    start, end = centre.day_window(day)
    grace = dt.timedelta(minutes=settings.NAFITHA_BOOKING["grace_minutes"])
    hours: dict[int, dict[str, int]] = {}
    rows = Booking.objects.filter(centre=centre, starts_at__gte=start, starts_at__lt=end)
    for starts_at, status in rows.values_list("starts_at", "status"):
        if status == Booking.Status.BOOKED and starts_at < now - grace:
            state = "no_show"
        elif status == Booking.Status.LATE:
            state = "checked_in"
        else:
            state = status
        hour = starts_at.astimezone(centre.tz).hour
        counts = hours.setdefault(hour, dict.fromkeys(DAY_STATES, 0))
        counts[state] += 1
    table = [{"hour": f"{hour:02d}:00", **hours[hour]} for hour in sorted(hours)]
    totals = {state: sum(row[state] for row in table) for state in DAY_STATES}
    return {"date": day, "hours": table, "totals": totals}


def plans_of(*, centre: Centre) -> list[dict]:
    """Every service the centre offers, with its appointment plan (or the defaults)."""
    plans = {p.service_id: p for p in AppointmentPlan.objects.filter(centre=centre)}
    offered = (
        CentreService.objects.filter(centre=centre, is_active=True, service__is_active=True)
        .select_related("service")
        .order_by("service__code")
    )
    rows = []
    for offer in offered:
        plan = plans.get(offer.service_id) or AppointmentPlan(counters=0, is_active=False)
        rows.append(
            {
                "service": offer.service,
                "counters": plan.counters,
                "walk_in_percent": plan.walk_in_percent,
                "is_active": plan.is_active,
            }
        )
    return rows
