"""The day's bookings still to come hold their places of the daily cap: walk-ins are refused
when the places left are held, and a booked citizen's check-in is never refused for the cap
(queueing.CapHold, kept by appointments/caps.py in the same transaction as each change)."""

import datetime as dt

import pytest

from appointments import services
from appointments.models import Booking
from appointments.selectors import slots_for, visit_for
from queueing import engine
from queueing.errors import QueueError
from queueing.models import CapHold, Ticket
from tests.appointments.conftest import NOW, last_code

pytestmark = pytest.mark.django_db

PHONES = [f"+96279000000{i}" for i in range(1, 6)]


@pytest.fixture
def today(centre, passport, plan):
    centre.offers.filter(service=passport).update(daily_cap=3)
    slots = slots_for(centre=centre, service=passport, first=NOW.date(), now=NOW)
    return [s for s in slots if s.free and s.starts_at > NOW + dt.timedelta(hours=1)]


def book(centre, slot, phone, visit=None, service=None):
    services.code_send(phone=phone, now=NOW)
    return services.booking_create(
        centre=centre,
        service=service,
        visit=visit,
        starts_at=slot.starts_at,
        phone=phone,
        code=last_code(phone),
        now=NOW,
    )


def walk_in(centre, passport, now=NOW):
    return engine.ticket_issue(centre=centre, service_codes=[passport.code], now=now).ticket


def held(centre, service, day=None) -> int:
    row = CapHold.objects.filter(
        offer__centre=centre, offer__service=service, service_day=day or NOW.date()
    ).first()
    return row.held if row else 0


def test_walk_ins_leave_the_booked_places_and_both_check_ins_succeed(
    centre, passport, today, open_counter
):
    first = book(centre, today[0], PHONES[0], service=passport)
    second = book(centre, today[1], PHONES[1], service=passport)
    assert held(centre, passport) == 2
    walk_in(centre, passport)  # the third place of three
    with pytest.raises(QueueError) as refused:
        walk_in(centre, passport)
    assert refused.value.code == "daily_cap_reached"
    assert Ticket.objects.count() == 1
    assert held(centre, passport) == 2  # the refusal changed nothing
    for booked in (first, second):
        result = services.booking_check_in(
            reference=booked.reference,
            centre=centre,
            now=booked.booking.starts_at - dt.timedelta(minutes=5),
        )
        assert result.created and not result.late
    assert Ticket.objects.count() == 3 and held(centre, passport) == 0
    assert set(Booking.objects.values_list("status", flat=True)) == {"checked_in"}


def test_a_late_check_in_is_not_refused_either(centre, passport, today, open_counter):
    booked = book(centre, today[0], PHONES[0], service=passport)
    walk_in(centre, passport)
    walk_in(centre, passport)
    late = services.booking_check_in(
        reference=booked.reference,
        centre=centre,
        now=booked.booking.starts_at + dt.timedelta(minutes=15),
    )
    assert late.late and Ticket.objects.count() == 3


def test_cancel_and_no_show_give_the_held_places_back(centre, passport, today, open_counter):
    first = book(centre, today[0], PHONES[0], service=passport)
    book(centre, today[1], PHONES[1], service=passport)
    walk_in(centre, passport)
    services.booking_cancel(reference=first.reference)
    assert held(centre, passport) == 1
    walk_in(centre, passport)  # the cancelled booking's place
    with pytest.raises(QueueError):
        walk_in(centre, passport)
    # The second booking's grace period ends: released as a no-show, its place is free.
    after_grace = today[1].starts_at + dt.timedelta(minutes=11)
    assert services.bookings_release(now=after_grace) == 1
    assert held(centre, passport) == 0
    walk_in(centre, passport, now=after_grace)
    assert Ticket.objects.count() == 3


def test_a_move_to_another_day_moves_the_held_place(centre, passport, today):
    booked = book(centre, today[0], PHONES[0], service=passport)
    tomorrow = slots_for(
        centre=centre, service=passport, first=NOW.date() + dt.timedelta(days=1), now=NOW
    )[0]
    services.booking_move(reference=booked.reference, starts_at=tomorrow.starts_at, now=NOW)
    assert held(centre, passport) == 0
    assert held(centre, passport, NOW.date() + dt.timedelta(days=1)) == 1


def test_a_visit_of_several_services_holds_a_place_of_each(
    centre, passport, id_card, licence, open_counter
):
    from appointments.models import AppointmentPlan

    AppointmentPlan.objects.create(centre=centre, service=passport, counters=1, walk_in_percent=0)
    centre.offers.filter(service=licence).update(daily_cap=1)
    visit = visit_for(centre=centre, service_codes=[passport.code, licence.code])
    slot = next(
        s
        for s in slots_for(
            centre=centre, service=passport, first=NOW.date(), now=NOW, length=visit.length
        )
        if s.starts_at > NOW + dt.timedelta(hours=1)
    )
    booked = book(centre, slot, PHONES[0], visit=visit)
    assert held(centre, licence) == 1 and held(centre, passport) == 1
    with pytest.raises(QueueError) as refused:
        walk_in(centre, licence)
    assert refused.value.code == "daily_cap_reached"
    ticket = services.booking_check_in(
        reference=booked.reference, centre=centre, now=slot.starts_at - dt.timedelta(minutes=5)
    ).ticket
    assert [s.service for s in ticket.steps.order_by("position")] == [passport, licence]
    assert held(centre, licence) == 0
