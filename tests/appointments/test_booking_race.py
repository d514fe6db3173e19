"""Many citizens booking the last place of a slot at the same moment: one gets it, the
others a clear refusal; never two bookings on one place (PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connection, connections

from appointments import services
from appointments.errors import AppointmentError
from appointments.models import AppointmentPlan, Booking
from appointments.selectors import slots_for, visit_for
from tests.appointments.conftest import NOW, last_code
from tests.conftest import make_centre, make_service

CLIENTS = 12


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_one_place_is_booked_once(postgres, civil):
    centre = make_centre()
    service = make_service("passport-renewal", civil, standard=8)
    centre.offers.create(service=service, letter="A")
    AppointmentPlan.objects.create(centre=centre, service=service, counters=2, walk_in_percent=0)
    slot = slots_for(centre=centre, service=service, first=NOW.date(), days=2, now=NOW)[-1]
    phones = [f"+9627900000{n:02d}" for n in range(CLIENTS)]
    codes = {}
    for phone in phones:
        services.code_send(phone=phone, now=NOW)
        codes[phone] = last_code(phone)
    barrier = threading.Barrier(CLIENTS)
    outcomes = []

    def client(phone):
        try:
            barrier.wait()
            services.booking_create(
                centre=centre,
                service=service,
                starts_at=slot.starts_at,
                phone=phone,
                code=codes[phone],
                now=NOW,
            )
            outcomes.append("booked")
        except AppointmentError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(p,)) for p in phones]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked"] * 2 + ["slot_full"] * (CLIENTS - 2)
    seats = Booking.objects.filter(starts_at=slot.starts_at).values_list("seat", flat=True)
    assert sorted(seats) == [0, 1]


@pytest.mark.django_db(transaction=True)
def test_overlapping_visits_of_several_slots_never_share_the_last_place(postgres, civil):
    """Visits of two services cover two slots each; half the citizens start at one slot,
    half at the next, so every visit covers the middle slot, which has one place: one is
    booked. The seat's unique key sees only starts; the plan lock counts overlaps."""
    centre = make_centre()
    passport = make_service("passport-renewal", civil, standard=8)
    id_card = make_service("id-card", civil, standard=6)
    centre.offers.create(service=passport, letter="A")
    centre.offers.create(service=id_card, letter="C")
    AppointmentPlan.objects.create(centre=centre, service=passport, counters=1, walk_in_percent=0)
    visit = visit_for(centre=centre, service_codes=[passport.code, id_card.code])
    grid = slots_for(centre=centre, service=passport, first=NOW.date(), days=2, now=NOW)
    first, second = grid[-4], grid[-3]  # consecutive slots at the end of the second day
    phones = [f"+9627900001{n:02d}" for n in range(8)]
    codes = {}
    for phone in phones:
        services.code_send(phone=phone, now=NOW)
        codes[phone] = last_code(phone)
    barrier = threading.Barrier(len(phones))
    outcomes = []

    def client(phone, starts_at):
        try:
            barrier.wait()
            services.booking_create(
                centre=centre,
                visit=visit,
                starts_at=starts_at,
                phone=phone,
                code=codes[phone],
                now=NOW,
            )
            outcomes.append("booked")
        except AppointmentError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=client, args=(p, (first, second)[n % 2].starts_at))
        for n, p in enumerate(phones)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked"] + ["slot_full"] * (len(phones) - 1)
    assert Booking.objects.filter(status="booked").count() == 1
    left = slots_for(
        centre=centre, service=passport, first=NOW.date(), days=2, now=NOW, length=visit.length
    )
    assert not any(s.free for s in left if s.starts_at in (first.starts_at, second.starts_at))
