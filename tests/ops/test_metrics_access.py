import ipaddress

import pytest

pytestmark = [pytest.mark.urls("ops.urls"), pytest.mark.django_db]


def test_it_serves_prometheus_text_to_the_local_network(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    assert b"# TYPE nafitha_http_request_duration_seconds histogram" in response.content


def test_it_refuses_other_networks(client):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_it_uses_the_address_nginx_reports(client, settings):
    settings.NAFITHA_TRUSTED_PROXIES = 1
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 403


def test_it_ignores_a_forwarded_address_without_a_trusted_proxy(client, settings):
    settings.NAFITHA_TRUSTED_PROXIES = 0
    response = client.get("/metrics", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert response.status_code == 403


def test_it_reads_only_what_the_trusted_proxy_added(client, settings):
    settings.NAFITHA_TRUSTED_PROXIES = 1
    forged = "127.0.0.1, 203.0.113.9"
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR=forged).status_code == 403


def test_it_accepts_the_bearer_token_from_anywhere(client, settings):
    settings.OPS_METRICS_TOKEN = "s3cret-token"
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert (
        client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token", **outside).status_code
        == 200
    )
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", **outside).status_code == 403


def test_it_allows_the_configured_networks_only(client, settings):
    settings.OPS_METRICS_NETWORKS = [ipaddress.ip_network("10.20.0.0/16")]
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/metrics").status_code == 403
