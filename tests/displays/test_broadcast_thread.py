"""The embedded default (in-memory layer, no Redis) builds and sends hall frames on the
process's broadcast thread, not on the request thread, and hands them to the server's loop.
Actions that queue while a centre's build waits for its lock go into that one build, each
keeping its own frames.

The other display tests broadcast inline (NAFITHA_BROADCAST_INLINE, tests/conftest.py); here
the thread runs as on a server, and `publisher.flush` is the deterministic wait.
"""

import asyncio
import threading

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from queueing import engine
from realtime import events
from realtime.events import publisher

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _broadcast_thread(settings):
    settings.NAFITHA_BROADCAST_INLINE = False


@pytest.fixture
def built_on(monkeypatch):
    """(thread name, number of actions) of every build of frames."""
    builds, build = [], events.build_frames

    def recording(centre_id, actions):
        builds.append((threading.current_thread().name, len(actions)))
        return build(centre_id, actions)

    monkeypatch.setattr(events, "build_frames", recording)
    return builds


@database_sync_to_async
def issue(centre):
    return engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket


@database_sync_to_async
def call_next(counter, staff):
    return engine.ticket_call_next(counter=counter, staff=staff)


@database_sync_to_async
def complete(counter, staff):
    return engine.ticket_complete(counter=counter, staff=staff)


async def test_frames_leave_from_the_broadcast_thread_in_order(
    socket, centre, passport, open_counter, alice, built_on
):
    async with socket("/ws/display/amman/") as ws:
        snapshot = await ws.receive_json_from()
        built_on.clear()
        ticket = await issue(centre)
        await call_next(open_counter, alice)
        assert await asyncio.to_thread(publisher.flush)
        frames = [await ws.receive_json_from() for _ in range(2)]
        assert await ws.receive_nothing(timeout=0.1)
    assert {name for name, _ in built_on} == {"nafitha-broadcast"}
    assert sum(actions for _, actions in built_on) == 2
    assert [(f["type"], f["seq"]) for f in frames] == [
        ("ticket.queued", snapshot["seq"] + 1),
        ("ticket.called", snapshot["seq"] + 2),
    ]
    assert frames[1]["ticket"]["id"] == ticket.pk
    assert frames[1]["queues"] == {"passport-renewal": 0}  # the state after the call


async def test_a_rolled_back_action_is_never_enqueued(
    socket, centre, passport, open_counter, alice, built_on
):
    await issue(centre)

    @database_sync_to_async
    def call_and_roll_back():
        with transaction.atomic():
            engine.ticket_call_next(counter=open_counter, staff=alice)
            transaction.set_rollback(True)

    async with socket("/ws/display/amman/") as ws:
        await ws.receive_json_from()
        built_on.clear()
        await call_and_roll_back()
        assert await asyncio.to_thread(publisher.flush)
        assert await ws.receive_nothing(timeout=0.1)
    assert built_on == []


async def test_actions_queued_behind_the_lock_are_built_together_frame_by_frame(
    socket, centre, passport, open_counter, alice, built_on
):
    """While another build holds the centre's lock, an issue, a call and the completion of
    that call queue up; they go out in one build, still one frame per ticket per action, in
    order: the call is still a call with its announcement, though its ticket (read once,
    after all three) is already done."""
    async with socket("/ws/display/amman/") as ws:
        snapshot = await ws.receive_json_from()
        built_on.clear()
        with events._centre_lock(centre.pk):
            ticket = await issue(centre)
            await call_next(open_counter, alice)
            await complete(open_counter, alice)
        assert await asyncio.to_thread(publisher.flush)
        frames = [await ws.receive_json_from() for _ in range(3)]
        assert await ws.receive_nothing(timeout=0.1)
    assert built_on == [("nafitha-broadcast", 3)]
    assert [(f["type"], f["seq"]) for f in frames] == [
        ("ticket.queued", snapshot["seq"] + 1),
        ("ticket.called", snapshot["seq"] + 2),
        ("ticket.done", snapshot["seq"] + 3),
    ]
    assert {f["ticket"]["id"] for f in frames} == {ticket.pk}
    assert [f["ticket"]["status"] for f in frames] == ["done"] * 3
    called = frames[1]
    assert called["counter"] == {"number": open_counter.number, "state": "open"}
    assert called["announce"]["text"]["en"] == f"Ticket A 1, counter {open_counter.number}"
    assert "announce" not in frames[2]


async def test_an_idle_centre_is_built_at_once(socket, centre, passport, built_on):
    async with socket("/ws/display/amman/") as ws:
        snapshot = await ws.receive_json_from()
        built_on.clear()
        await issue(centre)
        frame = await ws.receive_json_from()  # no flush: the thread builds without waiting
    assert (frame["type"], frame["seq"]) == ("ticket.queued", snapshot["seq"] + 1)
    assert built_on == [("nafitha-broadcast", 1)]
