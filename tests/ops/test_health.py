import pytest
from django.db import OperationalError

pytestmark = pytest.mark.urls("ops.urls")


def test_it_answers_healthz_without_touching_the_database(client):
    response = client.get("/healthz")  # no django_db mark: a query would raise
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_it_is_ready_when_database_and_channel_layer_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert set(checks) == {"database", "channel_layer"}
    assert all(check["ok"] and check["ms"] >= 0 for check in checks.values())


@pytest.mark.django_db
def test_it_is_unavailable_when_the_database_fails(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr("ops.views._database", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["error"] == "OperationalError: connection refused"
    assert body["checks"]["channel_layer"]["ok"]


@pytest.mark.django_db
def test_it_is_degraded_but_in_rotation_when_the_channel_layer_fails(client, monkeypatch):
    class Down:
        async def new_channel(self, prefix):
            raise ConnectionError("redis down")

    monkeypatch.setattr("ops.views.get_channel_layer", Down)
    response = client.get("/readyz")
    assert response.status_code == 200  # HTTP still works without Redis (ops/redis.py)
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["channel_layer"]["error"] == "ConnectionError: redis down"
