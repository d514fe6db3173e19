"""Transfer to another service (front, end or by age) and return to the queue."""

import pytest

from queueing import engine
from queueing.errors import QueueError
from queueing.models import Ticket, TicketEvent
from tests.queueing.conftest import T0, db_state, fresh, issue, minutes

NOW = T0 + minutes(30)


@pytest.fixture
def licence_queue(centre, licence):
    """Licence tickets issued at T0, T0+10 and T0+20."""
    return [issue(centre, "licence-renewal", at=T0 + minutes(m)) for m in (0, 10, 20)]


@pytest.fixture
def at_counter(centre, passport, licence, open_counter, alice):
    """A passport ticket issued at T0+5, called at T0+30."""
    ticket = issue(centre, "passport-renewal", at=T0 + minutes(5))
    return engine.ticket_call_specific(counter=open_counter, staff=alice, ticket=ticket, now=NOW)


def drain(counter, staff):
    order = []
    while ticket := engine.ticket_call_next(counter=counter, staff=staff, now=NOW):
        engine.ticket_complete(counter=counter, staff=staff, now=NOW)
        order.append(ticket)
    return order


@pytest.mark.parametrize(
    ("placement", "index"),
    [("front", 0), ("age", 1), ("end", 3)],
)
def test_it_places_the_transferred_ticket(
    licence_queue, at_counter, open_counter, alice, placement, index
):
    # Issue order: L0 (T0), passport (T0+5), L1 (T0+10), L2 (T0+20).
    engine.ticket_transfer(
        counter=open_counter,
        staff=alice,
        service_code="licence-renewal",
        placement=placement,
        now=NOW,
    )
    order = drain(open_counter, alice)
    assert order.index(at_counter) == index
    assert [t for t in order if t != at_counter] == licence_queue


def test_it_records_the_transfer_as_a_new_step(at_counter, open_counter, alice):
    engine.ticket_transfer(
        counter=open_counter, staff=alice, service_code="licence-renewal", now=NOW
    )
    ticket = fresh(at_counter)
    assert (ticket.status, ticket.counter, ticket.service.code) == (
        "waiting",
        None,
        "licence-renewal",
    )
    steps = list(ticket.steps.values_list("service__code", "status"))
    assert steps == [("passport-renewal", "transferred"), ("licence-renewal", "waiting")]
    event = TicketEvent.objects.get(ticket=ticket, kind="transferred")
    assert event.data == {"to_service": "licence-renewal", "placement": "age"}
    assert event.service.code == "passport-renewal"


def test_a_transfer_keeps_the_rest_of_a_bundle(centre, bundle, id_card, open_counter, alice):
    ticket = issue(centre, bundle_code="travel")
    engine.ticket_call_next(counter=open_counter, staff=alice)
    engine.ticket_transfer(counter=open_counter, staff=alice, service_code="id-card")
    served = [t.service.code for t in drain(open_counter, alice) if t == ticket]
    assert served == ["id-card", "licence-renewal"]
    assert fresh(ticket).status == Ticket.Status.DONE


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"service_code": "passport-renewal"}, "same_service"),
        ({"service_code": "no-such-service"}, "service_unknown"),
        ({"service_code": "licence-renewal", "placement": "middle"}, "placement_unknown"),
    ],
)
def test_it_refuses_a_bad_transfer(at_counter, open_counter, alice, options, code):
    before = db_state()
    with pytest.raises(QueueError) as refused:
        engine.ticket_transfer(counter=open_counter, staff=alice, **options)
    assert refused.value.code == code
    assert db_state() == before


def test_it_refuses_a_transfer_to_a_service_not_offered(at_counter, licence, open_counter, alice):
    licence.offers.update(is_active=False)
    with pytest.raises(QueueError, match="service_not_offered"):
        engine.ticket_transfer(counter=open_counter, staff=alice, service_code="licence-renewal")


def test_it_refuses_a_transfer_from_an_idle_counter(passport, licence, open_counter, alice):
    with pytest.raises(QueueError, match="counter_idle"):
        engine.ticket_transfer(counter=open_counter, staff=alice, service_code="licence-renewal")


# --- Return to queue -------------------------------------------------------------------------


def test_a_returned_ticket_keeps_its_place(centre, passport, open_counter, alice):
    first = issue(centre, "passport-renewal", at=T0)
    second = issue(centre, "passport-renewal", at=T0 + minutes(1))
    engine.ticket_call_next(counter=open_counter, staff=alice, now=NOW)
    engine.ticket_start(counter=open_counter, staff=alice, now=NOW)
    engine.ticket_return_to_queue(counter=open_counter, staff=alice, now=NOW + minutes(1))
    ticket = fresh(first)
    assert (ticket.status, ticket.counter, ticket.queue_since) == ("waiting", None, T0)
    assert ticket.current_step.status == "waiting"
    assert ticket.current_step.started_at is None
    assert (
        TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True).last() == "queued"
    )
    assert drain(open_counter, alice) == [first, second]


def test_a_returned_ticket_can_be_served_by_another_counter(
    centre, passport, open_counter, open_counter2, alice, bob
):
    ticket = issue(centre, "passport-renewal")
    engine.ticket_call_next(counter=open_counter, staff=alice)
    engine.ticket_return_to_queue(counter=open_counter, staff=alice)
    assert engine.ticket_call_next(counter=open_counter2, staff=bob) == ticket


@pytest.mark.parametrize(
    ("placement", "index"),
    [("front", 0), ("age", 1), ("end", 3)],
)
def test_it_lets_a_supervisor_move_a_waiting_ticket(
    centre, passport, licence_queue, open_counter, alice, sam, placement, index
):
    ticket = issue(centre, "passport-renewal", at=T0 + minutes(5))
    engine.ticket_move(
        ticket=ticket, staff=sam, service_code="licence-renewal", placement=placement, now=NOW
    )
    assert drain(open_counter, alice).index(ticket) == index
    assert ticket.steps.get(position=0).status == "transferred"


def test_it_refuses_an_agent_moving_a_waiting_ticket(centre, passport, licence, alice):
    ticket = issue(centre, "passport-renewal", at=T0)
    before = db_state()
    with pytest.raises(QueueError) as refused:
        engine.ticket_move(ticket=ticket, staff=alice, service_code="licence-renewal", now=NOW)
    assert refused.value.code == "supervisors_only"
    assert db_state() == before


def test_it_refuses_moving_a_ticket_that_is_no_longer_waiting(at_counter, sam):
    with pytest.raises(QueueError) as refused:
        engine.ticket_move(ticket=at_counter, staff=sam, service_code="licence-renewal", now=NOW)
    assert refused.value.code == "invalid_transition"
