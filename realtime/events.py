"""Engine events as one JSON broadcast per centre, numbered with a per-centre `seq`.

`queueing.events.queue_changed` fires once per committed engine action with its events. For
each ticket (or counter) the action changed we read the little state the screens need (the
ticket, the counter, waiting counts per service) once, stamp the frame with the centre's
next sequence number, and `group_send` it to `centre.<id>.hall`. Consumers only forward it,
so nothing is queried per connected client.

Sequence numbers must rise across every Daphne process of a centre, so with REDIS_URL they
come from Redis INCR, and building + numbering + sending happens under a short per-centre
Redis lock: a higher `seq` then always carries state at least as new as every lower one, and
reaches the channel layer after it. That lock may be held by another process for up to 2 s,
so the request that committed the action does not wait for it: it only enqueues the action
for this process's broadcast thread (`publisher`). Without Redis (one embedded process) a
thread lock and an in-process counter do the same, on the same thread: the request only
enqueues, and the thread hands the encoded frames to the server's event loop, to which the
in-memory channel layer is bound (the loop the request came from).

A broadcast is rebuilt from the database, so losing one (a crash after commit) costs a
resync, never data: screens refetch their snapshot when they see a gap in `seq`.

Everything else a socket needs to send from sync code goes through `send`, on the same
long-lived loop. The frame is the same for every audience; an app that needs more on some
frames (the hall display's spoken announcement) adds it with `add_frame_hook`, so it is
still built once per action.
"""

import asyncio
import atexit
import contextlib
import functools
import itertools
import json
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence

import redis
from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from channels_redis.core import RedisChannelLayer
from django.conf import settings
from django.db import connections
from redis.backoff import NoBackoff
from redis.retry import Retry

from centre import cached
from centre.models import Centre
from ops import metrics
from ops.redis import REDIS_DOWN, outages
from queueing.events import QueueEvent
from queueing.models import Counter, Ticket

log = logging.getLogger(__name__)

# The events of one committed engine action at one centre, in the order the engine emitted them.
Action = tuple[QueueEvent, ...]


def hall_group(centre_id: int) -> str:
    return f"centre.{centre_id}.hall"


# --- Sending -------------------------------------------------------------------------------


class _SendLoop:
    """One long-lived event loop per process for channel-layer sends from sync code.

    `async_to_sync` from a plain thread runs every call in a new event loop, and the Redis
    channel layer keeps its connection pool per loop, so each event paid for a new Redis
    connection. Sending through one loop keeps the pool warm. The in-memory layer (embedded
    default, one process) is bound to the server's own loop and keeps using `async_to_sync`.
    """

    def __init__(self):
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._loop.is_closed():
                self._loop = asyncio.new_event_loop()
                threading.Thread(
                    target=self._loop.run_forever, name="nafitha-layer-send", daemon=True
                ).start()
            return self._loop

    def group_send(
        self,
        group: str,
        messages: list[dict],
        timeout: float = 5.0,
        server_loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        """Send `messages` to the group in their order, in one hand-off to the loop.

        `server_loop`: the loop of the server the in-memory layer is bound to, when sending
        from a thread of our own (the publisher); without it, the calling request's own."""
        layer = get_channel_layer()
        if isinstance(layer, RedisChannelLayer):
            loop = self._running_loop()
        elif server_loop is not None:
            loop = server_loop
        else:
            async_to_sync(_send_in_order)(layer, group, messages)
            return
        sending = _send_in_order(layer, group, messages)
        asyncio.run_coroutine_threadsafe(sending, loop).result(timeout)


async def _send_in_order(layer, group: str, messages: list[dict]) -> None:
    for message in messages:
        await layer.group_send(group, message)


send_loop = _SendLoop()


def send(group: str, message: dict) -> None:
    """Send one message to a channel-layer group from sync code (after commit, or a
    background thread), through this process's one send loop."""
    send_loop.group_send(group, [message])


# --- Sequence numbers ---------------------------------------------------------------------


@functools.cache
def _redis(url: str) -> redis.Redis:
    # Fail fast while Redis is away; after a restart, check a pooled connection before use
    # and retry once on a new one.
    return redis.Redis.from_url(
        url,
        socket_timeout=5,
        socket_connect_timeout=1,
        health_check_interval=10,
        retry=Retry(NoBackoff(), 1),
    )


def _seq_key(centre_id: int) -> str:
    return f"{settings.NAFITHA_DISPLAY_SEQ_PREFIX}:display-seq:{centre_id}"


def _clock_seq() -> int:
    """Where a counter starts again (Redis restarted without its data, the embedded process
    restarted): the clock in ms is above any seq numbered before, so it never goes back
    below a number a screen has seen, as long as a centre averages fewer than a thousand
    frames a second."""
    return int(time.time() * 1000)


# INCRBY (0: read), starting a missing key from the clock (Redis restarted without its data),
# so the snapshot after a restart and the events after it are numbered on from each other.
_INCRBY_FROM_CLOCK = """
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[2]) end
return redis.call('INCRBY', KEYS[1], ARGV[1])
"""


@functools.cache
def _incrby_from_clock(url: str):
    return _redis(url).register_script(_INCRBY_FROM_CLOCK)


_process_start = _clock_seq()
_local_counters: dict[int, itertools.count] = defaultdict(lambda: itertools.count(_process_start))
_local_last: dict[int, int] = defaultdict(lambda: _process_start - 1)
_local_locks: dict[int, threading.Lock] = defaultdict(threading.Lock)


def next_seq(centre_id: int, count: int = 1) -> int:
    """Reserve `count` sequence numbers for the centre; returns the last of them."""
    if settings.REDIS_URL:
        increment = _incrby_from_clock(settings.REDIS_URL)
        return int(increment(keys=[_seq_key(centre_id)], args=[count, _clock_seq()]))
    for _ in range(count):
        value = next(_local_counters[centre_id])
    _local_last[centre_id] = value
    return value


def current_seq(centre_id: int) -> int:
    """The seq of the last event numbered for this centre."""
    if settings.REDIS_URL:
        read = _incrby_from_clock(settings.REDIS_URL)
        return int(read(keys=[_seq_key(centre_id)], args=[0, _clock_seq()]))
    return _local_last[centre_id]


@contextlib.contextmanager
def _centre_lock(centre_id: int):
    if not settings.REDIS_URL:
        with _local_locks[centre_id]:
            yield
        return
    lock = _redis(settings.REDIS_URL).lock(
        f"{_seq_key(centre_id)}:lock", timeout=5, blocking_timeout=2
    )
    # A stuck holder costs at most 2 s and the ordering guarantee, never the event itself.
    acquired = lock.acquire()
    try:
        yield
    finally:
        if acquired:
            with contextlib.suppress(redis.exceptions.LockError):
                lock.release()


# --- Payload ------------------------------------------------------------------------------


def waiting_by_service(centre_id: int) -> dict[str, int]:
    """People waiting per offered service code (zeros included): one small query."""
    queues = dict.fromkeys(
        sorted(offer.service.code for offer in cached.offers(centre_id).values()), 0
    )
    queues.update(Ticket.objects.filter(centre_id=centre_id).waiting_counts("service__code"))
    return queues


def ticket_public(ticket: Ticket) -> dict:
    """What a public screen may know of a ticket: never a phone number or a name."""
    return {
        "id": ticket.pk,
        "number": ticket.number_in("en"),
        "number_ar": ticket.number_in("ar"),
        "letter": ticket.letter,
        "status": ticket.status,
        "service": ticket.service.code,
        "department": ticket.service.department.code,
    }


FrameHook = Callable[[dict, Ticket | None], None]
_frame_hooks: list[FrameHook] = []


def add_frame_hook(hook: FrameHook) -> None:
    """Have `hook(frame, ticket)` add its fields to every frame as it is built (once per
    action, not per socket). `ticket` is the frame's ticket row, or None: the fields the frame
    shows are loaded, any other loads on access (a query). Called from an app's `ready`."""
    if hook not in _frame_hooks:
        _frame_hooks.append(hook)


def _by_subject(events: Action) -> list[list[QueueEvent]]:
    """The events of one action, grouped by the ticket (or counter) they are about, in order.

    "Finish and call next" is two frames: the finished ticket, then the called one.
    """
    groups: dict[tuple, list[QueueEvent]] = {}
    for event in events:
        subject = ("ticket", event.ticket_id) if event.ticket_id else ("counter", event.counter_id)
        groups.setdefault(subject, []).append(event)
    return list(groups.values())


def _counter_id(group: list[QueueEvent]) -> int | None:
    return next((event.counter_id for event in reversed(group) if event.counter_id), None)


def _frame_tickets(centre_id: int, ids: set[int]) -> dict[int, Ticket]:
    """The frames' tickets by id, in one statement: the columns a frame shows, the centre's
    code and the ticket's counter (`frame_centre`, `frame_counter_number`,
    `frame_counter_state`); any other field loads on access. Written as SQL because the ORM
    spent several times as much Python compiling the joined query it replaces and building
    its four models from all their 70 columns (docs/benchmarks.md, "cycle"). The service
    and its department come from the registry kept in process (`centre.cached`), as the
    waiting counts' zeros do; a service no longer offered loads on access."""
    if not ids:
        return {}
    ticket, centre, counter = (model._meta.db_table for model in (Ticket, Centre, Counter))
    query = (
        "SELECT t.id, t.letter, t.number, t.status, t.service_day, t.service_id, t.centre_id,"
        " t.counter_id, c.code AS frame_centre, k.number AS frame_counter_number,"
        " k.state AS frame_counter_state"
        f" FROM {ticket} t JOIN {centre} c ON c.id = t.centre_id"
        f" LEFT JOIN {counter} k ON k.id = t.counter_id"
        f" WHERE t.id IN ({', '.join(['%s'] * len(ids))})"
    )
    offers = cached.offers(centre_id)
    tickets = {}
    for row in Ticket.objects.raw(query, sorted(ids)):
        offer = offers.get(row.service_id)
        if offer is not None:
            row.service = offer.service
        tickets[row.pk] = row
    return tickets


def build_frames(centre_id: int, actions: Sequence[Action]) -> list[dict]:
    """The public JSON frames (without `seq`) of committed actions at one centre, in order.

    One frame per ticket or counter each action changed, each with the state when read (the
    state after the last of them): `type` is the subject's last event kind in that action,
    `kinds` all of them, so a call stays a call (and is announced) even when a later action
    in the same build has moved its ticket on. Two small statements for all the actions
    (three when an event names a counter no ticket of theirs is at), however many events.
    """
    groups = [group for events in actions for group in _by_subject(events)]
    tickets = _frame_tickets(centre_id, {g[0].ticket_id for g in groups if g[0].ticket_id})
    counters = {
        t.counter_id: {"number": t.frame_counter_number, "state": t.frame_counter_state}
        for t in tickets.values()
        if t.counter_id
    }
    missing = {_counter_id(group) for group in groups} - counters.keys() - {None}
    if missing:
        rows = Counter.objects.filter(pk__in=missing).values_list("pk", "number", "state")
        counters.update({pk: {"number": n, "state": state} for pk, n, state in rows})
    if tickets:
        centre_code = next(iter(tickets.values())).frame_centre
    else:
        centre_code = Centre.objects.values_list("code", flat=True).get(pk=centre_id)
    queues = waiting_by_service(centre_id)
    frames = []
    for group in groups:
        obj = tickets.get(group[0].ticket_id)
        frame = {
            "type": group[-1].kind,
            "kinds": [event.kind for event in group],
            "seq": None,
            "at": group[-1].at.isoformat(),
            "centre": centre_code,
            "ticket": ticket_public(obj) if obj is not None else None,
            "counter": counters.get(_counter_id(group)),
            "queues": queues,
        }
        for hook in _frame_hooks:
            hook(frame, obj)
        frames.append(frame)
    return frames


def encode(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def broadcast(
    centre_id: int,
    take: Callable[[], Sequence[Action]],
    server_loop: asyncio.AbstractEventLoop | None = None,
) -> list[dict]:
    """Build, number and send to the centre's hall group the frames of the actions `take()`
    returns, called once the centre's lock is held.

    So every action committed and queued up to that moment goes into this one build: the
    frames are read fresh under the lock, so one read covers them all, and the lock is
    taken once for them (docs/realtime.md, "Numbered").

    While Redis is away the actions stand (they are in the database) and their frames are
    dropped, logged once per outage and counted: screens get a fresh snapshot when the layer
    returns. Always tried (a refused connection costs a millisecond, an unreachable host the
    1 s connect timeout): a broadcast skipped after Redis returned would leave screens wrong
    with no gap in `seq` to tell them.
    """
    outage = outages["events"]
    try:
        with _centre_lock(centre_id):
            frames = build_frames(centre_id, take())
            if frames:
                last = next_seq(centre_id, len(frames))
                for seq, frame in enumerate(frames, start=last - len(frames) + 1):
                    frame["seq"] = seq
                # `text` is the JSON every plain subscriber forwards as is: encoded once, not
                # per socket.
                messages = [
                    {"type": "hall.event", "event": frame, "text": encode(frame)}
                    for frame in frames
                ]
                send_loop.group_send(hall_group(centre_id), messages, server_loop=server_loop)
    except REDIS_DOWN as error:
        outage.failed(error)
        metrics.REDIS_FALLBACKS.labels(component="events").inc()
        return []
    outage.recovered()
    return frames


class _Publisher:
    """One background thread per process that broadcasts committed actions in their order.

    Actions wait per centre (and server loop); the thread takes a centre's whole waiting
    list when it holds the centre's lock, so under load one build covers the actions that
    queued meanwhile, and when idle an action is built at once.
    """

    def __init__(self):
        self._pending: dict[tuple[int, asyncio.AbstractEventLoop | None], list[Action]] = {}
        self._put = self._done = 0  # actions enqueued, and broadcast (or dropped)
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition()
        self._flushes_at_exit = False

    def put(
        self,
        centre_id: int,
        events: Action,
        server_loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        with self._changed:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="nafitha-broadcast", daemon=True
                )
                self._thread.start()
                if not self._flushes_at_exit:
                    atexit.register(self._flush_at_exit)
                    self._flushes_at_exit = True
            self._pending.setdefault((centre_id, server_loop), []).append(events)
            self._put += 1
            self._changed.notify_all()

    def _flush_at_exit(self) -> None:
        """A process that ends (a management command, a job, a worker stopping) sends what it
        committed before it goes: the thread is a daemon, and stopped mid-broadcast it would
        drop the last frames and leave the centre's ordering lock in Redis held until it
        expires, holding up every worker's next broadcast."""
        if not self.flush(timeout=10):
            log.warning("Broadcasts still queued at exit were dropped; screens resync on the gap")

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every action enqueued so far has been broadcast; False on timeout."""
        with self._changed:
            if self._thread is None or not self._thread.is_alive():
                return True
            enqueued = self._put
            return self._changed.wait_for(lambda: self._done >= enqueued, timeout)

    def _take(self, key: tuple) -> list[Action]:
        with self._changed:
            return self._pending.pop(key, [])

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._pending)
                key = next(iter(self._pending))  # the centre waiting longest
            taken: list[Action] = []

            def take(key=key, taken=taken) -> list[Action]:
                taken.extend(self._take(key))
                return taken

            try:
                broadcast(key[0], take, key[1])
            except Exception:
                log.exception("Broadcast for centre %s failed; screens resync on the gap", key[0])
            if not taken:  # not reached (Redis away): dropped with the frames
                take()
            with self._changed:
                self._done += len(taken)
                self._changed.notify_all()
                idle = not self._pending
            if idle:
                connections.close_all()  # this thread's own connection; idle until the next


publisher = _Publisher()


def _server_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of the ASGI server this request thread works for, if any."""
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    if loop is None or loop.is_closed():
        return None
    return loop


def on_queue_changed(sender, events: tuple[QueueEvent, ...], **kwargs) -> None:
    """Receiver of `queue_changed` (connected in RealtimeConfig.ready); runs after commit.

    It only enqueues for the publisher thread (see the module docstring): with Redis always;
    on the embedded default when the action came through the ASGI server (the thread needs
    its loop to reach the in-memory layer). Elsewhere (a management command, a shell) and
    with `NAFITHA_BROADCAST_INLINE` (tests that read their own uncommitted rows) it
    broadcasts inline.
    """
    centres: dict[int, list[QueueEvent]] = {}
    for event in events:
        centres.setdefault(event.centre_id, []).append(event)
    server_loop = None if settings.REDIS_URL else _server_loop()
    threaded = settings.REDIS_URL or server_loop is not None
    for centre_id, own in centres.items():
        action = tuple(own)
        if threaded and not settings.NAFITHA_BROADCAST_INLINE:
            publisher.put(centre_id, action, server_loop)
        else:
            broadcast(centre_id, lambda action=action: [action])
