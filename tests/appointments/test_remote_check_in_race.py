"""Two kiosks scanning the same remote ticket at the same moment: one live ticket, both
answered with it (PostgreSQL, real threads)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from appointments import remote, services
from appointments.models import AppointmentPlan, RemoteTicket
from queueing.models import Ticket
from tests.appointments.conftest import NOW, PHONE, last_code
from tests.conftest import make_centre, make_service

SCANS = 2


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scans", [SCANS, 6])
def test_concurrent_check_ins_give_one_ticket(postgres, civil, scans):
    centre = make_centre()
    service = make_service("passport-renewal", civil, standard=8)
    centre.offers.create(service=service, letter="A")
    AppointmentPlan.objects.create(centre=centre, service=service, remote_open=True)
    services.code_send(phone=PHONE, now=NOW)
    taken = remote.remote_create(
        centre=centre, service=service, phone=PHONE, code=last_code(), now=NOW
    )
    barrier = threading.Barrier(scans)
    outcomes = []

    def kiosk():
        try:
            barrier.wait()
            result = remote.remote_check_in(
                reference=taken.reference, centre=centre, now=NOW + dt.timedelta(minutes=1)
            )
            outcomes.append((result.ticket.pk, result.created))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=kiosk) for _ in range(scans)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Ticket.objects.count() == 1
    ticket = Ticket.objects.get()
    assert sorted(outcomes, key=lambda o: not o[1]) == [(ticket.pk, True)] + [
        (ticket.pk, False)
    ] * (scans - 1)
    assert RemoteTicket.objects.get().ticket == ticket


@pytest.mark.django_db(transaction=True)
def test_concurrent_check_ins_of_a_booking_give_one_ticket(postgres, civil):
    from appointments.models import Booking
    from appointments.selectors import reference_digest
    from queueing.models import PriorityClass

    # A transactional test before this one flushed the classes the migrations wrote.
    PriorityClass.objects.get_or_create(
        code="appointment", defaults={"name_ar": "موعد مسبق", "name_en": "Appointment", "rank": 1}
    )

    centre = make_centre()
    service = make_service("passport-renewal", civil, standard=8)
    centre.offers.create(service=service, letter="A")
    reference = "B-ABCDE-23456-FGHJK"
    Booking.objects.create(
        centre=centre,
        service=service,
        starts_at=NOW,
        ends_at=NOW + dt.timedelta(minutes=8),
        phone=PHONE,
        reference_digest=reference_digest(reference),
    )
    barrier = threading.Barrier(6)
    outcomes = []

    def kiosk():
        try:
            barrier.wait()
            result = services.booking_check_in(reference=reference, centre=centre, now=NOW)
            outcomes.append((result.ticket.pk, result.created))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=kiosk) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ticket = Ticket.objects.get()
    assert (
        sorted(outcomes, key=lambda o: not o[1]) == [(ticket.pk, True)] + [(ticket.pk, False)] * 5
    )
