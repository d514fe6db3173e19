"""One client address for every per-client limit: the X-Forwarded-For a client writes itself
never names it, whatever the number of trusted proxies."""

import ipaddress

import pytest
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from kiosk.api import DeviceThrottle
from nafitha.clients import ClientIdentMixin, client_address, client_ident, scope_client_address

rf = RequestFactory()


def address(peer, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(rf.get("/", REMOTE_ADDR=peer, **headers))


def test_it_ignores_the_header_without_trusted_proxies(settings):
    settings.NAFITHA_TRUSTED_PROXIES = 0
    assert address("203.0.113.9", "198.51.100.1") == ipaddress.ip_address("203.0.113.9")


def test_it_takes_the_address_the_last_proxy_saw(settings):
    settings.NAFITHA_TRUSTED_PROXIES = 1
    forged = "10.0.0.1, 192.0.2.77, 198.51.100.20"
    assert address("127.0.0.1", forged) == ipaddress.ip_address("198.51.100.20")


def test_it_takes_the_nth_address_from_the_right_behind_two_proxies(settings):
    settings.NAFITHA_TRUSTED_PROXIES = 2
    forged = "10.0.0.1, 198.51.100.20, 10.1.2.3"
    assert address("127.0.0.1", forged) == ipaddress.ip_address("198.51.100.20")


def test_a_request_that_bypassed_the_proxies_counts_by_its_peer(settings):
    settings.NAFITHA_TRUSTED_PROXIES = 2
    assert address("203.0.113.9", "198.51.100.20") == ipaddress.ip_address("203.0.113.9")
    assert address("203.0.113.9") == ipaddress.ip_address("203.0.113.9")


def test_garbage_in_the_trusted_position_names_no_client(settings):
    settings.NAFITHA_TRUSTED_PROXIES = 1
    assert address("127.0.0.1", "not-an-address") is None
    assert client_ident(None) == "unknown"


def test_a_websocket_scope_resolves_the_same_way(settings):
    settings.NAFITHA_TRUSTED_PROXIES = 1
    scope = {
        "client": ["127.0.0.1", 50000],
        "headers": [(b"x-forwarded-for", b"10.9.9.9, 198.51.100.20")],
    }
    assert scope_client_address(scope) == ipaddress.ip_address("198.51.100.20")
    settings.NAFITHA_TRUSTED_PROXIES = 0
    assert scope_client_address(scope) == ipaddress.ip_address("127.0.0.1")


def test_an_ipv6_client_counts_as_its_slash_64():
    one = client_ident(ipaddress.ip_address("2001:db8:1:2::1"))
    other = client_ident(ipaddress.ip_address("2001:db8:1:2:ffff::9"))
    assert one == other == "2001:db8:1:2::/64"
    assert client_ident(ipaddress.ip_address("::ffff:192.0.2.7")) == "192.0.2.7"


def _views(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _views(entry)
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "cls", None) or getattr(
                entry.callback, "view_class", None
            )
            if view is not None:
                yield entry.pattern, view


def test_every_throttled_view_counts_clients_by_the_trusted_address():
    throttled = [(str(p), view) for p, view in _views() if getattr(view, "throttle_classes", ())]
    assert throttled, "no throttled view found: has the URL map changed?"
    wrong = [
        (pattern, throttle.__name__)
        for pattern, view in throttled
        for throttle in view.throttle_classes
        if not issubclass(throttle, ClientIdentMixin | DeviceThrottle)
    ]
    assert wrong == []


@pytest.mark.django_db
@pytest.mark.parametrize("proxies", [0, 1])
def test_rotating_x_forwarded_for_does_not_lift_the_issue_throttle(
    settings, client, centre, passport, proxies
):
    from queueing.models import Ticket

    settings.NAFITHA_TRUSTED_PROXIES = proxies
    settings.NAFITHA_CHANNEL_ALLOWANCES = {}  # the throttle alone
    statuses = []
    for n in range(40):
        forged = f"10.{n}.{n}.{n}"
        # Behind nginx the header ends with the address nginx saw; anything left of it is
        # the client's own writing.
        header = f"{forged}, 198.51.100.20" if proxies else forged
        response = client.post(
            f"/api/v1/centres/{centre.code}/tickets/",
            {"services": ["passport-renewal"]},
            content_type="application/json",
            REMOTE_ADDR="127.0.0.1" if proxies else "198.51.100.20",
            HTTP_X_FORWARDED_FOR=header,
        )
        statuses.append(response.status_code)
    assert statuses == [201] * 30 + [429] * 10
    assert response.json()["code"] == "throttled"
    assert Ticket.objects.count() == 30


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_lift_the_complaint_form_throttle(settings, client):
    from feedback.models import CitizenRequest

    settings.NAFITHA_TRUSTED_PROXIES = 1
    statuses = [
        client.post(
            "/complaints/",
            {"kind": "complaint", "body": "The screen was broken.", "language": "en"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.20",
        ).status_code
        for n in range(7)
    ]
    assert CitizenRequest.objects.count() == 5
    assert statuses[-1] != 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scope", "method", "path", "body"),
    [
        ("auth", "post", "/api/v1/auth/token/", {"username": "x", "password": "y"}),
        (
            "citizen_request",
            "post",
            "/api/v1/feedback/requests/",
            {"kind": "suggestion", "body": "More chairs, please."},
        ),
        ("request_status", "get", "/api/v1/feedback/requests/NF-ABCD-1234/", None),
        ("public_read", "get", "/api/v1/tickets/not-a-token/", None),
    ],
)
def test_rotating_x_forwarded_for_lifts_no_other_public_throttle(
    settings, client, monkeypatch, scope, method, path, body
):
    from rest_framework.throttling import SimpleRateThrottle

    settings.NAFITHA_TRUSTED_PROXIES = 1
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, "2/min")
    statuses = [
        getattr(client, method)(
            path,
            body,
            content_type="application/json",
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.1.1.{n}, 198.51.100.20",
        ).status_code
        for n in range(3)
    ]
    assert statuses[2] == 429 and 429 not in statuses[:2]
