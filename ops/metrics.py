"""Prometheus metrics of a Nafitha worker, exposed at /metrics.

Several workers run on one host, so production sets PROMETHEUS_MULTIPROC_DIR and every
process writes its samples there; any worker's /metrics then reports the sum over all of
them (prometheus_client's multiprocess mode). Without it, a process reports itself.
"""

import datetime as dt
import os
from pathlib import Path

from django.db.models import Count
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from centre.models import Centre
from queueing.events import QueueEvent
from queueing.models import Ticket

TICKET_EVENTS = Counter(
    "nafitha_ticket_events",
    "Ticket events by centre and kind (issued, called, completed, ...).",
    ["centre", "kind"],
)
WEBSOCKETS = Gauge(
    "nafitha_websocket_connections",
    "Open websocket connections by stream, per worker process.",
    ["stream"],
    multiprocess_mode="liveall",
)
EVENT_LATENCY = Histogram(
    "nafitha_event_publish_to_send_seconds",
    "Time from a queue event to its frame being sent on a socket.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
REQUEST_LATENCY = Histogram(
    "nafitha_http_request_duration_seconds",
    "HTTP request latency inside Django, by method and status class.",
    ["method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

REDIS_OUTAGES = Counter(
    "nafitha_redis_outages",
    "Times a Redis user of a worker (cache, channel_layer, events) lost Redis; logged once each.",
    ["component"],
)
REDIS_FALLBACKS = Counter(
    "nafitha_redis_fallback_operations",
    "Operations served without Redis: cache calls answered per process, broadcasts dropped.",
    ["component"],
)
REDIS_DEGRADED = Gauge(
    "nafitha_redis_degraded",
    "1 while a Redis user of a live worker runs without Redis.",
    ["component"],
    multiprocess_mode="livemax",
)

_centre_codes: dict[int, str] = {}


def count_queue_events(sender, events: tuple[QueueEvent, ...], **kwargs) -> None:
    """Receiver of `queueing.events.queue_changed`."""
    for event in events:
        if not event.kind.startswith("ticket."):
            continue
        code = _centre_codes.get(event.centre_id)
        if code is None:
            code = Centre.objects.filter(pk=event.centre_id).values_list("code", flat=True).first()
            _centre_codes[event.centre_id] = code = code or str(event.centre_id)
        TICKET_EVENTS.labels(centre=code, kind=event.kind.removeprefix("ticket.")).inc()


def observe_event_latency(published_at: dt.datetime) -> None:
    """Record one event frame leaving a socket; the real-time layer or a wrapper calls it."""
    EVENT_LATENCY.observe(max(0.0, (dt.datetime.now(dt.UTC) - published_at).total_seconds()))


class WaitingTickets:
    """Waiting tickets per centre, read from the database at scrape time."""

    def collect(self):
        family = GaugeMetricFamily(
            "nafitha_waiting_tickets", "Tickets waiting to be called, by centre.", labels=["centre"]
        )
        rows = (
            Ticket.objects.filter(status=Ticket.Status.WAITING)
            .values_list("centre__code")
            .annotate(n=Count("id"))
            .order_by()
        )
        for code, n in rows:
            family.add_metric([code], n)
        yield family


def multiprocess_dir() -> Path | None:
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(path) if path else None


def forget_dead_processes() -> None:
    """Drop the live gauges of worker processes that died without cleaning up (SIGKILL)."""
    directory = multiprocess_dir()
    if directory is None:
        return
    for path in directory.glob("gauge_live*_*.db"):
        pid = int(path.stem.rsplit("_", 1)[1])
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            multiprocess.mark_process_dead(pid, str(directory))
        except PermissionError:
            pass  # alive, owned by another user


def exposition() -> bytes:
    """The text exposition format of every metric, summed over workers when multiprocess."""
    if multiprocess_dir():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    live = CollectorRegistry()
    live.register(WaitingTickets())
    return generate_latest(registry) + generate_latest(live)
