"""Riding out a Redis restart: Redis is a broker and a cache, PostgreSQL holds the truth.

Every Redis user of a worker process degrades instead of failing a request, and recovers by
itself (docs/deploy.md, "When Redis goes away"):

* `FallbackRedisCache` (the cache, so the DRF throttles): while Redis is unreachable it
  serves from a per-process memory cache, so a throttle still limits each worker process;
  it tries Redis again every few seconds.
* `ResilientRedisChannelLayer` (the channel layer): `receive()` waits for Redis instead of
  raising (which crashed every socket's consumer and left the process's hall relay dead),
  then adds this process's group memberships again (a restarted Redis has forgotten them)
  and tells its recovery listeners, so the relay can send its sockets a fresh snapshot.
  Sends retry once on a stale pooled connection.

`outages` records, per component and process, when Redis went away: logged once when an
outage starts and once when it ends (never per request), counted in /metrics, and reported
by /readyz as "degraded".
"""

import asyncio
import contextlib
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable

import redis
from channels_redis.core import RedisChannelLayer
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from ops import metrics

log = logging.getLogger(__name__)

# What an unreachable, restarting or still-loading Redis raises (BusyLoadingError is a
# ConnectionError); OSError covers a refused or reset socket that redis-py did not wrap.
REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

# Seconds between attempts to reach Redis again while it is away.
RETRY_SECONDS = 2.0


class Outage:
    """Whether one Redis user of this process runs without Redis, and since when."""

    def __init__(self, component: str):
        self.component = component
        self.since: float | None = None
        self.retry_at = 0.0
        self._lock = threading.Lock()

    @property
    def degraded(self) -> bool:
        return self.since is not None

    def failed(self, error: BaseException) -> None:
        """Redis failed this component: logged and counted once per outage."""
        self.retry_at = time.monotonic() + RETRY_SECONDS
        with self._lock:
            if self.since is not None:
                return
            self.since = time.monotonic()
        metrics.REDIS_OUTAGES.labels(component=self.component).inc()
        metrics.REDIS_DEGRADED.labels(component=self.component).set(1)
        log.warning(
            "Redis unreachable: %s degraded until it returns (%s: %s)",
            self.component,
            type(error).__name__,
            error,
        )

    def recovered(self) -> None:
        with self._lock:
            if self.since is None:
                return
            seconds, self.since = time.monotonic() - self.since, None
        metrics.REDIS_DEGRADED.labels(component=self.component).set(0)
        log.warning("Redis is back: %s recovered after %.1f s", self.component, seconds)

    def should_try(self) -> bool:
        """While degraded, try Redis only every RETRY_SECONDS (a refused or hanging connect
        per request would slow every request down)."""
        return self.since is None or time.monotonic() >= self.retry_at


outages = {name: Outage(name) for name in ("cache", "channel_layer", "events")}


def degraded() -> list[str]:
    """The components of this process whose last Redis call failed."""
    return [name for name, outage in outages.items() if outage.degraded]


def redis_answers() -> None:
    """Redis answered this process's checks: a component idle since its outage (no event
    to broadcast in a while) is not reported degraded any longer."""
    for outage in outages.values():
        outage.recovered()


# --- Cache ------------------------------------------------------------------------------------


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, keeping its `redis.Redis` object instead of building one
    for every cache call (redis-py 8 builds its response callbacks and retry policy in each
    one: a third of a cache read's Python time in the profile of a ticket action). The
    object is a thin, thread-safe front of the connection pool, which Django already keeps."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, redis.Redis] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._client(connection_pool=self._pools[index])
            client = self._clients.setdefault(index, client)
        return client


class FallbackRedisCache(RedisCache):
    """Django's Redis cache that answers from a per-process memory cache while Redis is away.

    DRF's throttles read and write their history here before any work, so a Redis error
    used to turn every throttled request (ticket issue at the kiosk) into a 500. Now a
    throttle keeps limiting each worker process on its own (N workers: up to N times the
    rate), and cached values are simply missing after Redis returns.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        # LocMemCache shares its storage by name: every thread's instance sees the same one.
        local = {key: params[key] for key in ("TIMEOUT", "KEY_PREFIX", "VERSION") if key in params}
        self.fallback = LocMemCache(f"nafitha-redis-fallback:{server}", local)
        self.outage = outages["cache"]

    def _call(self, name: str, *args, **kwargs):
        if self.outage.should_try():
            try:
                result = getattr(RedisCache, name)(self, *args, **kwargs)
            except REDIS_DOWN as error:
                self.outage.failed(error)
            else:
                self.outage.recovered()
                return result
        metrics.REDIS_FALLBACKS.labels(component="cache").inc()
        return getattr(self.fallback, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self, *args, **kwargs):
        return self._call("clear", *args, **kwargs)

    def ping(self) -> None:
        """Raise unless Redis answers now (for /readyz; ignores the retry interval)."""
        self._cache.get_client(write=True).ping()


# --- Channel layer ----------------------------------------------------------------------------


class ResilientRedisChannelLayer(RedisChannelLayer):
    """channels_redis's layer, riding out a Redis restart (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outage = outages["channel_layer"]
        # group -> channels of this process, to add again after a Redis restart.
        self.memberships: dict[str, set[str]] = defaultdict(set)
        self.recovery_listeners: set[Callable[[], Awaitable[None]]] = set()
        self._recovery: dict[asyncio.AbstractEventLoop, asyncio.Future] = {}

    async def _once_more(self, method, *args):
        """One retry: redis-py drops a connection that failed, so the retry gets a new one."""
        try:
            result = await method(*args)
        except REDIS_DOWN:
            result = await method(*args)
        self.outage.recovered()
        return result

    async def send(self, channel, message):
        try:
            return await self._once_more(super().send, channel, message)
        except REDIS_DOWN as error:
            self.outage.failed(error)
            raise

    async def group_send(self, group, message):
        try:
            return await self._once_more(super().group_send, group, message)
        except REDIS_DOWN as error:
            self.outage.failed(error)
            raise

    async def group_add(self, group, channel):
        # Remembered first: a socket joining while Redis is away is added on its return.
        self.memberships[group].add(channel)
        try:
            await self._once_more(super().group_add, group, channel)
        except REDIS_DOWN as error:
            self.outage.failed(error)

    async def group_discard(self, group, channel):
        members = self.memberships.get(group)
        if members is not None:
            members.discard(channel)
            if not members:
                del self.memberships[group]
        try:
            await self._once_more(super().group_discard, group, channel)
        except REDIS_DOWN as error:
            self.outage.failed(error)  # the membership expires in Redis by itself

    async def receive(self, channel):
        while True:
            try:
                return await super().receive(channel)
            except REDIS_DOWN as error:
                self.outage.failed(error)
                await self._recovered()

    def _recovered(self) -> asyncio.Future:
        """One recovery per event loop, however many receivers wait for it."""
        loop = asyncio.get_running_loop()
        future = self._recovery.get(loop)
        if future is None or future.done():
            future = self._recovery[loop] = asyncio.ensure_future(self._recover())
        return asyncio.shield(future)

    async def _recover(self) -> None:
        while True:
            await asyncio.sleep(RETRY_SECONDS / 4)
            try:
                await self.connection(0).ping()
                for group, channels in list(self.memberships.items()):
                    for channel in list(channels):
                        await super().group_add(group, channel)
                break
            except REDIS_DOWN:
                await asyncio.sleep(RETRY_SECONDS)
        self.outage.recovered()
        for listener in list(self.recovery_listeners):
            with contextlib.suppress(Exception):
                await listener()
