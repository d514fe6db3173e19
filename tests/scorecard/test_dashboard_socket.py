"""/ws/dashboard/<centre>/: leaders of the centre and analysts get a snapshot, then a fresh
one after every engine event; agents are refused."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from queueing import engine

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def open_socket(staff):
    from nafitha.asgi import application

    client = Client()
    await database_sync_to_async(client.force_login)(staff.user)
    headers = [
        (b"origin", b"http://testserver"),
        (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
    ]
    ws = WebsocketCommunicator(application, "/ws/dashboard/amman/", headers=headers)
    connected, _ = await ws.connect()
    return ws, connected


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("manager", True),
        ("supervisor", True),
        ("analyst", True),
        ("agent", False),
        ("other_manager", False),
    ],
)
async def test_it_admits_only_leaders_of_the_centre_and_analysts(people, role, allowed):
    ws, connected = await open_socket(people[role])
    assert connected is allowed
    if connected:
        snapshot = await ws.receive_json_from()
        assert snapshot["type"] == "snapshot" and snapshot["centre"]["code"] == "amman"
    await ws.disconnect()


async def test_it_pushes_a_fresh_snapshot_when_a_ticket_is_called(
    people, centre, passport, open_counter, alice
):
    ws, _ = await open_socket(people["manager"])
    first = await ws.receive_json_from()
    assert first["counters"][0]["ticket"] is None
    await database_sync_to_async(engine.ticket_issue)(
        centre=centre, service_codes=["passport-renewal"]
    )
    await database_sync_to_async(engine.ticket_call_next)(counter=open_counter, staff=alice)
    async with asyncio.timeout(5):
        while True:
            snapshot = await ws.receive_json_from()
            if snapshot["counters"][0]["ticket"]:
                break
    assert snapshot["type"] == "snapshot" and snapshot["seq"] > first["seq"]
    assert snapshot["counters"][0]["ticket"]["number"] == "A-001"
    assert snapshot["counters"][0]["status"] == "busy"
    await ws.disconnect()
