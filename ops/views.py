"""Health, readiness and metrics endpoints for load balancers and Prometheus."""

import asyncio
import hmac
import time

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from nafitha.clients import client_address
from ops import metrics
from ops.redis import degraded, redis_answers


@never_cache
@require_GET
def healthz(request):
    """The process is up and answering; nothing else is checked."""
    return JsonResponse({"status": "ok"})


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        check()
        result = {"ok": True}
    except Exception as exc:  # any failure means "not ready"; report it, don't raise
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    result["ms"] = round((time.perf_counter() - started) * 1000, 2)
    return result


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def _channel_layer_round_trip() -> None:
    layer = get_channel_layer()

    async def round_trip():
        channel = await layer.new_channel("ops.readyz.")
        await layer.send(channel, {"type": "ops.ping"})
        await layer.receive(channel)

    await asyncio.wait_for(round_trip(), timeout=2)


@never_cache
@require_GET
def readyz(request):
    """Ready for traffic: the database answers. Without Redis (cache, channel layer) the
    worker still serves, per process (ops/redis.py): "degraded", and still 200, so that a
    Redis outage never takes every worker out of the load balancer."""
    checks = {
        "database": _timed(_database),
        "channel_layer": _timed(async_to_sync(_channel_layer_round_trip)),
    }
    if hasattr(cache, "ping"):
        checks["cache"] = _timed(cache.ping)
    if all(check["ok"] for check in checks.values()):
        redis_answers()
    if not checks["database"]["ok"]:
        status = "unavailable"
    elif all(check["ok"] for check in checks.values()) and not degraded():
        status = "ok"
    else:
        status = "degraded"
    return JsonResponse(
        {"status": status, "checks": checks, "degraded": degraded()},
        status=503 if status == "unavailable" else 200,
    )


def metrics_allowed(request) -> bool:
    token = settings.OPS_METRICS_TOKEN
    auth = request.headers.get("Authorization", "")
    if token and auth.startswith("Bearer ") and hmac.compare_digest(auth[7:], token):
        return True
    address = client_address(request)
    return address is not None and any(address in net for net in settings.OPS_METRICS_NETWORKS)


@never_cache
@require_GET
def metrics_view(request):
    """Prometheus text format; only for the configured networks or a bearer token."""
    if not metrics_allowed(request):
        return JsonResponse(
            {"code": "forbidden", "detail": _("Metrics are available only to monitoring.")},
            status=403,
        )
    return HttpResponse(
        metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8"
    )
