"""Domain events: one TicketEvent row per transition; each action's QueueEvents sent together,
only after commit."""

import pytest
from django.db import transaction

from queueing import engine
from queueing.errors import QueueError
from queueing.events import QueueEvent, collecting, emit_on_commit, queue_changed
from queueing.models import TicketEvent
from tests.queueing.conftest import T0, issue


def test_it_sends_events_only_when_the_transaction_commits(
    centre, passport, events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ticket = issue(centre, "passport-renewal")
    assert events == []  # registered, not sent
    for callback in callbacks:
        callback()
    assert [(e.kind, e.centre_id, e.ticket_id, e.at) for e in events] == [
        ("ticket.issued", centre.pk, ticket.pk, T0),
        ("ticket.queued", centre.pk, ticket.pk, T0),
    ]
    assert events[0].data == {"services": ["passport-renewal"]}


def test_it_sends_nothing_when_the_transaction_rolls_back(
    centre, passport, events, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        issue(centre, "passport-renewal")
        raise RuntimeError("the caller failed after issuing")
    assert callbacks == []
    assert events == []
    assert not TicketEvent.objects.exists()


def test_a_refused_operation_sends_nothing(
    centre, passport, open_counter, alice, events, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(QueueError),
    ):
        engine.ticket_start(counter=open_counter, staff=alice)
    assert (callbacks, events) == ([], [])


def test_every_transition_writes_its_row_and_sends_its_event(
    centre, bundle, id_card, open_counter, alice, events, django_capture_on_commit_callbacks
):
    steps = [
        (lambda: issue(centre, bundle_code="travel"), ["issued", "queued"]),
        (lambda: engine.ticket_call_next(counter=open_counter, staff=alice), ["called"]),
        (lambda: engine.ticket_recall(counter=open_counter, staff=alice), ["recalled"]),
        (lambda: engine.ticket_start(counter=open_counter, staff=alice), ["started"]),
        (
            lambda: engine.ticket_return_to_queue(counter=open_counter, staff=alice),
            ["returned", "queued"],
        ),
        (lambda: engine.ticket_call_next(counter=open_counter, staff=alice), ["called"]),
        (
            lambda: engine.ticket_add_service(
                counter=open_counter, staff=alice, service_code="id-card"
            ),
            ["service_added"],
        ),
        (
            lambda: engine.ticket_transfer(
                counter=open_counter, staff=alice, service_code="id-card"
            ),
            ["transferred", "queued"],
        ),
        (lambda: engine.ticket_call_next(counter=open_counter, staff=alice), ["called"]),
        (lambda: engine.ticket_recall(counter=open_counter, staff=alice), ["recalled"]),
        (
            lambda: engine.ticket_no_show(counter=open_counter, staff=alice, requeue=True),
            ["requeued", "queued"],
        ),
        (lambda: engine.ticket_call_next(counter=open_counter, staff=alice), ["called"]),
        (
            lambda: engine.ticket_complete(counter=open_counter, staff=alice),
            ["started", "completed", "queued"],
        ),
    ]
    for action, expected in steps:
        rows_before = TicketEvent.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            events.clear()
            action()
        rows = list(TicketEvent.objects.order_by("pk")[rows_before:])
        assert [row.kind for row in rows] == expected
        assert [e.kind for e in events] == [f"ticket.{kind}" for kind in expected]
        for row, event in zip(rows, events, strict=True):
            assert (event.ticket_id, event.centre_id, event.counter_id, event.staff_id) == (
                row.ticket_id,
                row.centre_id,
                row.counter_id,
                row.staff_id,
            )
    at_counter = TicketEvent.objects.exclude(kind__in=["issued", "queued"])
    assert not at_counter.filter(counter=None).exists()
    assert not at_counter.filter(staff=None).exists()


def test_counter_changes_send_one_event_each(
    counter, alice, events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        engine.counter_open(counter=counter, staff=alice)
        engine.counter_pause(counter=counter, staff=alice, reason="prayer")
        engine.counter_resume(counter=counter, staff=alice)
        engine.counter_close(counter=counter, staff=alice)
    assert {e.kind for e in events} == {"counter.changed"}
    assert [e.data for e in events] == [
        {"state": "open"},
        {"state": "paused", "reason": "prayer"},
        {"state": "open"},
        {"state": "closed"},
    ]
    assert {(e.counter_id, e.staff_id) for e in events} == {(counter.pk, alice.pk)}


@pytest.mark.django_db(transaction=True)
def test_it_sends_after_the_outermost_commit(centre, passport, events):
    with transaction.atomic():
        ticket = issue(centre, "passport-renewal")
        assert events == []
    assert [e.kind for e in events] == ["ticket.issued", "ticket.queued"]
    assert all(isinstance(e, QueueEvent) and e.ticket_id == ticket.pk for e in events)


@pytest.mark.django_db(transaction=True)
def test_a_failing_receiver_neither_undoes_the_change_nor_silences_the_others(centre, passport):
    received = []

    def broken(sender, events, **kwargs):
        raise RuntimeError("display layer down")

    def recorder(sender, events, **kwargs):
        received.extend(event.kind for event in events)

    queue_changed.connect(broken, weak=False)
    queue_changed.connect(recorder, weak=False)
    try:
        ticket = issue(centre, "passport-renewal")
    finally:
        queue_changed.disconnect(broken)
        queue_changed.disconnect(recorder)
    assert TicketEvent.objects.filter(ticket=ticket).count() == 2
    assert received == ["ticket.issued", "ticket.queued"]


def test_one_action_reaches_subscribers_as_one_batch(
    centre, passport, open_counter, alice, django_capture_on_commit_callbacks
):
    batches = []

    def recorder(sender, events, **kwargs):
        batches.append([event.kind for event in events])

    queue_changed.connect(recorder, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            issue(centre, "passport-renewal")
            engine.ticket_call_next(counter=open_counter, staff=alice)
            engine.ticket_complete(counter=open_counter, staff=alice)
    finally:
        queue_changed.disconnect(recorder)
    assert len(callbacks) == 3
    assert batches == [
        ["ticket.issued", "ticket.queued"],
        ["ticket.called"],
        ["ticket.started", "ticket.completed", "ticket.done"],
    ]


@pytest.mark.django_db(transaction=True)
def test_a_failed_inner_action_drops_only_its_own_events(centre, passport, events):
    """An engine call inside another's transaction adds to its batch, unless it fails."""
    with transaction.atomic(), collecting():
        issue(centre, "passport-renewal")
        with pytest.raises(RuntimeError), collecting():
            emit_on_commit(QueueEvent(kind="ticket.called", centre_id=centre.pk, at=T0))
            raise RuntimeError("the inner action failed")
    assert [e.kind for e in events] == ["ticket.issued", "ticket.queued"]
