"""/ws/counter/<centre>/: staff of the centre follow every engine event and console-lease
notices; anyone else is refused before the socket opens."""

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from counters.services import console_group
from queueing import engine

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@database_sync_to_async
def session_headers(world, role):
    headers = [(b"origin", b"http://testserver")]
    client = world.client(role)
    if "sessionid" in client.cookies:
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    return headers


async def open_socket(world, role):
    from nafitha.asgi import application

    ws = WebsocketCommunicator(
        application, "/ws/counter/amman/", headers=await session_headers(world, role)
    )
    connected, _ = await ws.connect()
    return ws, connected


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("agent", True),
        ("supervisor", True),
        ("manager", True),
        ("analyst", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
async def test_it_admits_only_staff_of_the_centre(world, role, allowed):
    ws, connected = await open_socket(world, role)
    assert connected is allowed
    if connected:
        assert (await ws.receive_json_from())["type"] == "snapshot"
    await ws.disconnect()


async def test_it_forwards_engine_events_and_lease_notices(world):
    ws, _ = await open_socket(world, "agent")
    await ws.receive_json_from()
    await database_sync_to_async(engine.ticket_call_next)(
        counter=world.counters[1], staff=world.staff["agent"]
    )
    called = await ws.receive_json_from()
    assert (called["type"], called["counter"]["number"]) == ("ticket.called", 1)
    await get_channel_layer().group_send(
        console_group(world.centre.pk),
        {"type": "console.lease", "counter": 1, "tab": "tab-new-0000000002"},
    )
    assert await ws.receive_json_from() == {
        "type": "console.lease",
        "counter": 1,
        "tab": "tab-new-0000000002",
    }
    await ws.disconnect()


@pytest.mark.redis
async def test_it_delivers_lease_notices_through_redis(world):
    ws, _ = await open_socket(world, "agent")
    await ws.receive_json_from()
    client = await database_sync_to_async(world.client)("agent")  # another tab of the same agent
    await database_sync_to_async(client.post)(
        "/api/v1/centres/amman/console/1/claim/",
        {"tab": "tab-other-000000003"},
        content_type="application/json",
    )
    message = await ws.receive_json_from(timeout=5)
    assert message == {"type": "console.lease", "counter": 1, "tab": "tab-other-000000003"}
    await ws.disconnect()
