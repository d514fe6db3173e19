"""Check-in at a counter or reception: the centre's agents and supervisors type the reference
(a booking or a remote place) and get the ticket, with the kiosk's rules; audited in the same
transaction; everyone else is refused and refusals change nothing."""

import datetime as dt
import json

import pytest
from django.test import Client

from appointments import remote, services
from appointments.models import Booking, RemoteTicket
from appointments.selectors import slots_for
from counters.models import AuditLog
from queueing.models import Ticket
from staff.models import Staff
from tests.appointments.conftest import NOW, PHONE, last_code
from tests.conftest import make_centre, make_staff

pytestmark = pytest.mark.django_db

URL = "/api/v1/centres/{}/check-in/"


@pytest.fixture
def booked(centre, passport, plan):
    slot = slots_for(centre=centre, service=passport, first=dt.date(2026, 3, 9), now=NOW)[30]
    services.code_send(phone=PHONE, now=NOW)
    return services.booking_create(
        centre=centre,
        service=passport,
        starts_at=slot.starts_at,
        phone=PHONE,
        code=last_code(),
        language="en",
        now=NOW,
    )


def client_for(staff) -> Client:
    client = Client()
    if staff is not None:
        client.force_login(staff.user)
    return client


def post(staff, reference, centre_code="amman"):
    return client_for(staff).post(
        URL.format(centre_code),
        json.dumps({"reference": reference}),
        content_type="application/json",
    )


def at_start(booked, time_machine, minutes):
    time_machine.move_to(booked.booking.starts_at + dt.timedelta(minutes=minutes), tick=False)


def test_an_agent_checks_a_booking_in_on_time_and_it_is_audited(
    booked, alice, centre, time_machine
):
    at_start(booked, time_machine, -10)
    response = post(alice, booked.reference.lower().replace("-", " "))  # typed loosely
    assert response.status_code == 201, response.content
    body = response.json()
    ticket = Ticket.objects.get()
    assert (body["kind"], body["late"], body["created"]) == ("booking", False, True)
    assert body["number"] == ticket.number_in("ar")  # the employee's language (Arabic)
    assert body["ticket"]["id"] == ticket.pk
    assert ticket.channel == "appointment" and ticket.appointment_at == booked.booking.starts_at
    assert Booking.objects.get().status == "checked_in"
    entry = AuditLog.objects.get()
    assert (entry.action, entry.actor, entry.centre) == ("appointments.check_in", alice, centre)
    assert entry.target == f"ticket {ticket.number_in('en')}"
    assert entry.after == {"booking": booked.booking.pk, "ticket_id": ticket.pk, "late": False}


def test_late_is_a_reception_walk_in_and_a_second_try_answers_the_same_ticket(
    booked, sam, time_machine
):
    at_start(booked, time_machine, 11)
    first = post(sam, booked.reference)
    again = post(sam, booked.reference)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["late"] and not again.json()["created"]
    assert again.json()["number"] == first.json()["number"]
    ticket = Ticket.objects.get()
    assert ticket.channel == "reception" and ticket.appointment_at is None
    assert Booking.objects.get().status == "late"
    assert AuditLog.objects.count() == 1  # the repeat wrote nothing


def test_too_early_is_refused_with_the_time_and_changes_nothing(booked, alice, time_machine):
    alice.language = "en"
    alice.save()
    at_start(booked, time_machine, -31)
    response = post(alice, booked.reference)
    assert response.status_code == 409
    assert response.json()["code"] == "too_early"
    local = (booked.booking.starts_at - dt.timedelta(minutes=30)).astimezone(
        booked.booking.centre.tz
    )
    assert local.strftime("%H:%M") in response.json()["detail"]
    assert not Ticket.objects.exists() and not AuditLog.objects.exists()
    assert Booking.objects.get().status == "booked"


@pytest.mark.parametrize(
    "who", ["anonymous", "manager", "analyst", "other_centre_agent", "other_centre_supervisor"]
)
def test_only_the_centres_agents_and_supervisors_may(booked, centre, who, time_machine):
    at_start(booked, time_machine, 0)
    irbid = make_centre("irbid", name_en="Irbid", name_ar="إربد")
    staff = {
        "anonymous": None,
        "manager": make_staff("mona", centre, role=Staff.Role.MANAGER),
        "analyst": make_staff("ann", centre, role=Staff.Role.ANALYST),
        "other_centre_agent": make_staff("omar", irbid),
        "other_centre_supervisor": make_staff("olga", irbid, role=Staff.Role.SUPERVISOR),
    }[who]
    response = post(staff, booked.reference)
    assert response.status_code in (401, 403)
    assert not Ticket.objects.exists() and not AuditLog.objects.exists()
    assert Booking.objects.get().status == "booked"


def test_staff_of_another_centre_cannot_check_in_there_a_booking_of_this_one(booked, time_machine):
    """Through their own centre's route, the booking's centre is still the one that counts."""
    at_start(booked, time_machine, 0)
    irbid = make_centre("irbid", name_en="Irbid", name_ar="إربد")
    response = post(make_staff("omar", irbid), booked.reference, "irbid")
    assert response.status_code == 409 and response.json()["code"] == "booking_other_centre"
    assert not Ticket.objects.exists() and not AuditLog.objects.exists()


@pytest.mark.parametrize("reference", ["B-XXXX-XXXX", "", "R-AAAA-BBBB", "x" * 41])
def test_unknown_or_malformed_references_change_nothing(booked, alice, reference, time_machine):
    at_start(booked, time_machine, 0)
    response = post(alice, reference)
    assert 400 <= response.status_code < 500
    assert set(response.json()) >= {"code", "detail"}
    assert not Ticket.objects.exists() and not AuditLog.objects.exists()


def test_a_remote_place_is_checked_in_the_same_way(centre, passport, plan, alice, time_machine):
    plan.remote_open = True
    plan.save()
    services.code_send(phone=PHONE, now=NOW)
    taken = remote.remote_create(
        centre=centre,
        service=passport,
        phone=PHONE,
        code=last_code(),
        travel_minutes=0,
        client="203.0.113.7",
        now=NOW,
    )
    time_machine.move_to(NOW + dt.timedelta(minutes=5), tick=False)
    response = post(alice, taken.reference)
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "remote"
    ticket = Ticket.objects.get()
    assert ticket.channel == "remote"
    assert RemoteTicket.objects.get().status == "checked_in"
    entry = AuditLog.objects.get()
    assert entry.after["remote"] == taken.remote.pk


def test_the_audit_reads_as_a_sentence(booked, alice, centre, time_machine):
    at_start(booked, time_machine, 0)
    post(alice, booked.reference)
    sam = make_staff("sam2", centre, role=Staff.Role.SUPERVISOR)
    rows = client_for(sam).get(f"/api/v1/centres/{centre.code}/supervisor/audit/").json()
    text = json.dumps(rows, ensure_ascii=False)
    number = Ticket.objects.get().number_in("ar")
    assert number in text
