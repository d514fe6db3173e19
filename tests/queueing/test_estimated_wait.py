"""Positions and wait estimates, checked against the formula documented in selectors.py:

    estimate = Σ mean service seconds of the tickets ahead (in services the pool may serve)
               / number of open counters certified for the ticket's service

Standard times from the shared fixtures: passport 8 min, id card 6 min, licence 5 min.
"""

import pytest

from queueing import engine, selectors
from queueing.models import ServiceTimeStat
from tests.queueing.conftest import T0, fresh, issue, minutes


@pytest.fixture
def hall(centre, passport, id_card, licence, counter, counter2, alice, carol):
    """alice (universal) and carol (licence only) at open counters; 2 passports, 3 licences wait."""
    engine.counter_open(counter=counter, staff=alice)
    engine.counter_open(counter=counter2, staff=carol)
    return {
        "passports": [issue(centre, "passport-renewal", at=T0 + minutes(m)) for m in (0, 1)],
        "licences": [issue(centre, "licence-renewal", at=T0 + minutes(m)) for m in (2, 3, 4)],
    }


def test_it_estimates_from_the_work_ahead_shared_by_the_pool(centre, hall):
    ticket = issue(centre, "licence-renewal", at=T0 + minutes(5))
    # Pool: alice and carol (2). Ahead: 2 passports × 480 s + 3 licences × 300 s = 1860 s.
    assert selectors.ticket_outlook(ticket)[1] == 930


def test_a_service_only_one_counter_serves_waits_longer(centre, hall):
    issue(centre, "licence-renewal", at=T0 + minutes(5))
    ticket = issue(centre, "passport-renewal", at=T0 + minutes(6))
    # Pool: alice only. Ahead: 2 × 480 + 4 × 300 = 2160 s.
    assert selectors.ticket_outlook(ticket)[1] == 2160


def test_priority_tickets_wait_only_for_their_class(centre, hall):
    elderly = issue(centre, "passport-renewal", at=T0 + minutes(7), priority="elderly")
    assert selectors.ticket_outlook(elderly)[1] == 0
    assert selectors.ticket_position(elderly) == 0
    assert selectors.ticket_position(fresh(hall["passports"][0])) == 1


def test_it_uses_the_weighted_mean_of_recent_service_times(centre, hall, settings):
    settings.NAFITHA_SERVICE_TIME_ALPHA = 0.2
    counter = centre.counters.get(number=2)  # carol's: licences only
    start = T0 + minutes(10)
    for seconds in (600, 300):  # mean 600, then 0.2 × 300 + 0.8 × 600 = 540
        engine.ticket_call_next(counter=counter, staff=counter.staff, now=start)
        engine.ticket_start(counter=counter, staff=counter.staff, now=start)
        engine.ticket_complete(
            counter=counter, staff=counter.staff, now=start + minutes(seconds / 60)
        )
    stat = ServiceTimeStat.objects.get(service__code="licence-renewal")
    assert (stat.mean_seconds, stat.samples) == (540, 2)
    newcomer = issue(centre, "licence-renewal", at=T0 + minutes(20))
    # Ahead: 2 passports × 480 + 1 licence × 540 = 1500 s over 2 counters.
    assert selectors.ticket_outlook(newcomer)[1] == 750


def test_there_is_no_estimate_without_an_open_counter_for_the_service(centre, hall, id_card):
    alice_counter = centre.counters.get(number=1)
    engine.counter_pause(counter=alice_counter, staff=alice_counter.staff, reason="break")
    ticket = issue(centre, "id-card", at=T0 + minutes(5))
    assert selectors.ticket_outlook(ticket)[1] is None


def test_there_is_no_estimate_or_position_once_called(centre, hall):
    counter = centre.counters.get(number=1)
    ticket = engine.ticket_call_next(counter=counter, staff=counter.staff, now=T0 + minutes(5))
    ticket = fresh(ticket)
    assert selectors.ticket_outlook(ticket)[1] is None
    assert selectors.ticket_position(ticket) is None


def test_positions_count_only_the_same_service(centre, hall):
    assert [selectors.ticket_position(t) for t in hall["licences"]] == [0, 1, 2]
    assert [selectors.ticket_position(t) for t in hall["passports"]] == [0, 1]


def test_a_ticket_transferred_to_the_front_is_first(centre, hall):
    counter = centre.counters.get(number=1)
    ticket = engine.ticket_call_specific(
        counter=counter, staff=counter.staff, ticket=hall["passports"][1], now=T0 + minutes(5)
    )
    engine.ticket_transfer(
        counter=counter, staff=counter.staff, service_code="licence-renewal", placement="front"
    )
    assert selectors.ticket_position(fresh(ticket)) == 0
    assert selectors.ticket_position(fresh(hall["licences"][0])) == 1


def test_it_reports_the_load_of_every_offered_service(centre, hall, passport, id_card, licence):
    loads = selectors.centre_service_loads(centre, now=T0 + minutes(10))
    assert (loads[licence.pk].waiting, loads[licence.pk].longest_wait_seconds) == (3, 480)
    assert (loads[passport.pk].waiting, loads[passport.pk].longest_wait_seconds) == (2, 600)
    assert (loads[id_card.pk].waiting, loads[id_card.pk].longest_wait_seconds) == (0, 0)
    # A new ticket waits behind everyone: licence (2 × 480 + 3 × 300) / 2; passport / 1.
    assert loads[licence.pk].estimated_wait_seconds == 930
    assert loads[passport.pk].estimated_wait_seconds == 1860


def test_the_kept_capacity_follows_counters_opening_and_closing(centre, passport, counter, alice):
    ticket = issue(centre, "passport-renewal", at=T0)
    assert selectors.ticket_outlook(ticket)[1] is None  # no counter open: kept so
    engine.counter_open(counter=counter, staff=alice)
    assert selectors.ticket_outlook(ticket)[1] == 0
    engine.counter_close(counter=counter, staff=alice)
    assert selectors.ticket_outlook(ticket)[1] is None


def test_a_kept_capacity_never_shows_a_stale_no_estimate(centre, passport, counter, alice):
    from queueing.models import Counter

    ticket = issue(centre, "passport-renewal", at=T0)
    assert selectors.ticket_outlook(ticket)[1] is None
    # Opened behind the copy's back (no save signal, as from another process before the
    # shared generation is seen): the copy says "none", so the counters are read again.
    Counter.objects.filter(pk=counter.pk).update(state=Counter.State.OPEN, staff=alice)
    assert selectors.ticket_outlook(ticket)[1] == 0
