"""An employee checking a booking in at the counter while the citizen scans it at the kiosk,
at the same moment: one ticket, both answered with it, one audit entry (PostgreSQL, real
threads)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from appointments import desk, services
from appointments.models import AppointmentPlan, Booking
from appointments.selectors import slots_for
from counters.models import AuditLog
from queueing.models import PriorityClass, Ticket
from tests.appointments.conftest import NOW, PHONE, last_code
from tests.conftest import make_centre, make_service, make_staff


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("desks", [1, 3])
def test_counter_and_kiosk_at_once_give_one_ticket(postgres, civil, desks):
    # A transactional test before this one flushed the classes the migrations wrote.
    PriorityClass.objects.get_or_create(
        code="appointment", defaults={"name_ar": "موعد مسبق", "name_en": "Appointment", "rank": 1}
    )
    centre = make_centre()
    service = make_service("passport-renewal", civil, standard=8)
    centre.offers.create(service=service, letter="A")
    AppointmentPlan.objects.create(centre=centre, service=service, counters=1)
    agent = make_staff("alice", centre)
    slot = slots_for(centre=centre, service=service, first=dt.date(2026, 3, 9), now=NOW)[10]
    services.code_send(phone=PHONE, now=NOW)
    booked = services.booking_create(
        centre=centre,
        service=service,
        starts_at=slot.starts_at,
        phone=PHONE,
        code=last_code(),
        now=NOW,
    )
    when = slot.starts_at - dt.timedelta(minutes=5)
    barrier = threading.Barrier(desks + 1)
    outcomes = []

    def run(check_in):
        try:
            barrier.wait()
            result = check_in()
            outcomes.append((check_in.__name__, result.ticket.pk, result.created))
        finally:
            connections.close_all()

    def at_kiosk():
        return services.booking_check_in(reference=booked.reference, centre=centre, now=when)

    def at_counter():
        return desk.desk_check_in(actor=agent, centre=centre, reference=booked.reference, now=when)

    threads = [threading.Thread(target=run, args=(at_kiosk,))]
    threads += [threading.Thread(target=run, args=(at_counter,)) for _ in range(desks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ticket = Ticket.objects.get()
    assert len(outcomes) == desks + 1
    assert {pk for _, pk, _ in outcomes} == {ticket.pk}
    makers = [who for who, _, created in outcomes if created]
    assert len(makers) == 1
    assert Booking.objects.get().ticket == ticket
    # One audit entry, only when the counter's check-in made the ticket.
    assert AuditLog.objects.count() == (1 if makers == ["at_counter"] else 0)
