import datetime as dt

import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.authtoken.models import Token

from centre.models import (
    Bundle,
    BundleItem,
    Centre,
    CentreService,
    Department,
    OpeningHours,
    Service,
)
from kiosk.models import KioskDevice
from queueing.models import Counter, Ticket, TicketStep
from scorecard.models import CentreDay
from staff.models import Certification, Staff
from tests.demo.conftest import seed

MODELS = [
    Department,
    Service,
    Bundle,
    BundleItem,
    Centre,
    CentreService,
    OpeningHours,
    Counter,
    Staff,
    Certification,
    Ticket,
    TicketStep,
    KioskDevice,
    get_user_model(),
]


def test_it_loads_the_registry(seeded):
    assert Department.objects.count() >= 8
    services = list(Service.objects.all())
    assert len(services) >= 30
    for service in services:
        assert service.required_documents and all(
            d["ar"] and d["en"] for d in service.required_documents
        )
        assert service.procedure_steps
        assert service.target_wait_minutes > 0 and service.standard_service_minutes > 0
    assert Bundle.objects.count() == 2
    assert all(
        bundle.letter and len(bundle.ordered_services()) >= 2 for bundle in Bundle.objects.all()
    )


def test_it_loads_two_centres_with_counters_and_staff(seeded):
    amman = Centre.objects.get(code="amman")
    assert amman.counters.count() == 12
    assert amman.offers.count() >= 30 and amman.offers.filter(daily_cap__isnull=False).exists()
    assert amman.is_open_at()
    roles = list(amman.staff.values_list("role", flat=True))
    assert roles.count("agent") >= 8 and "supervisor" in roles and "manager" in roles
    irbid = Centre.objects.get(code="irbid")
    assert irbid.counters.count() == 4 and irbid.staff.count() == 2
    assert irbid.offers.count() < amman.offers.count()
    assert Staff.objects.get(user__username="analyst", centre=None).role == "analyst"


def test_it_limits_agent7_and_agent8_to_a_few_services(seeded):
    for username in ("agent7", "agent8"):
        staff = Staff.objects.get(user__username=username)
        assert not staff.is_universal
        assert 0 < len(staff.certified_service_ids()) < 6
    assert Staff.objects.get(user__username="agent1").is_universal


def test_it_creates_log_ins_without_tokens(seeded, client):
    response = client.post("/staff/login/", {"username": "agent1", "password": "nafitha-demo"})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert get_user_model().objects.get(username="admin").is_superuser
    assert not Token.objects.exists()


def test_it_opens_counters_and_issues_waiting_tickets(seeded):
    amman = Centre.objects.get(code="amman")
    open_counters = amman.counters.filter(state=Counter.State.OPEN)
    assert sorted(open_counters.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    tickets = Ticket.objects.filter(centre=amman, service_day=amman.service_day())
    assert tickets.count() >= 8
    assert set(tickets.values_list("status", flat=True)) == {Ticket.Status.WAITING}
    assert tickets.filter(bundle__isnull=False).exists()
    assert tickets.filter(priority_rank__gt=0).exists()


def test_it_is_idempotent(seeded):
    counts = {model: model.objects.count() for model in MODELS}
    output = seed()
    assert {model: model.objects.count() for model in MODELS} == counts
    assert "already has tickets today" in output


def test_it_reuses_open_counters_on_the_next_day(seeded):
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        seed()
        amman = Centre.objects.get(code="amman")
        assert amman.counters.filter(state=Counter.State.OPEN).count() == 6
        assert Ticket.objects.filter(centre=amman, service_day=amman.service_day()).count() >= 8


def test_it_registers_a_kiosk_per_centre(seeded, client):
    response = client.get(
        "/api/v1/kiosk/device/", headers={"authorization": "Device demo-kiosk-amman"}
    )
    assert response.status_code == 200 and response.json()["centre"] == "amman"
    assert KioskDevice.objects.filter(centre__code="irbid", is_active=True).count() == 1


def test_it_aggregates_the_day_for_the_scorecard(seeded):
    amman = Centre.objects.get(code="amman")
    day = CentreDay.objects.get(centre=amman, day=amman.service_day())
    assert day.visits >= 8 and day.arrivals >= 8


def test_it_records_eight_weeks_for_the_planner(seeded):
    from planning.forecast import forecast_day
    from planning.staffing import plan_day

    amman = Centre.objects.get(code="amman")
    today = amman.service_day()
    past = Ticket.objects.filter(centre=amman, service_day__lt=today)
    assert past.dates("service_day", "day").count() == 56
    assert set(past.values_list("status", flat=True)) == {Ticket.Status.DONE}
    assert not TicketStep.objects.filter(ticket__in=past, called_at__isnull=True).exists()
    tomorrow = today + dt.timedelta(days=1)
    forecast = forecast_day(centre=amman, day=tomorrow)
    assert forecast.days_used == 8 and forecast.total > 20
    assert forecast.mean_absolute_error is not None
    assert plan_day(centre=amman, day=tomorrow).peak_pooled > 0
