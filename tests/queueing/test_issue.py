import pytest
import time_machine

from centre.models import CentreService
from queueing import engine
from queueing.errors import QueueError
from queueing.models import Ticket, TicketEvent, TicketStep
from tests.queueing.conftest import AMMAN, T0, db_state, issue


def test_it_numbers_tickets_per_letter(centre, passport, id_card, licence):
    first = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    second = engine.ticket_issue(centre=centre, service_codes=["id-card"]).ticket
    other = engine.ticket_issue(centre=centre, service_codes=["licence-renewal"]).ticket
    assert [first.display_number, second.display_number, other.display_number] == [
        "A-001",
        "A-002",
        "B-001",
    ]


def test_it_runs_a_bundle_visit_through_both_steps(centre, bundle, open_counter, alice):
    ticket = engine.ticket_issue(centre=centre, bundle_code="travel").ticket
    assert engine.ticket_call_next(counter=open_counter, staff=alice) == ticket
    engine.ticket_start(counter=open_counter, staff=alice)
    engine.ticket_complete(counter=open_counter, staff=alice)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.WAITING
    assert ticket.service.code == "licence-renewal"
    assert ticket.queue_since == ticket.issued_at
    engine.ticket_call_next(counter=open_counter, staff=alice)
    engine.ticket_complete(counter=open_counter, staff=alice)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.DONE
    kinds = list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert kinds == [
        "issued",
        "queued",
        "called",
        "started",
        "completed",
        "queued",
        "called",
        "started",
        "completed",
        "done",
    ]


def test_it_issues_a_waiting_ticket_with_its_first_step_queued(centre, passport):
    ticket = issue(
        centre, "passport-renewal", priority="elderly", language="en", channel="reception"
    )
    assert ticket.status == Ticket.Status.WAITING
    assert (ticket.priority.code, ticket.priority_rank) == ("elderly", 2)
    assert (ticket.language, ticket.channel) == ("en", "reception")
    assert ticket.queue_since == ticket.issued_at == T0
    assert ticket.service_day == T0.date()
    assert ticket.current_step.status == TicketStep.Status.WAITING
    assert ticket.current_step.queued_at == T0
    assert len(ticket.token) >= 20


def test_it_queues_only_the_first_step_of_a_multi_service_visit(centre, passport, licence):
    ticket = issue(centre, "licence-renewal", "passport-renewal")
    steps = list(ticket.steps.values_list("service__code", "status"))
    assert steps == [("licence-renewal", "waiting"), ("passport-renewal", "pending")]
    assert ticket.letter == "B"  # the first service's letter


def test_it_takes_the_bundle_letter(centre, bundle):
    assert issue(centre, bundle_code="travel").display_number == "P-001"


def test_it_gives_each_ticket_an_unguessable_distinct_token(centre, passport):
    tokens = {issue(centre, "passport-renewal").token for _ in range(5)}
    assert len(tokens) == 5


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"service_codes": ["no-such-service"]}, "service_unknown"),
        ({"service_codes": ["licence-renewal"]}, "service_not_offered"),
        ({"service_codes": ["passport-renewal", "no-such-service"]}, "service_unknown"),
        ({"bundle_code": "no-such-bundle"}, "bundle_unknown"),
        ({}, "no_services"),
        ({"service_codes": ["passport-renewal"], "bundle_code": "travel"}, "no_services"),
        ({"service_codes": ["passport-renewal"], "priority": "vip"}, "priority_unknown"),
        ({"service_codes": ["passport-renewal"], "language": "fr"}, "language_unknown"),
        ({"service_codes": ["passport-renewal"], "channel": "fax"}, "channel_unknown"),
    ],
)
def test_it_refuses_a_bad_request_and_changes_nothing(
    centre, passport, licence, events, options, code
):
    CentreService.objects.filter(service=licence).update(is_active=False)
    before = db_state()
    with pytest.raises(QueueError) as refused:
        engine.ticket_issue(centre=centre, now=T0, **options)
    assert refused.value.code == code
    assert refused.value.message  # a translated sentence, not the code
    assert db_state() == before
    assert events == []


def test_it_refuses_an_inactive_service(centre, passport):
    passport.is_active = False
    passport.save()
    with pytest.raises(QueueError, match="service_unknown"):
        issue(centre, "passport-renewal")


def test_it_refuses_when_the_centre_is_closed(office_hours_centre, events):
    before = db_state()
    with (
        time_machine.travel(T0.replace(hour=7, minute=59), tick=False),
        pytest.raises(QueueError) as refused,
    ):
        engine.ticket_issue(centre=office_hours_centre, service_codes=["birth-certificate"])
    assert refused.value.code == "centre_closed"
    assert refused.value.status == 409
    assert db_state() == before
    assert events == []


def test_it_issues_during_opening_hours_and_refuses_at_closing_time(office_hours_centre):
    with time_machine.travel(T0.replace(hour=8), tick=False):
        ticket = engine.ticket_issue(
            centre=office_hours_centre, service_codes=["birth-certificate"]
        )
    assert ticket.created
    with (
        time_machine.travel(T0.replace(hour=15), tick=False),
        pytest.raises(QueueError, match="centre_closed"),
    ):
        engine.ticket_issue(centre=office_hours_centre, service_codes=["birth-certificate"])


def test_it_judges_opening_hours_in_local_time(office_hours_centre):
    # 05:30 UTC is 08:30 in Amman: open, although 05:30 is before opening time.
    with time_machine.travel("2026-03-10T05:30:00Z", tick=False):
        engine.ticket_issue(centre=office_hours_centre, service_codes=["birth-certificate"])
    with (
        time_machine.travel("2026-03-10T12:30:00Z", tick=False),  # 15:30 local
        pytest.raises(QueueError, match="centre_closed"),
    ):
        engine.ticket_issue(centre=office_hours_centre, service_codes=["birth-certificate"])


def test_it_refuses_an_inactive_centre(centre, passport):
    centre.is_active = False
    centre.save()
    with pytest.raises(QueueError, match="centre_closed"):
        issue(centre, "passport-renewal")


def test_it_records_issue_and_queue_events(centre, passport):
    ticket = issue(centre, "passport-renewal")
    rows = list(
        TicketEvent.objects.filter(ticket=ticket).values_list("kind", "at", "service__code")
    )
    assert rows == [("issued", T0, "passport-renewal"), ("queued", T0, "passport-renewal")]


def test_it_keeps_local_time_in_amman(centre, passport):
    ticket = issue(centre, "passport-renewal")
    assert ticket.issued_at.astimezone(AMMAN).hour == 9
