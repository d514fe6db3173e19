"""Remote tickets ("join the queue from home"): a pending place is never called, never counted
as waiting and never ahead of a walk-in until checked in at the kiosk; then it joins the queue
from max(taken at, check-in − head start). One pending place per number, centre and day; the
remote channel's allowance applies when the place is given; places lapse."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from appointments import remote, remote_selectors, services
from appointments.errors import AppointmentError
from appointments.models import AppointmentPlan, PhoneVerification, RemoteTicket
from queueing import engine
from queueing.errors import QueueError
from queueing.models import ClientIssueCount, Ticket
from queueing.selectors import centre_service_loads, service_wait_range
from tests.appointments.conftest import NOW, PHONE, last_code
from tests.conftest import make_centre

pytestmark = pytest.mark.django_db

MIN = dt.timedelta(minutes=1)


@pytest.fixture
def remote_plan(plan):
    plan.remote_open = True
    plan.save()
    return plan


def take(centre, service, *, phone=PHONE, now=NOW, travel=15, client="203.0.113.7"):
    services.code_send(phone=phone, now=now)
    return remote.remote_create(
        centre=centre,
        service=service,
        phone=phone,
        code=last_code(phone),
        travel_minutes=travel,
        client=client,
        now=now,
    )


def test_a_pending_place_is_not_in_the_live_queue(
    centre, passport, remote_plan, open_counter, alice
):
    empty_hall = service_wait_range(centre=centre, service=passport, now=NOW)
    taken = take(centre, passport)
    assert taken.reference.startswith("R-") and taken.remote.status == "pending"
    assert not Ticket.objects.exists()
    assert centre_service_loads(centre, NOW)[passport.pk].waiting == 0
    assert service_wait_range(centre=centre, service=passport, now=NOW) == empty_hall
    assert engine.ticket_call_next(counter=open_counter, staff=alice, now=NOW + MIN) is None


def test_a_pending_place_never_blocks_a_walk_in(centre, passport, remote_plan, open_counter, alice):
    take(centre, passport)
    walk_in = engine.ticket_issue(centre=centre, service_codes=[passport.code], now=NOW + MIN)
    called = engine.ticket_call_next(counter=open_counter, staff=alice, now=NOW + 2 * MIN)
    assert called == walk_in.ticket


def test_check_in_joins_the_queue_from_the_place_taken(
    centre, passport, remote_plan, open_counter, alice
):
    taken = take(centre, passport)  # estimate "up to 5 min": a head start of 5 minutes
    assert taken.remote.head_start_minutes == 5
    walk_in = engine.ticket_issue(
        centre=centre, service_codes=[passport.code], now=NOW + 2 * MIN
    ).ticket
    result = remote.remote_check_in(reference=taken.reference, centre=centre, now=NOW + 4 * MIN)
    ticket = result.ticket
    assert result.created and ticket.channel == "remote" and ticket.status == "waiting"
    assert ticket.queue_since == NOW  # checked in within the head start: the place is kept
    place = RemoteTicket.objects.get()
    assert (place.status, place.ticket, place.checked_in_at) == (
        "checked_in",
        ticket,
        NOW + 4 * MIN,
    )
    called = engine.ticket_call_next(counter=open_counter, staff=alice, now=NOW + 5 * MIN)
    assert called == ticket and walk_in.status == "waiting"
    # A second scan gives the same ticket.
    again = remote.remote_check_in(reference=taken.reference, centre=centre, now=NOW + 5 * MIN)
    assert (again.created, again.ticket) == (False, ticket)
    assert Ticket.objects.count() == 2


def test_a_late_check_in_keeps_only_the_head_start(
    centre, passport, remote_plan, open_counter, alice
):
    taken = take(centre, passport)
    early = engine.ticket_issue(centre=centre, service_codes=[passport.code], now=NOW + 5 * MIN)
    later = engine.ticket_issue(centre=centre, service_codes=[passport.code], now=NOW + 17 * MIN)
    at = NOW + 20 * MIN
    ticket = remote.remote_check_in(reference=taken.reference, centre=centre, now=at).ticket
    assert ticket.queue_since == at - dt.timedelta(minutes=5)  # the head start taken at 09:00
    # Ahead of the walk-in who came 3 minutes before it; behind the one who came before that.
    order = [
        engine.ticket_call_next(
            counter=open_counter, staff=alice, finish="completed", now=at + n * MIN
        )
        for n in range(1, 4)
    ]
    assert order == [early.ticket, ticket, later.ticket]


def test_it_expires_after_the_estimated_call_time_and_is_refused_at_the_kiosk(
    centre, passport, remote_plan, open_counter, settings
):
    settings.NAFITHA_REMOTE_QUEUE = {"expire_minutes": 30, "max_head_start_minutes": 60}
    taken = take(centre, passport)
    assert taken.remote.expires_at == NOW + dt.timedelta(minutes=5 + 30)
    place = RemoteTicket.objects.get()
    assert remote_selectors.remote_status(place, NOW + 34 * MIN) == "pending"
    assert remote_selectors.remote_status(place, NOW + 35 * MIN) == "expired"  # lazily
    with pytest.raises(AppointmentError) as refused:
        remote.remote_check_in(reference=taken.reference, centre=centre, now=NOW + 36 * MIN)
    assert refused.value.code == "remote_expired"
    assert not Ticket.objects.exists()
    assert RemoteTicket.objects.get().status == "expired"


def test_the_command_expires_lapsed_places_only(centre, passport, remote_plan, open_counter):
    take(centre, passport, now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2))
    fresh = take(centre, passport, phone="+962790000001", now=dt.datetime.now(dt.UTC))
    call_command("expire_remote_tickets", stdout=io.StringIO())
    statuses = dict(RemoteTicket.objects.values_list("phone", "status"))
    assert statuses == {PHONE: "expired", fresh.remote.phone: "pending"}


def test_it_expires_at_the_end_of_the_opening_period(civil, passport):
    short = make_centre("irbid", hours=(dt.time(8), dt.time(9, 20)))
    short.offers.create(service=passport, letter="A")
    AppointmentPlan.objects.create(centre=short, service=passport, remote_open=True)
    taken = take(short, passport)  # no counter open: no estimate, 30 minutes… cut at 09:20
    assert taken.remote.estimate_minutes is None and taken.remote.head_start_minutes == 0
    assert taken.remote.expires_at == NOW + dt.timedelta(minutes=20)


def test_one_pending_place_per_number_centre_and_day(centre, passport, remote_plan):
    take(centre, passport)
    services.code_send(phone=PHONE, now=NOW + MIN)
    code = last_code()
    with pytest.raises(AppointmentError) as refused:
        remote.remote_create(centre=centre, service=passport, phone=PHONE, code=code, now=NOW + MIN)
    assert refused.value.code == "remote_pending_exists"
    assert RemoteTicket.objects.count() == 1
    assert PhoneVerification.objects.get().code_hash  # the code was not used up


def test_an_expired_place_frees_the_number(centre, passport, remote_plan):
    take(centre, passport)
    again = take(centre, passport, now=NOW + dt.timedelta(hours=1))
    assert again.remote.status == "pending"
    assert sorted(RemoteTicket.objects.values_list("status", flat=True)) == ["expired", "pending"]


@pytest.mark.parametrize(
    ("allowance", "cap", "code"),
    [
        ({"cap_share": 0.0}, 10, "remote_share_reached"),
        ({}, 0, "daily_cap_reached"),
        ({"per_client_day": 0}, None, "client_day_limit"),
    ],
)
def test_a_capacity_refusal_changes_nothing(
    centre, passport, remote_plan, settings, allowance, cap, code
):
    remote_rules = {**settings.NAFITHA_CHANNEL_ALLOWANCES["remote"], **allowance}
    settings.NAFITHA_CHANNEL_ALLOWANCES = {"remote": remote_rules}
    centre.offers.filter(service=passport).update(daily_cap=cap)
    with pytest.raises(QueueError) as refused:
        take(centre, passport)
    assert refused.value.code == code
    assert not RemoteTicket.objects.exists() and not Ticket.objects.exists()
    assert not ClientIssueCount.objects.exists()
    assert PhoneVerification.objects.get().code_hash  # the code is still valid


def test_pending_places_count_against_the_remote_share_of_the_cap(
    centre, passport, remote_plan, settings
):
    centre.offers.filter(service=passport).update(daily_cap=4)  # remote: half of it
    take(centre, passport, phone="+962790000001")
    take(centre, passport, phone="+962790000002")
    with pytest.raises(QueueError) as refused:
        take(centre, passport, phone="+962790000003")
    assert refused.value.code == "remote_share_reached"
    assert RemoteTicket.objects.count() == 2


def test_it_is_refused_where_remote_tickets_are_not_open(centre, passport, plan):
    services.code_send(phone=PHONE, now=NOW)
    with pytest.raises(AppointmentError) as refused:
        remote.remote_create(
            centre=centre, service=passport, phone=PHONE, code=last_code(), now=NOW
        )
    assert refused.value.code == "remote_closed"
    assert not RemoteTicket.objects.exists()


def test_another_centre_refuses_the_check_in(centre, passport, remote_plan, civil):
    taken = take(centre, passport)
    irbid = make_centre("irbid")
    with pytest.raises(AppointmentError) as refused:
        remote.remote_check_in(reference=taken.reference, centre=irbid, now=NOW + MIN)
    assert refused.value.code == "remote_other_centre"
    assert RemoteTicket.objects.get().status == "pending" and not Ticket.objects.exists()


def test_the_tracking_page_says_when_to_leave(client, centre, passport, remote_plan, open_counter):
    taken = take(centre, passport, now=dt.datetime.now(dt.UTC), travel=0)
    for _ in range(3):  # three waiting, one counter
        engine.ticket_issue(centre=centre, service_codes=[passport.code])
    low, high = service_wait_range(centre=centre, service=passport)
    assert low > 0
    page = client.get(f"/book/remote/{taken.remote.token}/?lang=en")
    assert page.status_code == 200
    assert f"Leave in about {low}–{high} min." in page.content.decode()
    RemoteTicket.objects.update(travel_minutes=30)
    page = client.get(f"/book/remote/{taken.remote.token}/?lang=ar")
    assert "٠–٥" in page.content.decode()
    RemoteTicket.objects.update(travel_minutes=40)
    assert (
        "Leave now." in client.get(f"/book/remote/{taken.remote.token}/?lang=en").content.decode()
    )
    assert client.get("/book/remote/nope/").status_code == 404
