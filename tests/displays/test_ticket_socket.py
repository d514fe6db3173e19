import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from queueing import engine

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@database_sync_to_async
def issue(centre, **fields):
    return engine.ticket_issue(centre=centre, service_codes=["passport-renewal"], **fields).ticket


async def test_it_tracks_position_then_the_call(socket, centre, passport, open_counter, alice):
    first = await issue(centre)
    mine = await issue(centre, phone="0791234567", language="en")
    async with socket(f"/ws/ticket/{mine.token}/") as ws:
        snapshot = await ws.receive_json_from()
        assert snapshot["ticket"]["position"] == 1
        assert snapshot["ticket"]["headline"] == "1 person ahead of you."
        assert "0791234567" not in str(snapshot)
        await database_sync_to_async(engine.ticket_call_next)(counter=open_counter, staff=alice)
        moved = await ws.receive_json_from()
        assert moved == {"type": "queue.moved", "seq": snapshot["seq"] + 1}
        await ws.send_json_to({"type": "resync"})
        assert (await ws.receive_json_from())["ticket"]["position"] == 0
        await database_sync_to_async(engine.ticket_complete)(counter=open_counter, staff=alice)
        assert (await ws.receive_json_from())["type"] == "skip"
        await database_sync_to_async(engine.ticket_call_next)(counter=open_counter, staff=alice)
        called = await ws.receive_json_from()
    assert first.pk != mine.pk
    assert called["type"] == "ticket.called"
    assert called["ticket"]["id"] == mine.pk
    assert called["counter"]["number"] == 1


async def test_it_speaks_the_tickets_language(socket, centre, passport, open_counter):
    ticket = await issue(centre)
    async with socket(f"/ws/ticket/{ticket.token}/") as ws:
        snapshot = await ws.receive_json_from()
    assert snapshot["ticket"]["number_ar"] == "أ-٠٠١"
    assert snapshot["ticket"]["service"]["name"] == "تجديد جواز السفر"


async def test_it_refuses_an_unknown_token(application, centre):
    ws = WebsocketCommunicator(
        application, "/ws/ticket/no-such-token/", headers=[(b"origin", b"http://testserver")]
    )
    connected, _ = await ws.connect()
    assert not connected
