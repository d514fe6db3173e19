"""Staff views of the booking channel: the day's bookings per hour (counts only) for the
centre's supervisors and managers, page and API; the plans form, the manager of that
centre only, audited; refusals change nothing."""

import pytest
from django.test import Client

from appointments.models import AppointmentPlan
from appointments.selectors import bookings_per_hour
from counters.models import AuditLog
from staff.models import Staff
from tests.appointments.conftest import NOW, PHONE, at, make_booking
from tests.conftest import make_centre, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def day_of_bookings(centre, passport):
    make_booking(centre, passport, at(8, 8, 0), status="checked_in")
    make_booking(centre, passport, at(8, 8, 16), phone="+962790000001", status="late")
    make_booking(centre, passport, at(8, 8, 32), phone="+962790000002")  # past grace
    make_booking(centre, passport, at(8, 8, 48), phone="+962790000003", status="no_show")
    make_booking(centre, passport, at(8, 10, 0), phone="+962790000004")
    make_booking(centre, passport, at(8, 10, 0), phone="+962790000005", status="cancelled")
    make_booking(centre, passport, at(9, 10, 0), phone="+962790000006")  # another day


def client_for(staff) -> Client:
    client = Client()
    client.force_login(staff.user)
    return client


def test_it_counts_the_days_bookings_per_hour_and_state(centre, day_of_bookings):
    day = bookings_per_hour(centre=centre, day=NOW.date(), now=NOW)
    assert day["hours"] == [
        {"hour": "08:00", "booked": 0, "checked_in": 2, "no_show": 2, "cancelled": 0},
        {"hour": "10:00", "booked": 1, "checked_in": 0, "no_show": 0, "cancelled": 1},
    ]
    assert day["totals"] == {"booked": 1, "checked_in": 2, "no_show": 2, "cancelled": 1}


def test_the_supervisor_sees_the_page_without_names_or_numbers(
    centre, sam, day_of_bookings, time_machine
):
    time_machine.move_to(NOW, tick=False)
    response = client_for(sam).get(f"/appointments/{centre.code}/?date=2026-03-08")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="bookings-table"' in html
    assert PHONE not in html and "0791234567" not in html
    assert 'data-testid="plans-table"' not in html  # plans are the manager's
    assert f'href="/appointments/{centre.code}/"' in html  # in the staff bar
    # Arabic first: the hours, the counts and the date in Arabic-Indic digits.
    assert "٠٨:٠٠" in html and "١٠:٠٠" in html and "٨ آذار ٢٠٢٦" in html


def test_the_api_answers_the_same_counts(centre, sam, day_of_bookings, time_machine):
    time_machine.move_to(NOW, tick=False)
    response = client_for(sam).get(f"/api/v1/appointments/{centre.code}/day/?date=2026-03-08")
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == "2026-03-08"
    assert body["totals"] == {"booked": 1, "checked_in": 2, "no_show": 2, "cancelled": 1}
    assert PHONE not in response.content.decode()


def test_agents_and_other_centres_are_refused(centre, alice, passport):
    other = make_centre("irbid")
    stranger = make_staff("zed", other, role=Staff.Role.SUPERVISOR)
    for staff in (alice, stranger):
        client = client_for(staff)
        assert client.get(f"/appointments/{centre.code}/").status_code == 403
        assert client.get(f"/api/v1/appointments/{centre.code}/day/").status_code == 403
    assert Client().get(f"/api/v1/appointments/{centre.code}/day/").status_code in (401, 403)


def test_the_manager_sets_a_plan_and_it_is_audited(centre, passport):
    manager = make_staff("mona", centre, role=Staff.Role.MANAGER)
    client = client_for(manager)
    page = client.get(f"/appointments/{centre.code}/").content.decode()
    assert 'data-testid="plan-passport-renewal"' in page
    response = client.post(
        f"/appointments/{centre.code}/plans/",
        {
            "service": "passport-renewal",
            "counters": "3",
            "walk_in_percent": "25",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    plan = AppointmentPlan.objects.get()
    assert (plan.centre, plan.service, plan.counters, plan.walk_in_percent, plan.is_active) == (
        centre,
        passport,
        3,
        25,
        True,
    )
    entry = AuditLog.objects.get()
    assert (entry.actor, entry.action, entry.target) == (
        manager,
        "appointments.plan",
        "service passport-renewal",
    )
    assert entry.before == {} and entry.after["counters"] == 3


def test_bad_plans_and_other_roles_change_nothing(centre, passport, plan, sam):
    manager = make_staff("mona", centre, role=Staff.Role.MANAGER)
    other_manager = make_staff("omar", make_centre("irbid"), role=Staff.Role.MANAGER)
    before = list(AppointmentPlan.objects.values())
    good = {"service": "passport-renewal", "counters": "2", "walk_in_percent": "10"}
    for staff, data in [
        (manager, {**good, "counters": "99"}),
        (manager, {**good, "walk_in_percent": "101"}),
        (manager, {**good, "counters": "two"}),
        (sam, good),
        (other_manager, good),
    ]:
        response = client_for(staff).post(f"/appointments/{centre.code}/plans/", data)
        assert response.status_code in (302, 400, 403)
    assert list(AppointmentPlan.objects.values()) == before
    assert not AuditLog.objects.exists()


def test_the_plan_change_reads_as_a_sentence_in_the_audit_list(centre, passport):
    from django.utils import translation

    from counters.selectors import audit_rows

    manager = make_staff("mona", centre, role=Staff.Role.MANAGER)
    client_for(manager).post(
        f"/appointments/{centre.code}/plans/",
        {
            "service": "passport-renewal",
            "counters": "2",
            "walk_in_percent": "50",
            "is_active": "on",
        },
    )
    with translation.override("en"):
        (row,) = audit_rows(centre, 10)
        assert "changed the appointment plan of \u2068Passport renewal\u2069" in row["text"]
    with translation.override("ar"):
        (row,) = audit_rows(centre, 10)
        assert "تجديد جواز السفر" in row["text"]
