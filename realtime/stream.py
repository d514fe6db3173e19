"""A reusable consumer for live centre streams: join, snapshot with `seq`, forward, resync.

Every live socket of Nafitha (hall display, ticket tracking, counter console, manager
dashboard, feedback tablet) follows the same protocol (docs/realtime.md):

1. the server checks the socket (`get_centre`, `authorize`) and refuses it before accepting;
2. it follows the centre's `centre.<id>.hall` group through the process's relay (below),
   and joins any extra channel-layer groups of its own (`stream_groups`);
3. it sends `{"type": "snapshot", "seq": n, ...snapshot()}`, n read *before* the state;
4. it forwards each `hall.event` (built once in realtime.events) with its `seq`;
5. the client sends `{"type": "resync"}` on a gap, after a reconnect or when heartbeats
   (`{"type": "heartbeat", "seq": n}`, every NAFITHA_DISPLAY_HEARTBEAT_SECONDS) stop or show
   a newer seq, and gets a fresh snapshot.

Subclass and override the hooks; the sync ones run in a worker thread and may query, but
`transform` runs once per event per socket and must not (it sees the shared payload only):

    class CounterStream(CentreStream):
        def authorize(self):
            return works_at(staff_of(self.scope.get("user")), self.centre)

        def snapshot(self):
            return {"centre": self.centre.code}
"""

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable, Hashable

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import timezone

from centre.models import Centre
from ops.redis import REDIS_DOWN
from realtime.events import current_seq, encode, hall_group

log = logging.getLogger(__name__)

# A client may ask for a snapshot at most this often; extra requests wait.
RESYNC_INTERVAL = 1.0


def snapshot_message(centre_id: int, state: Callable[[], dict], seq: int | None = None) -> dict:
    """`{"type": "snapshot", "seq": n, ...state()}`. The seq is read before the state: every
    event numbered up to it is already in the database, and the client then applies only
    events with a higher seq."""
    seq = current_seq(centre_id) if seq is None else seq
    return {
        **state(),
        "type": "snapshot",
        "seq": seq,
        "at": timezone.now().isoformat(),
        "heartbeat": settings.NAFITHA_DISPLAY_HEARTBEAT_SECONDS,
    }


# Snapshots shared by sockets with the same `snapshot_key()`: (class, centre, key) ->
# (seq, built at, JSON). Valid while the centre's seq has not moved, for a few seconds.
_shared_snapshots: dict[tuple, tuple[int, float, str]] = {}
SHARED_SNAPSHOT_SECONDS = 2.0


class HallRelay:
    """One channel-layer subscription per process and centre, fanning events out in-process.

    Had every socket joined the group itself, each event would wake every socket's own
    channel-layer receive (futures, a lock, a buffer per socket) and Channels' per-message
    database-thread hop; one receive per process and a loop over the local sockets costs a
    fraction of that (docs/benchmarks.md, display-latency).

    When the layer comes back after a Redis outage (ops.redis.ResilientRedisChannelLayer:
    the subscription is restored), every socket gets a fresh snapshot: the events of the
    outage were dropped. A relay whose receive loop dies anyway is forgotten and its sockets
    closed, so their clients reconnect to a new one (a dead relay kept in `relays` is why
    reconnected screens once received nothing after Redis returned).
    """

    relays: dict[tuple[int, str], "HallRelay"] = {}

    def __init__(self, layer, group: str, key: tuple[int, str]):
        self.layer = layer
        self.group = group
        self.key = key
        self.sockets: set[CentreStream] = set()
        self.ready = asyncio.Event()
        self.task = asyncio.create_task(self._run())
        self.task.add_done_callback(self._ended)
        if hasattr(layer, "recovery_listeners"):
            layer.recovery_listeners.add(self.resync)

    @classmethod
    async def join(cls, layer, group: str, socket: "CentreStream") -> None:
        key = (id(asyncio.get_running_loop()), group)
        relay = cls.relays.get(key)
        if relay is None:
            relay = cls.relays[key] = cls(layer, group, key)
        relay.sockets.add(socket)
        await relay.ready.wait()

    def _forget(self) -> None:
        if self.relays.get(self.key) is self:
            del self.relays[self.key]
        if hasattr(self.layer, "recovery_listeners"):
            self.layer.recovery_listeners.discard(self.resync)

    def _ended(self, task: asyncio.Task) -> None:
        if task.cancelled():
            return
        log.error("the hall relay of %s stopped", self.group, exc_info=task.exception())
        self._forget()
        self.closing = asyncio.ensure_future(
            asyncio.gather(
                *(socket.close(code=1011) for socket in list(self.sockets)),
                return_exceptions=True,
            )
        )

    async def resync(self) -> None:
        """Send every local socket a fresh snapshot (after the layer lost events)."""
        await asyncio.gather(
            *(socket.send_snapshot() for socket in list(self.sockets)), return_exceptions=True
        )

    @classmethod
    async def leave(cls, group: str, socket: "CentreStream") -> None:
        key = (id(asyncio.get_running_loop()), group)
        relay = cls.relays.get(key)
        if relay is None:
            return
        relay.sockets.discard(socket)
        if not relay.sockets:
            relay._forget()
            relay.task.cancel()
            if relay.ready.is_set():
                await relay.layer.group_discard(relay.group, relay.channel)

    async def _run(self) -> None:
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(self.group, self.channel)
        joined = time.monotonic()
        self.ready.set()
        while True:
            message = await self.layer.receive(self.channel)
            if time.monotonic() - joined > 3600:  # groups expire in the layer after a day
                await self.layer.group_add(self.group, self.channel)
                joined = time.monotonic()
            if message.get("type") != "hall.event":
                continue
            for socket in list(self.sockets):
                try:
                    await socket.hall_event(message)
                except Exception:
                    log.exception("could not forward an event to a socket")


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
        """Extra channel-layer groups this socket joins itself (the centre's events come
        through the relay); each message type sent to them needs a handler method."""
        return []

    def snapshot(self) -> dict:
        """The full state the client rebuilds from (merged into the snapshot message)."""
        return {}

    def snapshot_key(self) -> Hashable | None:
        """Sockets of a centre with equal keys get the same snapshot, built once per seq (a
        hall of screens reconnecting at once costs one build). None: built per socket."""
        return None

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
        self._pending: list[dict] | None = []  # events held back until the snapshot is sent
        allowed = await database_sync_to_async(self._check)()
        if not allowed:
            await self.close()
            return
        self.joined = await database_sync_to_async(self.stream_groups)()
        for group in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)
        self.hall = hall_group(self.centre.pk)
        await HallRelay.join(self.channel_layer, self.hall, self)
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
        if hasattr(self, "hall"):
            await HallRelay.leave(self.hall, self)
        for group in self.joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    def _snapshot_text(self) -> str:
        key = self.snapshot_key()
        try:
            seq = current_seq(self.centre.pk)
        except REDIS_DOWN:
            # Redis is away: the state from the database, and seq 0, so that the first
            # event or heartbeat after Redis returns makes the client resync.
            return encode(snapshot_message(self.centre.pk, self.snapshot, 0))
        shared = (type(self), self.centre.pk, key)
        if key is not None and shared in _shared_snapshots:
            built_seq, built_at, text = _shared_snapshots[shared]
            if built_seq == seq and time.monotonic() - built_at < SHARED_SNAPSHOT_SECONDS:
                return text
        text = encode(snapshot_message(self.centre.pk, self.snapshot, seq))
        if key is not None:
            _shared_snapshots[shared] = (seq, time.monotonic(), text)
        return text

    async def send_snapshot(self) -> None:
        # Events that arrive meanwhile go out after the snapshot (the client drops anything
        # before it); the build runs in Channels' one database thread, so sockets connecting
        # together reuse one shared build.
        if self._pending is None:
            self._pending = []
        try:
            await self.send(text_data=await database_sync_to_async(self._snapshot_text)())
        finally:
            pending, self._pending = self._pending, None
        for message in pending:
            await self.hall_event(message)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        try:
            content = json.loads(text_data or "")
        except (ValueError, RecursionError):  # malformed, or nested beyond the decoder's limit
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

    async def hall_event(self, message: dict) -> None:
        if self._pending is not None:
            self._pending.append(message)
            return
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
                beat = {"type": "heartbeat"}
                # Without Redis, a beat without seq still tells the client the socket lives.
                with contextlib.suppress(*REDIS_DOWN):
                    beat["seq"] = await seq_now(self.centre.pk)
                await self.send(text_data=encode(beat))
