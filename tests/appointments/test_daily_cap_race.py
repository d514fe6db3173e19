"""Citizens booking the last places of a capped day at once, each a different slot: the cap
holds (the capped offer row is locked before the day's bookings are counted), the others
get the engine's `daily_cap_reached` (PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connection, connections

from appointments import services
from appointments.models import AppointmentPlan, Booking
from appointments.selectors import slots_for
from nafitha.errors import Refusal
from tests.appointments.conftest import NOW, last_code
from tests.conftest import make_centre, make_service

CLIENTS = 8
CAP = 3


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_the_cap_holds_under_concurrent_bookings(postgres, civil):
    centre = make_centre()
    service = make_service("passport-renewal", civil, standard=8)
    centre.offers.create(service=service, letter="A", daily_cap=CAP)
    AppointmentPlan.objects.create(centre=centre, service=service, counters=2, walk_in_percent=0)
    day = NOW.date().replace(day=NOW.day + 1)
    slots = slots_for(centre=centre, service=service, first=day, days=1, now=NOW)
    phones = [f"+9627900000{n:02d}" for n in range(CLIENTS)]
    codes = {}
    for phone in phones:
        services.code_send(phone=phone, now=NOW)
        codes[phone] = last_code(phone)
    barrier = threading.Barrier(CLIENTS)
    outcomes = []

    def client(n, phone):
        try:
            barrier.wait()
            services.booking_create(
                centre=centre,
                service=service,
                starts_at=slots[n].starts_at,
                phone=phone,
                code=codes[phone],
                now=NOW,
            )
            outcomes.append("booked")
        except Refusal as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(n, p)) for n, p in enumerate(phones)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked"] * CAP + ["daily_cap_reached"] * (CLIENTS - CAP)
    assert Booking.objects.count() == CAP
