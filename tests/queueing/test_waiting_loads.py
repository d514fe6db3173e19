"""Waiting counts, longest waits and the services each open counter can serve: one owner
each, read the same by the engine's estimates, the dashboard and the displays."""

import datetime as dt

import pytest

from queueing import engine
from queueing.models import Counter, Ticket
from queueing.selectors import CentreCapacity, counter_services
from realtime.events import waiting_by_service
from staff.models import Certification
from tests.conftest import make_staff
from tests.queueing.conftest import T0, issue, minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(centre, passport, licence, open_counter, alice, counter):
    issue(centre, passport.code, at=T0)
    issue(centre, passport.code, at=T0 + minutes(4))
    issue(centre, licence.code, at=T0 + minutes(2))
    called = issue(centre, licence.code, at=T0 - minutes(30))
    engine.ticket_call_specific(counter=counter, staff=alice, ticket=called, now=T0 + minutes(5))


def test_it_counts_the_waiting_and_their_longest_wait(centre, hall, passport, licence, id_card):
    loads = Ticket.objects.filter(centre=centre).waiting_loads(T0 + minutes(10))
    assert loads == {passport.pk: (2, 600), licence.pk: (1, 480)}
    assert Ticket.objects.filter(centre=centre).waiting_counts() == {passport.pk: 2, licence.pk: 1}
    # The displays show the same counts, with a zero for every other offered service.
    assert waiting_by_service(centre.pk) == {passport.code: 2, licence.code: 1, id_card.code: 0}


def test_each_open_counter_serves_what_its_employee_is_certified_for_today(
    centre, passport, licence, id_card, counter, counter2, alice
):
    day = dt.date(2026, 3, 10)
    dana = make_staff("dana", centre, universal=False)
    Certification.objects.create(staff=dana, service=passport)
    Certification.objects.create(staff=dana, service=licence, valid_until=day - dt.timedelta(1))
    engine.counter_open(counter=counter, staff=alice, now=T0)
    engine.counter_open(counter=counter2, staff=dana, now=T0)
    offered = {passport.pk, licence.pk, id_card.pk}
    counters = list(Counter.objects.filter(centre=centre).select_related("staff"))
    assert counter_services(counters, offered, day) == {
        counter.pk: offered,
        counter2.pk: {passport.pk},
    }
    assert sorted(map(sorted, CentreCapacity(centre, day).counter_services)) == sorted(
        map(sorted, [offered, {passport.pk}])
    )
