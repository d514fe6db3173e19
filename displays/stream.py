"""A reusable consumer for live centre streams: join, snapshot with `seq`, forward, resync.

Every live socket of Nafitha (hall display, ticket tracking, counter console, manager
dashboard, feedback tablet) follows the same protocol (docs/realtime.md):

1. the server checks the socket (`get_centre`, `authorize`) and refuses it before accepting;
2. it joins the groups (`stream_groups`, by default `centre.<id>.hall`);
3. it sends `{"type": "snapshot", "seq": n, ...snapshot()}`, n read *before* the state;
4. it forwards each `hall.event` (built once in displays.events) with its `seq`;
5. the client sends `{"type": "resync"}` on a gap, after a reconnect or when heartbeats
   (`{"type": "heartbeat", "seq": n}`, every NAFITHA_DISPLAY_HEARTBEAT_SECONDS) stop or show
   a newer seq, and gets a fresh snapshot.

Subclass and override the hooks; the sync ones run in a worker thread and may query, but
`transform` runs once per event per socket and must not (it sees the shared payload only):

    class CounterStream(CentreStream):
        def authorize(self):
            return can_operate_counters(staff_of(self.scope["user"]), self.centre)

        def snapshot(self):
            return {"counters": counters_state(self.centre)}
"""

import asyncio
import contextlib
import json
import time
from collections.abc import Callable

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import timezone

from centre.models import Centre
from displays.events import current_seq, encode, hall_group

# Close code for a refused socket after accept (before accept, the handshake gets HTTP 403).
REFUSED = 4403
# A client may ask for a snapshot at most this often; extra requests wait.
RESYNC_INTERVAL = 1.0


def snapshot_message(centre_id: int, state: Callable[[], dict]) -> dict:
    """`{"type": "snapshot", "seq": n, ...state()}`. The seq is read before the state: every
    event numbered up to it is already in the database, and the client then applies only
    events with a higher seq."""
    seq = current_seq(centre_id)
    return {
        **state(),
        "type": "snapshot",
        "seq": seq,
        "at": timezone.now().isoformat(),
        "heartbeat": settings.NAFITHA_DISPLAY_HEARTBEAT_SECONDS,
    }


class CentreStream(AsyncJsonWebsocketConsumer):
    centre: Centre

    # --- Hooks ------------------------------------------------------------------------

    def get_centre(self) -> Centre | None:
        """The centre of this socket, from the URL; None refuses the socket."""
        code = self.scope["url_route"]["kwargs"].get("centre_code")
        return Centre.objects.filter(code=code, is_active=True).first()

    def authorize(self) -> bool:
        """Whether this socket may follow `self.centre` (public streams: yes)."""
        return True

    def stream_groups(self) -> list[str]:
        """Channel-layer groups to join; each message type needs a handler method."""
        return [hall_group(self.centre.pk)]

    def snapshot(self) -> dict:
        """The full state the client rebuilds from (merged into the snapshot message)."""
        return {}

    def transform(self, event: dict) -> dict | None:
        """This socket's view of a shared event: the event itself (sent pre-encoded), another
        dict carrying the same `seq`, or None to send only `{"type": "skip", "seq"}`.
        Runs in the event loop for every socket: no queries, no blocking work."""
        return event

    async def client_message(self, content: dict) -> None:
        """Anything a client sends other than resync. Read-only streams ignore it."""

    # --- Protocol -----------------------------------------------------------------------

    async def connect(self):
        self.joined: list[str] = []
        self._heartbeat: asyncio.Task | None = None
        self._last_resync = 0.0
        allowed = await database_sync_to_async(self._check)()
        if not allowed:
            await self.close()
            return
        self.joined = await database_sync_to_async(self.stream_groups)()
        for group in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_snapshot()
        self._heartbeat = asyncio.create_task(self._beat())

    def _check(self) -> bool:
        centre = self.get_centre()
        if centre is None:
            return False
        self.centre = centre
        return bool(self.authorize())

    async def disconnect(self, code):
        if self._heartbeat:
            self._heartbeat.cancel()
        for group in self.joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    def _snapshot_message(self) -> dict:
        return snapshot_message(self.centre.pk, self.snapshot)

    async def send_snapshot(self) -> None:
        await self.send(text_data=encode(await database_sync_to_async(self._snapshot_message)()))

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        try:
            content = json.loads(text_data or "")
        except ValueError:
            return
        if not isinstance(content, dict):
            return
        if content.get("type") == "resync":
            wait = self._last_resync + RESYNC_INTERVAL - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._last_resync = time.monotonic()
            await self.send_snapshot()
        else:
            await self.client_message(content)

    async def dispatch(self, message: dict) -> None:
        # Channels runs close_old_connections in the one sync thread before every handler; a
        # forwarded event touches no database, and that thread hop per socket per event was
        # the whole cost of a broadcast (docs/benchmarks.md, display-latency).
        if message["type"] == "hall.event":
            await self.hall_event(message)
        else:
            await super().dispatch(message)

    async def hall_event(self, message: dict) -> None:
        event = message["event"]
        view = self.transform(event)
        if view is event:
            await self.send(text_data=message.get("text") or encode(event))
        elif view is None:
            await self.send(text_data=encode({"type": "skip", "seq": event["seq"]}))
        else:
            await self.send(text_data=encode(view))

    async def _beat(self) -> None:
        seq_now = sync_to_async(current_seq, thread_sensitive=False)
        with contextlib.suppress(asyncio.CancelledError):
            while True:
                await asyncio.sleep(settings.NAFITHA_DISPLAY_HEARTBEAT_SECONDS)
                await self.send(
                    text_data=encode({"type": "heartbeat", "seq": await seq_now(self.centre.pk)})
                )
