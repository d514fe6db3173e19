import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction

from queueing import engine

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@database_sync_to_async
def issue(centre, code="passport-renewal"):
    return engine.ticket_issue(centre=centre, service_codes=[code]).ticket


@database_sync_to_async
def call_next(counter, staff):
    return engine.ticket_call_next(counter=counter, staff=staff)


async def test_it_sends_a_snapshot_then_events_in_order(
    socket, centre, passport, open_counter, alice
):
    async with socket("/ws/display/amman/") as ws:
        snapshot = await ws.receive_json_from()
        assert snapshot["type"] == "snapshot"
        assert snapshot["queues"] == {"passport-renewal": 0}
        ticket = await issue(centre)
        await call_next(open_counter, alice)
        events = [await ws.receive_json_from() for _ in range(2)]
        assert await ws.receive_nothing(timeout=0.2)  # one frame per action, not per event
    assert [(e["type"], e["kinds"]) for e in events] == [
        ("ticket.queued", ["ticket.issued", "ticket.queued"]),
        ("ticket.called", ["ticket.called"]),
    ]
    assert [e["seq"] for e in events] == [snapshot["seq"] + 1, snapshot["seq"] + 2]
    assert events[0]["queues"] == {"passport-renewal": 1}
    called = events[1]
    assert called["ticket"] == {
        "id": ticket.pk,
        "number": "A-001",
        "number_ar": "أ-٠٠١",
        "letter": "A",
        "status": "called",
        "service": "passport-renewal",
        "department": "civil",
    }
    assert called["counter"] == {"number": 1, "state": "open"}
    assert called["queues"] == {"passport-renewal": 0}
    assert called["announce"]["text"]["ar"] == "التذكرة أ واحد، إلى الشباك رقم واحد"
    assert called["announce"]["audio"]["en"].startswith("/display/audio/en/A/1/1.wav?d=")


async def test_it_sends_nothing_for_a_rolled_back_call(
    socket, centre, passport, open_counter, alice
):
    await issue(centre)

    @database_sync_to_async
    def call_and_roll_back():
        with transaction.atomic():
            engine.ticket_call_next(counter=open_counter, staff=alice)
            transaction.set_rollback(True)

    async with socket("/ws/display/amman/") as ws:
        await ws.receive_json_from()
        await call_and_roll_back()
        assert await ws.receive_nothing(timeout=0.3)


async def test_it_refuses_an_unknown_centre(socket, application, centre):
    ws = WebsocketCommunicator(
        application, "/ws/display/nowhere/", headers=[(b"origin", b"http://testserver")]
    )
    connected, _ = await ws.connect()
    assert not connected


async def test_it_refuses_a_foreign_origin(application, centre):
    ws = WebsocketCommunicator(
        application, "/ws/display/amman/", headers=[(b"origin", b"http://evil.example")]
    )
    connected, _ = await ws.connect()
    assert not connected


async def test_it_resends_the_snapshot_on_resync_after_a_gap(
    socket, centre, passport, open_counter, alice
):
    async with socket("/ws/display/amman/") as ws:
        first = await ws.receive_json_from()
        await issue(centre)
        await issue(centre)
        await ws.receive_json_from()  # the first issue arrives; the client "loses" the second
        await ws.receive_json_from()
        await ws.send_json_to({"type": "resync"})
        fresh = await ws.receive_json_from()
    assert fresh["type"] == "snapshot"
    assert fresh["seq"] == first["seq"] + 2
    assert fresh["queues"] == {"passport-renewal": 2}


async def test_it_ignores_anything_else_a_display_sends(socket, centre):
    async with socket("/ws/display/amman/") as ws:
        await ws.receive_json_from()
        await ws.send_to(text_data="not json")
        await ws.send_to(text_data="[" * 100_000 + "]" * 100_000)
        await ws.send_json_to({"type": "ticket.called"})
        assert await ws.receive_nothing(timeout=0.2)
        await ws.send_json_to({"type": "resync"})
        assert (await ws.receive_json_from())["type"] == "snapshot"


async def test_it_sends_heartbeats_with_the_current_seq(socket, settings, centre, passport):
    settings.NAFITHA_DISPLAY_HEARTBEAT_SECONDS = 0.2
    async with socket("/ws/display/amman/") as ws:
        snapshot = await ws.receive_json_from()
        beat = await ws.receive_json_from(timeout=2)
    assert beat == {"type": "heartbeat", "seq": snapshot["seq"]}


async def test_it_builds_one_snapshot_for_screens_connecting_together(
    socket, monkeypatch, centre, passport
):
    from displays import consumers

    builds = []
    real = consumers.display_snapshot
    monkeypatch.setattr(consumers, "display_snapshot", lambda *a: builds.append(1) or real(*a))
    async with socket("/ws/display/amman/") as first, socket("/ws/display/amman/") as second:
        one, two = await first.receive_json_from(), await second.receive_json_from()
        await issue(centre)
        await first.receive_json_from()
        await first.send_json_to({"type": "resync"})
        three = await first.receive_json_from()
    assert one["queues"] == two["queues"] == {"passport-renewal": 0}
    assert three["queues"] == {"passport-renewal": 1}
    assert len(builds) == 2  # one per seq, not one per socket


async def test_a_completion_is_one_frame_with_the_state_after_it(
    socket, centre, passport, open_counter, alice
):
    await issue(centre)
    await call_next(open_counter, alice)
    async with socket("/ws/display/amman/") as ws:
        snapshot = await ws.receive_json_from()
        assert snapshot["counters"][0]["ticket"]["status"] == "called"
        await database_sync_to_async(engine.ticket_complete)(counter=open_counter, staff=alice)
        done = await ws.receive_json_from()
        assert await ws.receive_nothing(timeout=0.2)
    assert done["seq"] == snapshot["seq"] + 1
    assert done["type"] == "ticket.done"
    assert done["kinds"] == ["ticket.started", "ticket.completed", "ticket.done"]
    assert done["ticket"]["status"] == "done"
    assert done["counter"] == {"number": 1, "state": "open"}
