"""The dashboard socket: a snapshot on connect, and a fresh one after every engine event.

It rides the centre's hall stream (realtime.stream.CentreStream): same groups, heartbeat and
resync. Instead of forwarding each event it pushes a recomputed dashboard snapshot, built
once per event in this process and shared by every dashboard socket of the centre.
"""

import asyncio

from channels.db import database_sync_to_async

from realtime.events import encode
from realtime.stream import CentreStream
from scorecard.access import can_see_centre, sees_names, staff_of
from scorecard.dashboard import dashboard_snapshot


class SharedSnapshots:
    """At most one build per (centre, names) and event seq; later sockets await the same one."""

    def __init__(self):
        self._latest: dict[tuple, tuple[int, asyncio.Future]] = {}

    async def get(self, key: tuple, seq: int, build) -> dict:
        known = self._latest.get(key)
        if known is None or known[0] < seq or (known[1].done() and known[1].exception()):
            known = (seq, asyncio.ensure_future(database_sync_to_async(build)()))
            self._latest[key] = known
        return await asyncio.shield(known[1])


shared = SharedSnapshots()


class DashboardStream(CentreStream):
    def authorize(self) -> bool:
        staff = staff_of(self.scope.get("user"))
        self.names = sees_names(staff)
        return can_see_centre(staff, self.centre)

    def snapshot(self) -> dict:
        return dashboard_snapshot(self.centre, names=self.names)

    async def hall_event(self, message: dict) -> None:
        seq = message["event"]["seq"]
        state = await shared.get((self.centre.pk, self.names), seq, self.snapshot)
        await self.send(text_data=encode({**state, "type": "snapshot", "seq": seq}))
