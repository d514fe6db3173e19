"""Redis restarted under a live worker: open sockets stay open, get a fresh snapshot once
Redis is back, and sockets (old and reconnected) receive the next calls live.

Before ops.redis.ResilientRedisChannelLayer, the process's hall relay died with its Redis
receive, stayed registered, and every socket that joined it afterwards received nothing.
"""

import asyncio

import pytest
from channels.db import database_sync_to_async

from ops.redis import outages
from queueing import engine
from realtime.events import publisher
from tests.redis_server import private_redis  # noqa: F401 (fixture)

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]
PREFIX = "nafitha-test-restart"


@pytest.fixture
def layer_on_private_redis(private_redis, settings):  # noqa: F811
    settings.REDIS_URL = private_redis.url
    settings.NAFITHA_DISPLAY_SEQ_PREFIX = PREFIX
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "ops.redis.ResilientRedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": private_redis.url, "socket_timeout": None}],
                "prefix": PREFIX,
            },
        }
    }
    for outage in outages.values():
        outage.since, outage.retry_at = None, 0.0
    yield private_redis
    for outage in outages.values():
        outage.since, outage.retry_at = None, 0.0


@database_sync_to_async
def issue_and_call(centre, counter, staff, finish=None) -> str:
    engine.ticket_issue(centre=centre, service_codes=["passport-renewal"])
    # The issue's broadcast is built on the process's broadcast thread: let it finish its
    # reads first, or on the SQLite test database (shared cache) they lock the call's write
    # out ("database table is locked"), a race of the test set-up, not of production.
    assert publisher.flush()
    return engine.ticket_call_next(counter=counter, staff=staff, finish=finish).display_number


async def next_of_type(ws, kind: str, timeout: float) -> dict:
    """The next frame of this type within `timeout` seconds (others are skipped)."""
    async with asyncio.timeout(timeout):
        while True:
            frame = await ws.receive_json_from(timeout=timeout)
            if frame["type"] == kind:
                return frame


async def test_sockets_resync_after_a_redis_restart_and_get_the_next_calls_live(
    layer_on_private_redis, socket, centre, passport, open_counter, alice
):
    redis_server = layer_on_private_redis
    async with socket("/ws/display/amman/") as before:
        await before.receive_json_from()

        await database_sync_to_async(redis_server.stop)()
        during = await issue_and_call(centre, open_counter, alice)  # commits without Redis
        async with socket("/ws/display/amman/") as switched_on:  # a screen turned on now
            snapshot = await switched_on.receive_json_from()
            assert snapshot["calls"][0]["ticket"]["number"] == during  # from the database
            assert snapshot["seq"] == 0  # so its first event or heartbeat makes it resync
        await database_sync_to_async(redis_server.start)()

        # The open socket survived and is brought up to date without asking.
        fresh = await next_of_type(before, "snapshot", timeout=5)
        assert fresh["calls"][0]["ticket"]["number"] == during

        async with socket("/ws/display/amman/") as reconnected:
            snapshot = await reconnected.receive_json_from()
            assert snapshot["calls"][0]["ticket"]["number"] == during

            after = await issue_and_call(centre, open_counter, alice, finish="completed")
            for ws in (before, reconnected):
                called = await next_of_type(ws, "ticket.called", timeout=5)
                assert called["ticket"]["number"] == after
            assert called["seq"] > snapshot["seq"]
    assert not outages["channel_layer"].degraded
