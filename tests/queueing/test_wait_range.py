"""Each service's wait is a range from its own queue and its certified open counters, or
plainly no estimate when none of them is open."""

import pytest

from queueing import engine
from queueing.models import Counter, ServiceTimeStat
from queueing.selectors import service_wait_range

pytestmark = pytest.mark.django_db


def issue(service, n):
    for _ in range(n):
        engine.ticket_issue(centre=service.offers.get().centre, service_codes=[service.code])


def test_no_open_certified_counter_means_no_estimate(centre, passport, licence, counter, carol):
    assert service_wait_range(centre=centre, service=passport) is None
    engine.counter_open(counter=counter, staff=carol)  # certified for licences only
    assert service_wait_range(centre=centre, service=passport) is None
    assert service_wait_range(centre=centre, service=licence) == (0, 5)


def test_each_service_counts_its_own_queue(centre, passport, licence, open_counter):
    issue(passport, 3)  # 3 ahead, 8 minutes each, one counter
    assert service_wait_range(centre=centre, service=passport) == (20, 35)
    assert service_wait_range(centre=centre, service=licence) == (0, 5)


def test_more_counters_shorten_the_wait(centre, passport, open_counter, bob):
    issue(passport, 3)
    engine.counter_open(counter=Counter.objects.create(centre=centre, number=2), staff=bob)
    assert service_wait_range(centre=centre, service=passport) == (5, 20)  # 1 round of 8 min


def test_it_uses_the_measured_service_time(centre, passport, open_counter):
    ServiceTimeStat.objects.create(centre=centre, service=passport, mean_seconds=20 * 60)
    issue(passport, 1)
    assert service_wait_range(centre=centre, service=passport) == (20, 40)


def test_the_kiosk_api_gives_each_service_its_range(client, centre, passport, licence, carol):
    engine.counter_open(counter=Counter.objects.create(centre=centre, number=1), staff=carol)
    issue(licence, 2)
    body = {s["code"]: s for s in client.get("/api/v1/centres/amman/services/").json()}
    assert body["licence-renewal"]["wait_range_minutes"] == [10, 15]
    assert body["passport-renewal"]["wait_range_minutes"] is None
