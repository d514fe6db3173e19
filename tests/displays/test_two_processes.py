"""Two Daphne processes sharing Redis and PostgreSQL: a call made through one reaches a display
connected to the other."""

import asyncio
import json
import os

import httpx
import pytest
from django.conf import settings
from websockets.asyncio.client import connect

from bench.display_latency import Cluster

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def postgres_server() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"


async def call_on_one_receive_on_the_other(cluster: Cluster) -> tuple[dict, dict]:
    first, second = cluster.urls
    async with connect(cluster.ws_url(1, "/ws/display/amman/"), origin=second) as ws:
        snapshot = json.loads(await ws.recv())
        async with httpx.AsyncClient(base_url=first + "/api/v1") as api:
            token = await api.post(
                "/auth/token/", json={"username": "agent1", "password": "nafitha-demo"}
            )
            api.headers["Authorization"] = f"Token {token.json()['token']}"
            await api.post("/centres/amman/counters/1/complete/", json={})
            response = await api.post("/centres/amman/counters/1/call-next/")
            assert response.status_code == 200, response.text
        ticket = response.json()["ticket"]
        while True:
            event = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if event["type"] == "ticket.called":
                return snapshot, {**event, "expected": ticket["number"]}


def test_it_delivers_a_call_across_daphne_processes():
    with Cluster(postgres=postgres_server(), redis_url=os.environ["REDIS_URL"]) as cluster:
        snapshot, event = asyncio.run(call_on_one_receive_on_the_other(cluster))
    assert event["ticket"]["number"] == event["expected"]
    assert event["counter"]["number"] == 1
    assert event["seq"] > snapshot["seq"]
