"""The same stream over the real Redis channel layer and Redis sequence numbers."""

import asyncio
import time

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from queueing import engine
from realtime import events

pytestmark = [pytest.mark.redis, pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@database_sync_to_async
def issue(centre):
    return engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket


async def test_it_delivers_events_in_order_through_redis(
    socket, centre, passport, open_counter, alice
):
    async with socket("/ws/display/amman/") as ws:
        snapshot = await ws.receive_json_from()
        await issue(centre)
        await database_sync_to_async(engine.ticket_call_next)(counter=open_counter, staff=alice)
        events = [await ws.receive_json_from(timeout=3) for _ in range(2)]
    assert [e["kinds"] for e in events] == [["ticket.issued", "ticket.queued"], ["ticket.called"]]
    assert [e["seq"] for e in events] == [snapshot["seq"] + n for n in (1, 2)]


async def test_a_committed_action_does_not_wait_for_the_broadcast_lock(
    socket, settings, centre, passport
):
    """Another process holding the centre's broadcast lock (it may, for up to 2 s) must not
    hold up the request that committed an action: the broadcast follows when it can."""
    lock = events._redis(settings.REDIS_URL).lock(f"{events._seq_key(centre.pk)}:lock", timeout=5)
    async with socket("/ws/display/amman/") as ws:
        snapshot = await ws.receive_json_from()
        assert lock.acquire(blocking=False)
        try:
            started = time.monotonic()
            await issue(centre)
            elapsed = time.monotonic() - started
            assert await ws.receive_nothing(timeout=0.2)  # not sent while the lock is held
        finally:
            lock.release()
        event = await ws.receive_json_from(timeout=3)
    assert elapsed < 1
    assert (event["kinds"], event["seq"]) == (
        ["ticket.issued", "ticket.queued"],
        snapshot["seq"] + 1,
    )


async def test_it_sends_nothing_for_a_rolled_back_issue(socket, centre, passport):
    @database_sync_to_async
    def issue_and_roll_back():
        with transaction.atomic():
            engine.ticket_issue(centre=centre, service_codes=["passport-renewal"])
            transaction.set_rollback(True)

    async with socket("/ws/display/amman/") as ws:
        await ws.receive_json_from()
        await issue_and_roll_back()
        assert await ws.receive_nothing(timeout=0.5)


async def test_it_still_delivers_after_idling_longer_than_redis_socket_timeout(
    socket, settings, centre, passport
):
    settings.NAFITHA_DISPLAY_HEARTBEAT_SECONDS = 60
    async with socket("/ws/display/amman/") as ws:
        snapshot = await ws.receive_json_from()
        await asyncio.sleep(6)  # redis-py's default socket_timeout is 5 s
        await issue(centre)
        event = await ws.receive_json_from(timeout=3)
    assert event["seq"] == snapshot["seq"] + 1
