"""Multi-service visits: steps in order, each keeping the visit's arrival, each with an outcome."""

import pytest

from queueing import engine
from queueing.errors import QueueError
from queueing.models import Ticket, TicketEvent
from tests.queueing.conftest import T0, fresh, issue, minutes


def serve(counter, staff, now, outcome="completed"):
    ticket = engine.ticket_call_next(counter=counter, staff=staff, now=now)
    engine.ticket_start(counter=counter, staff=staff, now=now)
    engine.ticket_complete(counter=counter, staff=staff, outcome=outcome, now=now + minutes(5))
    return ticket


def test_the_next_step_keeps_the_original_arrival(centre, bundle, open_counter, alice):
    ticket = issue(centre, bundle_code="travel", at=T0)
    serve(open_counter, alice, T0 + minutes(10))
    ticket = fresh(ticket)
    assert (ticket.status, ticket.service.code) == (Ticket.Status.WAITING, "licence-renewal")
    assert ticket.queue_since == ticket.issued_at == T0
    assert ticket.current_step.queued_at == T0 + minutes(15)
    assert (ticket.counter, ticket.call_count) == (None, 0)


def test_the_next_step_is_served_before_later_arrivals(centre, bundle, open_counter, alice):
    visit = issue(centre, bundle_code="travel", at=T0)
    walk_in = issue(centre, "licence-renewal", at=T0 + minutes(1))
    serve(open_counter, alice, T0 + minutes(2))
    assert serve(open_counter, alice, T0 + minutes(8)) == visit
    assert serve(open_counter, alice, T0 + minutes(14)) == walk_in


def test_each_step_records_its_outcome(centre, bundle, open_counter, alice):
    ticket = issue(centre, bundle_code="travel")
    serve(open_counter, alice, T0, outcome="missing_documents")
    serve(open_counter, alice, T0 + minutes(10), outcome="referred")
    ticket = fresh(ticket)
    assert ticket.status == Ticket.Status.DONE
    assert list(ticket.steps.values_list("service__code", "status", "outcome")) == [
        ("passport-renewal", "done", "missing_documents"),
        ("licence-renewal", "done", "referred"),
    ]
    outcomes = TicketEvent.objects.filter(ticket=ticket, kind="completed").values_list(
        "data", flat=True
    )
    assert [d["outcome"] for d in outcomes] == ["missing_documents", "referred"]


def test_add_service_appends_a_step_served_after_the_current_ones(
    centre, bundle, id_card, open_counter, alice
):
    ticket = issue(centre, bundle_code="travel")
    engine.ticket_call_next(counter=open_counter, staff=alice, now=T0)
    engine.ticket_add_service(counter=open_counter, staff=alice, service_code="id-card", now=T0)
    steps = list(fresh(ticket).steps.values_list("service__code", "status"))
    assert steps == [
        ("passport-renewal", "called"),
        ("licence-renewal", "pending"),
        ("id-card", "pending"),
    ]
    event = TicketEvent.objects.get(ticket=ticket, kind="service_added")
    assert event.data["added_service"] == "id-card"
    engine.ticket_complete(counter=open_counter, staff=alice, now=T0 + minutes(1))
    assert serve(open_counter, alice, T0 + minutes(2)).service.code == "licence-renewal"
    assert serve(open_counter, alice, T0 + minutes(9)).service.code == "id-card"
    assert fresh(ticket).status == Ticket.Status.DONE


def test_add_service_turns_a_single_visit_into_two_steps(
    centre, passport, licence, open_counter, alice
):
    ticket = issue(centre, "passport-renewal")
    engine.ticket_call_next(counter=open_counter, staff=alice, now=T0)
    engine.ticket_add_service(
        counter=open_counter, staff=alice, service_code="licence-renewal", now=T0
    )
    engine.ticket_complete(counter=open_counter, staff=alice, now=T0 + minutes(1))
    assert fresh(ticket).service.code == "licence-renewal"
    assert fresh(ticket).status == Ticket.Status.WAITING


def test_add_service_refuses_a_service_not_offered(centre, passport, licence, open_counter, alice):
    issue(centre, "passport-renewal")
    engine.ticket_call_next(counter=open_counter, staff=alice)
    licence.offers.update(is_active=False)
    with pytest.raises(QueueError, match="service_not_offered"):
        engine.ticket_add_service(counter=open_counter, staff=alice, service_code="licence-renewal")


def test_a_limited_employee_leaves_the_next_step_to_a_certified_one(
    centre, bundle, counter, counter2, carol, bob
):
    engine.counter_open(counter=counter, staff=carol)  # licence only
    engine.counter_open(counter=counter2, staff=bob)
    ticket = issue(centre, bundle_code="travel")
    assert engine.ticket_call_next(counter=counter, staff=carol) is None
    serve(counter2, bob, T0)
    assert engine.ticket_call_next(counter=counter, staff=carol, now=T0 + minutes(6)) == ticket
