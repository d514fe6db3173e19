"""Fixtures for the live-update tests: channel layers, sockets through the real ASGI stack."""

import asyncio
import contextlib
import os

import pytest
from channels.testing import WebsocketCommunicator
from django.db import connection

from realtime.events import publisher

ORIGIN = (b"origin", b"http://testserver")
# Our own Redis key space, so parallel test runs of other apps never see our groups or seqs.
REDIS_PREFIX = "nafitha-test-displays"


@pytest.fixture(autouse=True)
def _channel_layer(request, settings):
    """In-memory layer by default; tests marked `redis` get channels_redis on REDIS_URL."""
    if request.node.get_closest_marker("redis"):
        url = os.environ.get("REDIS_URL")
        if not url:
            pytest.skip("needs REDIS_URL")
        settings.REDIS_URL = url
        settings.NAFITHA_DISPLAY_SEQ_PREFIX = REDIS_PREFIX
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "ops.redis.ResilientRedisChannelLayer",
                "CONFIG": {
                    "hosts": [{"address": url, "socket_timeout": None}],
                    "prefix": REDIS_PREFIX,
                },
            }
        }
    else:
        settings.REDIS_URL = ""
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture(autouse=True)
def _postgres_only(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")


@pytest.fixture
def application():
    from nafitha.asgi import application

    return application


@pytest.fixture
def socket(application):
    """`async with socket(path) as ws:` a connected websocket through the project's ASGI app."""

    @contextlib.asynccontextmanager
    async def connect(path: str, origin: tuple[bytes, bytes] = ORIGIN):
        # With Redis, broadcasts leave from a background thread: let those of the fixtures'
        # actions go out first, as they would long before a real screen connects.
        assert await asyncio.to_thread(publisher.flush)
        ws = WebsocketCommunicator(application, path, headers=[origin])
        connected, _ = await ws.connect()
        assert connected, f"{path} was refused"
        try:
            yield ws
        finally:
            await ws.disconnect()

    return connect


@pytest.fixture(autouse=True)
def _fresh_shared_snapshots():
    """Centre ids and in-process seqs repeat between tests; shared snapshots must not."""
    from realtime import stream

    stream._shared_snapshots.clear()
