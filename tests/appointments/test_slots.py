"""Slots come from opening hours, in the centre's local time, less holidays, Fridays and the
walk-in share."""

import datetime as dt

import pytest

from appointments.errors import AppointmentError
from appointments.models import AppointmentPlan
from appointments.selectors import slots_for
from centre.models import OpeningHours, PublicHoliday
from tests.appointments.conftest import AMMAN, NOW, at

pytestmark = pytest.mark.django_db


def local(slot) -> dt.datetime:
    return slot.starts_at.astimezone(AMMAN)


def test_it_offers_every_other_slot_with_half_kept_for_walk_ins(centre, passport, plan):
    OpeningHours.objects.filter(centre=centre).update(opens=dt.time(8), closes=dt.time(15))
    slots = slots_for(centre=centre, service=passport, first=dt.date(2026, 3, 9), now=NOW)
    # 8-minute slots from 08:00 to 15:00: 52 of them, every other one offered.
    assert len(slots) == 26
    assert [local(s).strftime("%H:%M") for s in slots[:3]] == ["08:08", "08:24", "08:40"]
    assert local(slots[-1]).time() <= dt.time(14, 52)
    assert all(s.capacity == 1 and s.free == 1 for s in slots)


def test_it_spreads_a_fractional_share_over_the_day(centre, passport):
    AppointmentPlan.objects.create(centre=centre, service=passport, counters=3, walk_in_percent=25)
    OpeningHours.objects.filter(centre=centre).update(opens=dt.time(8), closes=dt.time(9, 4))
    slots = slots_for(centre=centre, service=passport, first=dt.date(2026, 3, 9), now=NOW)
    assert [s.capacity for s in slots] == [2, 2, 2, 3, 2, 2, 2, 3]  # 8 slots, 18 = 8 × 2.25 places


def test_it_cuts_days_at_local_midnight_in_amman(centre, passport, plan):
    # 22:50 UTC on 8 March is 01:50 on 9 March in Amman.
    now = dt.datetime(2026, 3, 8, 22, 50, tzinfo=dt.UTC)
    slots = slots_for(centre=centre, service=passport, first=dt.date(2026, 3, 8), days=3, now=now)
    days = {local(s).date() for s in slots}
    assert days == {dt.date(2026, 3, 9), dt.date(2026, 3, 10)}  # the 8th is over locally
    first = slots[0]
    assert local(first) >= now.astimezone(AMMAN) + dt.timedelta(minutes=30)  # lead time
    assert first.starts_at.astimezone(dt.UTC).date() == dt.date(2026, 3, 8)  # still the 8th in UTC
    # Each local day starts its slots again at midnight: the 10th's first offered slot is 00:08.
    tenth = [s for s in slots if local(s).date() == dt.date(2026, 3, 10)]
    assert local(tenth[0]).time() == dt.time(0, 8)
    assert local(tenth[-1]).date() == dt.date(2026, 3, 10)


def test_it_offers_nothing_on_a_public_holiday(centre, passport, plan):
    PublicHoliday.objects.create(
        date=dt.date(2026, 3, 10), name_ar="عطلة", name_en="Holiday", confirmed=True
    )
    slots = slots_for(centre=centre, service=passport, first=dt.date(2026, 3, 9), days=3, now=NOW)
    assert {local(s).date() for s in slots} == {dt.date(2026, 3, 9), dt.date(2026, 3, 11)}


def test_it_offers_nothing_on_a_friday_even_when_the_centre_opens(centre, passport, plan):
    assert centre.opening_hours.filter(weekday=4).exists()
    friday = dt.date(2026, 3, 13)
    assert slots_for(centre=centre, service=passport, first=friday, now=NOW) == []
    saturday = slots_for(centre=centre, service=passport, first=friday, days=2, now=NOW)
    assert {local(s).date() for s in saturday} == {dt.date(2026, 3, 14)}


def test_it_offers_nothing_on_a_closed_day(centre, passport, plan):
    OpeningHours.objects.filter(centre=centre, weekday=0).delete()  # Monday 9 March
    assert slots_for(centre=centre, service=passport, first=dt.date(2026, 3, 9), now=NOW) == []


def test_it_keeps_to_the_booking_horizon(centre, passport, plan, settings):
    settings.NAFITHA_BOOKING = {**settings.NAFITHA_BOOKING, "horizon_days": 2}
    slots = slots_for(centre=centre, service=passport, first=dt.date(2026, 3, 8), days=10, now=NOW)
    assert max(local(s).date() for s in slots) == dt.date(2026, 3, 10)


def test_it_refuses_a_service_without_a_plan(centre, passport, licence):
    with pytest.raises(AppointmentError) as refused:
        slots_for(centre=centre, service=licence, first=dt.date(2026, 3, 9), now=NOW)
    assert refused.value.code == "booking_closed"


def test_it_counts_booked_places(centre, passport, plan):
    from appointments.models import Booking

    slot = slots_for(centre=centre, service=passport, first=dt.date(2026, 3, 9), now=NOW)[0]
    Booking.objects.create(
        centre=centre,
        service=passport,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        phone="+962790000000",
        reference_digest="x",
    )
    again = slots_for(centre=centre, service=passport, first=dt.date(2026, 3, 9), now=NOW)[0]
    assert (again.booked, again.free) == (1, 0)
    assert at(9, 0, 8) == again.starts_at
