"""Remote tickets and "which centre is quickest now": reads.

Both read the wait from `queueing.selectors.service_wait_range`, the one estimate citizens
are shown (the kiosk's range); nothing here estimates on its own.
"""

import dataclasses
import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from appointments.errors import AppointmentError
from appointments.models import AppointmentPlan, RemoteTicket
from appointments.selectors import place_by_reference, place_query
from centre.models import Centre, CentreService, Service
from nafitha import references
from nafitha.arabic import digits_for
from queueing.models import Ticket
from queueing.selectors import service_wait_range, ticket_position

REMOTE_LETTER = "R"
TRAVEL_MAX_MINUTES = 180


def travel_minutes_valid(minutes) -> bool:
    return isinstance(minutes, int) and 0 <= minutes <= TRAVEL_MAX_MINUTES


def remote_plan(*, centre: Centre, service: Service) -> AppointmentPlan:
    """The plan that opens remote tickets for an offered service at an open centre, or
    `remote_closed`."""
    plan = AppointmentPlan.objects.filter(centre=centre, service=service, remote_open=True).first()
    offered = CentreService.objects.filter(centre=centre, service=service, is_active=True)
    if plan is None or not centre.is_active or not service.is_active or not offered.exists():
        raise AppointmentError("remote_closed")
    return plan


def remote_plans():
    """Centre and service pairs open to remote tickets (whether the centre is open now is
    asked when a place is taken)."""
    return (
        AppointmentPlan.objects.filter(remote_open=True, centre__is_active=True)
        .select_related("centre", "service")
        .order_by("centre__code", "service__code")
    )


def is_remote_reference(reference: str) -> bool:
    """A typed or scanned reference of a remote ticket ("R-…"), not of a booking ("B-…")."""
    return references.compact(reference)[:1] == REMOTE_LETTER


def remote_by_reference(*, reference: str, lock: bool = False) -> RemoteTicket:
    return place_by_reference(
        RemoteTicket, reference=reference, lock=lock, unknown="remote_unknown"
    )


def remote_by_token(*, token: str, lock: bool = False) -> RemoteTicket | None:
    return place_query(RemoteTicket, lock=lock).filter(token=token).first()


def remote_status(remote: RemoteTicket, now: dt.datetime | None = None) -> str:
    """The place's status as of `now`: a pending place past its time reads as expired even
    before `manage.py expire_remote_tickets` marks it (lazy expiry)."""
    now = now or timezone.now()
    if remote.status == RemoteTicket.Status.PENDING and remote.expires_at <= now:
        return RemoteTicket.Status.EXPIRED
    return remote.status


@dataclasses.dataclass(frozen=True)
class LeaveIn:
    low: int  # minutes from now, at least 0
    high: int
    wait: tuple[int, int] = (0, 0)  # the estimated wait it comes from (minutes)

    @property
    def now(self) -> bool:
        return self.high == 0


def remote_leave_in(
    remote: RemoteTicket, now: dt.datetime | None = None, *, waits=None
) -> LeaveIn | None:
    """When to leave home: the service's estimated wait range now, less the travel time the
    citizen gave; None when there is no estimate (no certified counter open). Pass `waits`
    (`queueing.waits.CentreWaits`) to read a centre's hall once for many places."""
    wait = service_wait_range(centre=remote.centre, service=remote.service, now=now, waits=waits)
    if wait is None:
        return None
    low, high = wait
    travel = remote.travel_minutes
    return LeaveIn(max(0, low - travel), max(0, high - travel), wait)


def remote_leave_due(remote: RemoteTicket, leave: LeaveIn | None) -> bool:
    """Whether it is time to tell the citizen to leave: the estimated wait (its lower end)
    has fallen to the travel time plus `leave_margin_minutes`. Never without a travel time
    (0, the API's default when none is given) or without an estimate."""
    margin = settings.NAFITHA_REMOTE_QUEUE["leave_margin_minutes"]
    return remote.travel_minutes > 0 and leave is not None and leave.low <= margin


def remote_leave_candidates(*, now: dt.datetime):
    """Places still pending and valid, with a travel time, not yet told to leave."""
    return (
        RemoteTicket.objects.filter(
            status=RemoteTicket.Status.PENDING,
            expires_at__gt=now,
            travel_minutes__gt=0,
            leave_message__isnull=True,
        )
        .select_related("centre", "service")
        .order_by("centre_id", "pk")
    )


def track_state(place: RemoteTicket, lang: str, now: dt.datetime | None = None) -> dict:
    """What the "when to leave" page says about its place, in `lang`: the page renders it
    and its status endpoint (`api.RemoteStatus`) answers it, so a refresh by script says
    exactly what a reload would. `live` is whether it may still change (a pending place, or
    a ticket still waiting); no name, number or reference."""
    now = now or timezone.now()
    status = remote_status(place, now)
    state = {"status": status, "lead": "", "note": "", "queue": "", "number": "", "live": False}
    with translation.override(lang):
        if status == RemoteTicket.Status.PENDING:
            leave = remote_leave_in(place, now)
            if leave is None:
                lead = _(
                    "No estimate now: no counter for this service is open. "
                    "Please check again later."
                )
            elif leave.now:
                lead = _("Leave now.")
            else:
                lead = _("Leave in about %(leave_low)s–%(leave_high)s min.") % {
                    "leave_low": digits_for(str(leave.low), lang),
                    "leave_high": digits_for(str(leave.high), lang),
                }
            until = place.centre.clock(place.expires_at, lang)
            waiting = (
                Ticket.objects.filter(centre_id=place.centre_id, service_id=place.service_id)
                .waiting_counts()
                .get(place.service_id, 0)
            )
            state.update(
                lead=lead,
                note=_(
                    "Check in at the centre's kiosk with your reference before %(until)s; "
                    "only then do you join the queue."
                )
                % {"until": until},
                queue=ngettext(
                    "%(n)s person is waiting for this service now.",
                    "%(n)s people are waiting for this service now.",
                    waiting,
                )
                % {"n": digits_for(str(waiting), lang)},
                live=True,
            )
        elif status == RemoteTicket.Status.CHECKED_IN:
            state["lead"] = _("You are checked in.")
            ticket = place.ticket
            if ticket is not None:
                state["number"] = ticket.number_in(lang)
                ahead = ticket_position(ticket, now)
                if ahead is not None:
                    state["queue"] = ngettext(
                        "%(n)s person is ahead of you.", "%(n)s people are ahead of you.", ahead
                    ) % {"n": digits_for(str(ahead), lang)}
                    state["live"] = True
        elif status == RemoteTicket.Status.EXPIRED:
            state["lead"] = _(
                "This place in the queue has expired. Please take a ticket at the kiosk."
            )
        else:
            state["lead"] = _("This place in the queue was cancelled.")
    return state


# --- Which centre is quickest now ---------------------------------------------------------

QUICKEST_CACHE_SECONDS = 30


@dataclasses.dataclass(frozen=True)
class CentreWait:
    centre: str  # code
    name_ar: str
    name_en: str
    open_now: bool
    wait_low: int | None  # minutes; None: no estimate
    wait_high: int | None
    booking_open: bool
    remote_open: bool

    def name_in(self, language: str) -> str:
        return self.name_ar if language == "ar" else self.name_en


def quickest_service(code: str) -> Service:
    service = Service.objects.filter(code=code, is_active=True).first() if code else None
    if service is None:
        raise AppointmentError("quickest_service_unknown")
    return service


def quickest_centres(*, service: Service, now: dt.datetime | None = None) -> list[CentreWait]:
    """Every active centre offering `service`, with the current wait range, whether it is
    open and whether booking and remote tickets are open; quickest first (open centres with
    an estimate by range, then open ones without one, then closed ones). No personal data;
    kept `QUICKEST_CACHE_SECONDS` per service in the project's cache."""
    key = f"appointments:quickest:{service.pk}"
    if now is None:
        cached = cache.get(key)
        if cached is not None:
            return cached
    now = now or timezone.now()
    plans = {
        p.centre_id: p
        for p in AppointmentPlan.objects.filter(service=service).only(
            "centre_id", "is_active", "remote_open"
        )
    }
    offers = (
        CentreService.objects.filter(service=service, is_active=True, centre__is_active=True)
        .select_related("centre")
        .prefetch_related("centre__opening_hours")
        .order_by("centre__code")
    )
    rows = []
    for offer in offers:
        centre = offer.centre
        open_now = centre.closed_because(now) is None
        wait = service_wait_range(centre=centre, service=service, now=now) if open_now else None
        plan = plans.get(centre.pk)
        rows.append(
            CentreWait(
                centre=centre.code,
                name_ar=centre.name_in("ar"),
                name_en=centre.name_in("en"),
                open_now=open_now,
                wait_low=wait[0] if wait else None,
                wait_high=wait[1] if wait else None,
                booking_open=bool(plan and plan.is_active),
                remote_open=bool(plan and plan.remote_open and open_now),
            )
        )
    rows.sort(
        key=lambda r: (
            not r.open_now,
            r.wait_low is None,
            r.wait_high if r.wait_high is not None else 0,
            r.wait_low if r.wait_low is not None else 0,
            r.centre,
        )
    )
    cache.set(key, rows, QUICKEST_CACHE_SECONDS)
    return rows
