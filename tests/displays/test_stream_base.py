"""The base consumer other apps subclass: refusal before accept, custom snapshots and views."""

import pytest
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.urls import path

from realtime.stream import CentreStream
from staff.access import staff_of, works_at

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


class StaffStream(CentreStream):
    def authorize(self):
        return works_at(staff_of(self.scope["user"]), self.centre)

    def snapshot(self):
        return {"hello": self.centre.code}

    def transform(self, event):
        return {"type": "seen", "seq": event["seq"]}


def communicator(user):
    app = URLRouter([path("ws/staff/<slug:centre_code>/", StaffStream.as_asgi())])
    ws = WebsocketCommunicator(app, "/ws/staff/amman/")
    ws.scope["user"] = user
    return ws


async def test_it_refuses_a_socket_that_fails_authorize(centre):
    connected, _ = await communicator(AnonymousUser()).connect()
    assert not connected


async def test_it_sends_the_subclass_snapshot_and_its_view_of_events(centre, passport, alice):
    from channels.db import database_sync_to_async

    from queueing import engine

    user = await database_sync_to_async(lambda: alice.user)()
    ws = communicator(user)
    connected, _ = await ws.connect()
    assert connected
    snapshot = await ws.receive_json_from()
    await database_sync_to_async(engine.ticket_issue)(
        centre=centre, service_codes=["passport-renewal"]
    )
    seen = await ws.receive_json_from()
    await ws.disconnect()
    assert snapshot["hello"] == "amman"
    assert seen == {"type": "seen", "seq": snapshot["seq"] + 1}
