"""The call-next policy: priority classes, then most overdue against the charter target
(waited ÷ target) across services, then arrival; FIFO and work-profile rules as alternatives.

Charter targets from the shared fixtures: passport 20 min, id card 15 min, licence 10 min.
"""

from centre.models import WorkProfile, WorkProfileRule
from queueing import engine
from tests.queueing.conftest import T0, issue, minutes

NOW = T0 + minutes(60)


def call(counter, staff, now=NOW):
    ticket = engine.ticket_call_next(counter=counter, staff=staff, now=now)
    if ticket is not None:
        engine.ticket_complete(counter=counter, staff=staff, now=now)
    return ticket


def order_called(counter, staff, n, now=NOW):
    return [call(counter, staff, now) for _ in range(n)]


def test_it_calls_in_arrival_order_within_one_service(centre, passport, open_counter, alice):
    tickets = [issue(centre, "passport-renewal", at=T0 + minutes(i)) for i in range(3)]
    assert order_called(open_counter, alice, 3) == tickets


def test_it_breaks_equal_arrival_times_by_issue_order(centre, passport, open_counter, alice):
    tickets = [issue(centre, "passport-renewal") for _ in range(3)]
    assert order_called(open_counter, alice, 3) == tickets


def test_priority_classes_come_first(centre, passport, open_counter, alice):
    plain = issue(centre, "passport-renewal", at=T0)
    elderly = issue(centre, "passport-renewal", at=T0 + minutes(10), priority="elderly")
    disabled = issue(centre, "passport-renewal", at=T0 + minutes(20), priority="disability")
    assert order_called(open_counter, alice, 3) == [disabled, elderly, plain]


def test_priority_beats_a_more_overdue_service(centre, passport, licence, open_counter, alice):
    overdue = issue(centre, "licence-renewal", at=T0)  # 60 min on a 10 min target
    pregnant = issue(centre, "passport-renewal", at=NOW, priority="pregnancy")
    assert order_called(open_counter, alice, 2) == [pregnant, overdue]


def test_it_calls_the_queue_most_overdue_against_its_target(
    centre, passport, licence, open_counter, alice
):
    # Passport waited 15 of 20 min (0.75); licence 9 of 10 min (0.9): licence first,
    # although the passport ticket came earlier.
    passport_ticket = issue(centre, "passport-renewal", at=T0)
    licence_ticket = issue(centre, "licence-renewal", at=T0 + minutes(6))
    now = T0 + minutes(15)
    assert order_called(open_counter, alice, 2, now) == [licence_ticket, passport_ticket]


def test_it_calls_the_earlier_arrival_when_equally_overdue(
    centre, passport, id_card, open_counter, alice
):
    # Passport and ID card both share letter A; equal ratio → the earlier arrival.
    id_ticket = issue(centre, "id-card", at=T0 + minutes(30))  # 30/15 = 2.0
    passport_ticket = issue(centre, "passport-renewal", at=T0 + minutes(20))  # 40/20 = 2.0
    assert order_called(open_counter, alice, 2) == [passport_ticket, id_ticket]


def test_fifo_profile_calls_by_arrival_whatever_the_service(
    centre, passport, licence, open_counter, alice
):
    open_counter.profile = WorkProfile.objects.create(name="FIFO", default_policy="fifo")
    open_counter.save()
    passport_ticket = issue(centre, "passport-renewal", at=T0)
    licence_ticket = issue(centre, "licence-renewal", at=T0 + minutes(6))
    now = T0 + minutes(15)
    assert order_called(open_counter, alice, 2, now) == [passport_ticket, licence_ticket]


def test_fifo_profile_still_serves_priority_first(centre, passport, open_counter, alice):
    open_counter.profile = WorkProfile.objects.create(name="FIFO", default_policy="fifo")
    open_counter.save()
    plain = issue(centre, "passport-renewal", at=T0)
    elderly = issue(centre, "passport-renewal", at=T0 + minutes(5), priority="elderly")
    assert order_called(open_counter, alice, 2) == [elderly, plain]


def long_wait_profile(service, minutes_=30, **rule) -> WorkProfile:
    profile = WorkProfile.objects.create(name="Passports when late")
    WorkProfileRule.objects.create(
        profile=profile, position=1, service=service, min_longest_wait_minutes=minutes_, **rule
    )
    return profile


def test_a_profile_rule_overrides_the_default_when_its_condition_holds(
    centre, passport, licence, open_counter, alice
):
    open_counter.profile = long_wait_profile(passport)
    open_counter.save()
    licence_ticket = issue(centre, "licence-renewal", at=T0)  # 60/10 = 6.0 overdue
    passport_ticket = issue(centre, "passport-renewal", at=NOW - minutes(31))  # 31 min > 30
    assert order_called(open_counter, alice, 2) == [passport_ticket, licence_ticket]


def test_the_default_decides_while_the_rule_does_not_hold(
    centre, passport, licence, open_counter, alice
):
    open_counter.profile = long_wait_profile(passport)
    open_counter.save()
    licence_ticket = issue(centre, "licence-renewal", at=T0)
    passport_ticket = issue(centre, "passport-renewal", at=NOW - minutes(29))
    assert order_called(open_counter, alice, 2) == [licence_ticket, passport_ticket]


def test_a_rule_on_queue_length(centre, passport, licence, open_counter, alice):
    profile = WorkProfile.objects.create(name="Long passport queue")
    WorkProfileRule.objects.create(profile=profile, position=1, service=passport, min_waiting=2)
    open_counter.profile = profile
    open_counter.save()
    licence_ticket = issue(centre, "licence-renewal", at=T0)
    first, second = (issue(centre, "passport-renewal", at=NOW) for _ in range(2))
    # Two passports wait: the rule holds once, then only one is left and licence is overdue.
    assert order_called(open_counter, alice, 3) == [first, licence_ticket, second]


def test_rules_are_tried_in_order(centre, passport, id_card, licence, open_counter, alice):
    profile = WorkProfile.objects.create(name="Ordered")
    WorkProfileRule.objects.create(profile=profile, position=2, service=passport, min_waiting=1)
    WorkProfileRule.objects.create(profile=profile, position=1, service=id_card, min_waiting=1)
    open_counter.profile = profile
    open_counter.save()
    issue(centre, "licence-renewal", at=T0)
    issue(centre, "passport-renewal", at=T0)
    id_ticket = issue(centre, "id-card", at=NOW)
    assert call(open_counter, alice) == id_ticket


def test_an_employee_profile_applies_when_the_counter_has_none(
    centre, passport, licence, open_counter, alice
):
    alice.profile = long_wait_profile(passport)
    alice.save()
    issue(centre, "licence-renewal", at=T0)
    passport_ticket = issue(centre, "passport-renewal", at=NOW - minutes(45))
    assert call(open_counter, alice) == passport_ticket


def test_the_counter_profile_wins_over_the_employee_profile(
    centre, passport, licence, open_counter, alice
):
    alice.profile = long_wait_profile(passport)
    alice.save()
    open_counter.profile = WorkProfile.objects.create(name="Default")
    open_counter.save()
    licence_ticket = issue(centre, "licence-renewal", at=T0)
    issue(centre, "passport-renewal", at=NOW - minutes(45))
    assert call(open_counter, alice) == licence_ticket


def test_a_rule_for_a_service_the_employee_may_not_serve_is_ignored(
    centre, passport, licence, counter, carol
):
    engine.counter_open(counter=counter, staff=carol)
    counter.profile = long_wait_profile(passport, minutes_=1)
    counter.save()
    issue(centre, "passport-renewal", at=T0)
    licence_ticket = issue(centre, "licence-renewal", at=NOW)
    assert call(counter, carol) == licence_ticket
