"""Engine events as one JSON broadcast per centre, numbered with a per-centre `seq`.

`queueing.events.queue_event` fires after the engine's transaction commits. For each event
we read the little state the screens need (the ticket, the counter, waiting counts per
service) once, stamp it with the centre's next sequence number, and `group_send` it to
`centre.<id>.hall`. Consumers only forward it, so nothing is queried per connected client.

Sequence numbers must rise across every Daphne process of a centre, so with REDIS_URL they
come from Redis INCR, and building + numbering + sending happens under a short per-centre
Redis lock: a higher `seq` then always carries state at least as new as every lower one, and
reaches the channel layer after it. Without Redis (one embedded process) a thread lock and
an in-process counter do the same.
"""

import asyncio
import contextlib
import functools
import itertools
import json
import logging
import threading
from collections import defaultdict

import redis
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels_redis.core import RedisChannelLayer
from django.conf import settings
from django.db.models import Count

from centre.models import Centre, CentreService, Counter
from displays import speech
from queueing.events import QueueEvent
from queueing.models import Ticket

log = logging.getLogger(__name__)

ANNOUNCED = ("ticket.called", "ticket.recalled")


def hall_group(centre_id: int) -> str:
    return f"centre.{centre_id}.hall"


def screen_group(screen_id: int) -> str:
    return f"display.screen.{screen_id}"


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

    def group_send(self, group: str, message: dict, timeout: float = 5.0) -> None:
        layer = get_channel_layer()
        if not isinstance(layer, RedisChannelLayer):
            async_to_sync(layer.group_send)(group, message)
            return
        sending = layer.group_send(group, message)
        asyncio.run_coroutine_threadsafe(sending, self._running_loop()).result(timeout)


send_loop = _SendLoop()


# --- Sequence numbers ---------------------------------------------------------------------


@functools.cache
def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=5)


def _seq_key(centre_id: int) -> str:
    return f"{settings.NAFITHA_DISPLAY_SEQ_PREFIX}:display-seq:{centre_id}"


_local_counters: dict[int, itertools.count] = defaultdict(lambda: itertools.count(1))
_local_last: dict[int, int] = defaultdict(int)
_local_locks: dict[int, threading.Lock] = defaultdict(threading.Lock)


def next_seq(centre_id: int) -> int:
    if settings.REDIS_URL:
        return int(_redis(settings.REDIS_URL).incr(_seq_key(centre_id)))
    value = next(_local_counters[centre_id])
    _local_last[centre_id] = value
    return value


def current_seq(centre_id: int) -> int:
    """The seq of the last event numbered for this centre (0 before any)."""
    if settings.REDIS_URL:
        return int(_redis(settings.REDIS_URL).get(_seq_key(centre_id)) or 0)
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
    """People waiting per offered service code (zeros included): two queries."""
    queues = dict.fromkeys(
        CentreService.objects.filter(centre_id=centre_id, is_active=True).values_list(
            "service__code", flat=True
        ),
        0,
    )
    queues.update(
        Ticket.objects.filter(centre_id=centre_id, status=Ticket.Status.WAITING)
        .values_list("service__code")
        .annotate(n=Count("id"))
    )
    return queues


def ticket_public(ticket: Ticket) -> dict:
    """What a public screen may know of a ticket: never a phone number or a name."""
    return {
        "id": ticket.pk,
        "number": ticket.display_number,
        "letter": ticket.letter,
        "status": ticket.status,
        "service": ticket.service.code,
        "department": ticket.service.department.code,
    }


def announcement(ticket: dict, counter_number: int) -> dict:
    """Spoken sentences of a call, and the URLs of their offline audio."""
    letter, number = ticket["letter"], int(ticket["number"].split("-")[-1])
    return {
        "text": speech.sentences(letter, number, counter_number),
        "audio": {
            language: f"/display/audio/{language}/{letter}/{number}/{counter_number}.wav"
            for language in speech.VOICES
        },
    }


def build_payload(event: QueueEvent) -> dict:
    """The public JSON of one engine event (without `seq`): three or four small queries."""
    ticket = obj = None
    if event.ticket_id:
        obj = Ticket.objects.select_related("service__department", "centre", "counter").get(
            pk=event.ticket_id
        )
        ticket = ticket_public(obj)
    counter = None
    if obj is not None and obj.counter_id == event.counter_id and obj.counter is not None:
        counter = {"number": obj.counter.number, "state": obj.counter.state}
    elif event.counter_id:
        number, state = Counter.objects.values_list("number", "state").get(pk=event.counter_id)
        counter = {"number": number, "state": state}
    centre_code = (
        obj.centre.code
        if obj is not None
        else Centre.objects.values_list("code", flat=True).get(pk=event.centre_id)
    )
    payload = {
        "type": event.kind,
        "seq": None,
        "at": event.at.isoformat(),
        "centre": centre_code,
        "ticket": ticket,
        "counter": counter,
        "queues": waiting_by_service(event.centre_id),
    }
    if event.kind in ANNOUNCED and ticket and counter:
        payload["announce"] = announcement(ticket, counter["number"])
    return payload


def encode(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def broadcast(event: QueueEvent) -> dict:
    """Build, number and send one event to its centre's hall group; returns the payload."""
    with _centre_lock(event.centre_id):
        payload = build_payload(event)
        payload["seq"] = next_seq(event.centre_id)
        # `text` is the JSON every plain subscriber forwards as is: encoded once, not per socket.
        message = {"type": "hall.event", "event": payload, "text": encode(payload)}
        send_loop.group_send(hall_group(event.centre_id), message)
    return payload


def on_queue_event(sender, event: QueueEvent, **kwargs) -> None:
    """Receiver of `queue_event` (connected in DisplaysConfig.ready); runs after commit."""
    broadcast(event)


def push_screen_config(screen_id: int) -> None:
    """Tell the open sockets of one configured screen to reload it (after an admin save)."""
    send_loop.group_send(screen_group(screen_id), {"type": "display.config"})
