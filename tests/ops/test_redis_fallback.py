"""With Redis unreachable, the throttles' cache falls back per process: kiosks keep issuing
tickets (never a 500), the limit still holds, and the outage is logged once, counted and
shown by /readyz as "degraded" while the worker stays in rotation."""

import logging
import socket

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from ops.redis import outages
from queueing.models import Ticket
from tests.ops.conftest import sample

URL = "/api/v1/centres/amman/tickets/"


def unreachable_redis_url() -> str:
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def redis_gone(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "ops.redis.FallbackRedisCache",
            "LOCATION": unreachable_redis_url(),
            "KEY_PREFIX": "nafitha-test-fallback",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    outage = outages["cache"]
    outage.since, outage.retry_at = None, 0.0
    yield
    outage.since, outage.retry_at = None, 0.0


def test_it_issues_tickets_under_a_per_process_limit_while_redis_is_away(
    redis_gone, centre, passport, monkeypatch, caplog
):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "ticket_issue", "3/min")
    # Saving the fixtures already met the dead Redis (the registry cache's generation): start
    # the outage afresh so the requests below are the ones that find Redis gone.
    outages["cache"].since, outages["cache"].retry_at = None, 0.0
    outages_before = sample("nafitha_redis_outages_total", component="cache")
    fallbacks_before = sample("nafitha_redis_fallback_operations_total", component="cache")
    api = APIClient()

    with caplog.at_level(logging.WARNING, logger="ops.redis"):
        codes = [
            api.post(URL, {"services": ["passport-renewal"]}, format="json").status_code
            for _ in range(5)
        ]

    assert codes == [201, 201, 201, 429, 429]
    assert Ticket.objects.count() == 3
    unreachable = [r for r in caplog.records if "Redis unreachable" in r.getMessage()]
    assert len(unreachable) == 1  # once per outage, not per request
    assert sample("nafitha_redis_outages_total", component="cache") == outages_before + 1
    assert sample("nafitha_redis_fallback_operations_total", component="cache") >= (
        fallbacks_before + 5
    )
    assert sample("nafitha_redis_degraded", component="cache") == 1


def test_readyz_reports_degraded_and_stays_in_rotation(redis_gone, centre, passport, client):
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["ok"]
    assert not body["checks"]["cache"]["ok"]
    assert "ConnectionError" in body["checks"]["cache"]["error"]


def test_the_cache_keeps_one_redis_client_per_connection_pool(redis_gone):
    from django.core.cache import cache

    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is client  # not a new redis.Redis per call
    assert client.connection_pool is cache._cache._pools[0]
