"""A visit of several services (or a bundle) booked as one: it covers the consecutive slots
of its first service's grid it overlaps, each of which loses a place; it is moved, cancelled
and reminded of with all its services, and checked in as one ticket for them all."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from appointments import reminders, services
from appointments.errors import AppointmentError
from appointments.models import AppointmentPlan, Booking, BookingItem, PhoneVerification
from appointments.selectors import Visit, slots_for, visit_for
from centre.models import OpeningHours
from kiosk.models import Notification
from queueing.models import Ticket
from tests.appointments.conftest import AMMAN, NOW, PHONE, at, last_code, make_booking

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 9)


@pytest.fixture
def every_slot(centre, passport, id_card, licence):
    """One appointment counter, nothing kept for walk-ins: one place in every 8-minute slot;
    Monday opens 08:00–10:00 and 11:00–12:00 (a break)."""
    OpeningHours.objects.filter(centre=centre, weekday=0).delete()
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(centre=centre, weekday=0, opens=dt.time(8), closes=dt.time(10)),
            OpeningHours(centre=centre, weekday=0, opens=dt.time(11), closes=dt.time(12)),
        ]
    )
    return AppointmentPlan.objects.create(
        centre=centre, service=passport, counters=1, walk_in_percent=0
    )


def hhmm(slots) -> list[str]:
    return [s.starts_at.astimezone(AMMAN).strftime("%H:%M") for s in slots]


def monday(centre, visit, *, free_only=True):
    slots = slots_for(
        centre=centre, service=visit.services[0], first=MONDAY, now=NOW, length=visit.length
    )
    return [s for s in slots if s.free] if free_only else slots


def book(centre, visit, starts_at, phone=PHONE, language="en"):
    services.code_send(phone=phone, language=language, now=NOW)
    return services.booking_create(
        centre=centre,
        visit=visit,
        starts_at=starts_at,
        phone=phone,
        code=last_code(phone),
        language=language,
        now=NOW,
    )


def test_a_long_visit_starts_only_where_its_slots_run_on_before_a_break_or_the_end(
    centre, passport, id_card, every_slot
):
    visit = visit_for(centre=centre, service_codes=[passport.code, id_card.code])
    assert visit.length == dt.timedelta(minutes=14)  # 8 + 6: two 8-minute slots
    starts = hhmm(monday(centre, visit))
    # 08:00–10:00 has 15 slots; a visit needing two cannot start in the last (09:52).
    assert starts[0] == "08:00" and "09:44" in starts and "09:52" not in starts
    # 11:00–12:00 has 7 whole slots (to 11:56); the last start is 11:40.
    assert starts[-1] == "11:40" and "11:48" not in starts
    assert len(starts) == 14 + 6
    first = monday(centre, visit)[0]
    assert first.ends_at - first.starts_at == dt.timedelta(minutes=14)


def test_every_slot_a_visit_overlaps_loses_a_place(centre, passport, id_card, every_slot):
    single = Visit((passport,))
    pair = visit_for(centre=centre, service_codes=[passport.code, id_card.code])
    make_booking(centre, passport, at(9, 8, 8))  # one slot: 08:08–08:16
    # The pair needs 08:00 and 08:08, or 08:08 and 08:16: neither is free any more.
    assert hhmm(monday(centre, pair))[:2] == ["08:16", "08:24"]
    booked = book(centre, pair, at(9, 8, 32))  # covers 08:32 and 08:40 (ends 08:46)
    assert booked.booking.ends_at == at(9, 8, 46)
    free_singles = hhmm(monday(centre, single))
    assert "08:32" not in free_singles and "08:40" not in free_singles
    assert "08:48" in free_singles
    with pytest.raises(AppointmentError) as full:
        book(centre, single, at(9, 8, 40), phone="+962790000001")
    assert full.value.code == "slot_full"
    assert Booking.objects.count() == 2


def test_a_visit_may_not_run_into_a_slot_kept_for_walk_ins(centre, passport, id_card, plan):
    # The conftest plan: one counter, half for walk-ins (every other slot): no two in a row.
    pair = visit_for(centre=centre, service_codes=[passport.code, id_card.code])
    assert monday(centre, pair) == []
    assert monday(centre, Visit((passport,)))


def test_a_visit_is_booked_reminded_moved_and_cancelled_with_all_its_services(
    centre, passport, id_card, licence, every_slot
):
    visit = visit_for(centre=centre, service_codes=[passport.code, id_card.code, licence.code])
    assert visit.length == dt.timedelta(minutes=19)  # three slots
    booked = book(centre, visit, at(9, 8, 56), language="ar")
    booking = booked.booking
    assert [i.service.code for i in BookingItem.objects.filter(booking=booking)] == visit.codes
    sms = Notification.objects.filter(kind="booking").latest("pk").text
    assert all(s.name_ar in sms for s in visit.services)
    # The reminder names them too.
    assert all(s.name_ar in reminders.reminder_text(booking, "day") for s in visit.services)
    moved = services.booking_move(reference=booked.reference, starts_at=at(9, 11, 0), now=NOW)
    assert (moved.starts_at, moved.ends_at) == (at(9, 11), at(9, 11, 19))
    assert "08:56" in hhmm(monday(centre, visit))  # the old slots are free again
    assert "11:00" not in hhmm(monday(centre, visit))
    cancelled = services.booking_cancel(reference=booked.reference)
    assert cancelled.status == Booking.Status.CANCELLED
    assert "11:00" in hhmm(monday(centre, visit))


def test_check_in_issues_one_ticket_with_all_the_services(
    centre, passport, id_card, every_slot, open_counter
):
    visit = visit_for(centre=centre, service_codes=[passport.code, id_card.code])
    booked = book(centre, visit, at(9, 8, 56))
    result = services.booking_check_in(reference=booked.reference, centre=centre, now=at(9, 8, 50))
    assert Ticket.objects.count() == 1
    ticket = result.ticket
    assert [s.service.code for s in ticket.steps.order_by("position")] == visit.codes
    assert ticket.channel == Ticket.Channel.APPOINTMENT and ticket.appointment_at == at(9, 8, 56)
    again = services.booking_check_in(reference=booked.reference, centre=centre, now=at(9, 8, 51))
    assert again.ticket == ticket and not again.created


def test_a_bundle_is_booked_and_checked_in_as_the_bundle(
    centre, passport, licence, bundle, every_slot, open_counter
):
    visit = visit_for(centre=centre, bundle_code=bundle.code)
    assert visit.codes == [passport.code, licence.code] and visit.bundle == bundle
    booked = book(centre, visit, at(9, 8, 56))
    assert booked.booking.bundle == bundle
    assert bundle.name_en in Notification.objects.filter(kind="booking").latest("pk").text
    ticket = services.booking_check_in(
        reference=booked.reference, centre=centre, now=at(9, 8, 50)
    ).ticket
    assert ticket.bundle == bundle and ticket.steps.count() == 2


# --- API -------------------------------------------------------------------------------------


def api_book(api, centre, body):
    api.post("/api/v1/appointments/codes/", {"phone": "0791234567"}, format="json")
    return api.post(
        "/api/v1/appointments/bookings/",
        {"centre": centre.code, "phone": "0791234567", "code": last_code(), **body},
        format="json",
    )


def test_the_api_books_a_list_of_services_or_a_bundle(
    centre, passport, id_card, licence, bundle, every_slot
):
    api = APIClient()
    slots = api.get(
        f"/api/v1/appointments/{centre.code}/slots/",
        {"services": f"{passport.code},{id_card.code}", "days": 3},
    )
    assert slots.status_code == 200, slots.json()
    first = slots.json()[0]
    length = dt.datetime.fromisoformat(first["ends_at"]) - dt.datetime.fromisoformat(
        first["starts_at"]
    )
    assert length == dt.timedelta(minutes=14)
    made = api_book(
        api,
        centre,
        {"services": [passport.code, id_card.code], "starts_at": first["starts_at"]},
    )
    assert made.status_code == 201, made.json()
    assert made.json()["services"] == [passport.code, id_card.code]
    assert made.json()["bundle"] is None
    later = api.get(
        f"/api/v1/appointments/{centre.code}/slots/", {"bundle": bundle.code, "days": 3}
    ).json()[-1]
    by_bundle = api_book(api, centre, {"bundle": bundle.code, "starts_at": later["starts_at"]})
    assert by_bundle.status_code == 201, by_bundle.json()
    assert by_bundle.json()["bundle"] == bundle.code
    assert by_bundle.json()["services"] == [passport.code, licence.code]


def test_the_api_refuses_a_bad_visit_and_changes_nothing(
    centre, passport, id_card, bundle, every_slot
):
    api = APIClient()
    api.post("/api/v1/appointments/codes/", {"phone": "0791234567"}, format="json")
    starts_at = at(9, 8, 56).isoformat()
    before = (
        list(Booking.objects.values()),
        list(PhoneVerification.objects.values()),
        Notification.objects.count(),
    )
    base = {"centre": centre.code, "phone": "0791234567", "starts_at": starts_at}
    cases = [
        ({"services": [passport.code, passport.code]}, 400, "visit_invalid"),
        ({"services": [passport.code], "bundle": bundle.code}, 400, "visit_invalid"),
        ({"service": passport.code, "services": [id_card.code]}, 400, "visit_invalid"),
        ({}, 400, "visit_invalid"),
        ({"services": [passport.code, "no-such-service"]}, 404, "booking_closed"),
        ({"services": [id_card.code, passport.code]}, 404, "booking_closed"),  # no plan
        ({"bundle": "no-such-bundle"}, 404, "bundle_unknown"),
        ({"services": "passport-renewal"}, 400, "invalid"),
    ]
    for body, status, code in cases:
        response = api.post(
            "/api/v1/appointments/bookings/",
            {**base, **body, "code": last_code(), "language": "ar"},
            format="json",
        )
        assert response.status_code == status, (body, response.json())
        assert response.json()["code"] == code, (body, response.json())
        assert response.json()["detail"]
    listed = api.get(
        f"/api/v1/appointments/{centre.code}/slots/",
        {"services": f"{passport.code},{passport.code}", "lang": "en"},
    )
    assert (listed.status_code, listed.json()["code"]) == (400, "visit_invalid")
    assert (
        list(Booking.objects.values()),
        list(PhoneVerification.objects.values()),
        Notification.objects.count(),
    ) == before


def test_the_kiosk_and_the_desk_check_a_visit_in_as_one_ticket(centre, passport, id_card, plan):
    from appointments.desk import desk_check_in
    from appointments.models import BookingItem
    from appointments.selectors import reference_digest
    from kiosk.models import KioskDevice
    from staff.models import Staff
    from tests.conftest import make_staff

    start = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    made = []
    for n, reference in enumerate(("B-ABCDE-23456-FGHJK", "B-BCDEF-34567-GHJKM")):
        booking = Booking.objects.create(
            centre=centre,
            service=passport,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=14),
            seat=n,
            phone=f"+96279000002{n}",
            language="en",
            reference_digest=reference_digest(reference),
        )
        BookingItem.objects.create(booking=booking, position=0, service=passport)
        BookingItem.objects.create(booking=booking, position=1, service=id_card)
        made.append((booking, reference))
    api = APIClient()
    device = KioskDevice(centre=centre, name="Hall")
    api.credentials(HTTP_AUTHORIZATION=f"Device {device.set_new_token()}")
    device.save()
    response = api.post(
        "/api/v1/appointments/check-in/",
        {"reference": made[0][1], "language": "en"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["service_name"] == f"{passport.name_en}, {id_card.name_en}"
    agent = make_staff("agent", centre, role=Staff.Role.AGENT)
    desk = desk_check_in(actor=agent, centre=centre, reference=made[1][1])
    assert desk.created and not desk.late
    assert Ticket.objects.count() == 2
    for booking, _reference in made:
        booking.refresh_from_db()
        steps = booking.ticket.steps.order_by("position").values_list("service", flat=True)
        assert list(steps) == [passport.pk, id_card.pk]


def test_the_page_offers_the_visit_and_refuses_a_bad_one(
    client, centre, passport, id_card, licence, bundle, every_slot
):
    page = client.get("/book/", {"lang": "en", "plan": every_slot.pk})
    assert page.status_code == 200
    offered = [s["code"] for group in page.context["extras"] for s in group["services"]]
    assert sorted(offered) == sorted([id_card.code, licence.code])
    assert [b["code"] for b in page.context["bundles"]] == [bundle.code]
    pair = client.get("/book/", {"lang": "en", "plan": every_slot.pk, "also": id_card.code})
    assert pair.context["visit_names"] == [passport.name_en, id_card.name_en]
    assert f"also={id_card.code}" in pair.context["visit_query"]
    assert b"Your visit: 2 services, about 14 minutes." in pair.content
    unknown = client.get("/book/", {"lang": "en", "plan": every_slot.pk, "bundle": "nope"})
    assert unknown.status_code == 400
    too_many = client.get(
        "/book/",
        {"lang": "en", "plan": every_slot.pk, "also": [passport.code]},
    )
    assert too_many.status_code == 400
    assert b"Choose one to five different services" in too_many.content
    assert Booking.objects.count() == 0
