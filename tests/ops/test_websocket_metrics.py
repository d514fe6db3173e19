import datetime as dt

import pytest
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.testing import WebsocketCommunicator

from ops.middleware import WebsocketMetricsMiddleware
from tests.ops.conftest import sample


class Echo(AsyncJsonWebsocketConsumer):
    async def receive_json(self, content, **kwargs):
        await self.send_json(content)


def communicator(path="/ws/display/amman/"):
    return WebsocketCommunicator(WebsocketMetricsMiddleware(Echo.as_asgi()), path)


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_it_counts_open_sockets_per_stream():
    before = sample("nafitha_websocket_connections", stream="display")
    socket = communicator()
    connected, _ = await socket.connect()
    assert connected
    assert sample("nafitha_websocket_connections", stream="display") == before + 1
    await socket.disconnect()
    assert sample("nafitha_websocket_connections", stream="display") == before


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_it_times_event_frames_from_the_event_to_the_send():
    socket = communicator()
    await socket.connect()
    count = sample("nafitha_event_publish_to_send_seconds_count")
    total = sample("nafitha_event_publish_to_send_seconds_sum")
    at = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=0.5)).isoformat()
    await socket.send_json_to({"type": "snapshot", "seq": 1, "at": at})
    await socket.receive_json_from()
    await socket.send_json_to({"type": "heartbeat", "seq": 1})
    await socket.receive_json_from()
    assert sample("nafitha_event_publish_to_send_seconds_count") == count
    await socket.send_json_to({"type": "ticket.called", "seq": 2, "at": at})
    await socket.receive_json_from()
    assert sample("nafitha_event_publish_to_send_seconds_count") == count + 1
    assert sample("nafitha_event_publish_to_send_seconds_sum") - total >= 0.5
    await socket.disconnect()
