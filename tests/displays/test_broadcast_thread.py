"""The embedded default (in-memory layer, no Redis) builds and sends hall frames on the
process's broadcast thread, not on the request thread, and hands them to the server's loop.

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
    """Names of the threads that built frames."""
    names, build = [], events.build_frames

    def recording(centre_id, action):
        names.append(threading.current_thread().name)
        return build(centre_id, action)

    monkeypatch.setattr(events, "build_frames", recording)
    return names


@database_sync_to_async
def issue(centre):
    return engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket


@database_sync_to_async
def call_next(counter, staff):
    return engine.ticket_call_next(counter=counter, staff=staff)


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
    assert built_on == ["nafitha-broadcast", "nafitha-broadcast"]
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
