"""Who is asking: the one client address of the whole project, and the limits keyed on it.

A client-supplied `X-Forwarded-For` is believed only as far as the deployment vouches for it:
`NAFITHA_TRUSTED_PROXIES` says how many proxies in front of Nafitha each *set or append* one
address to the header (0, the embedded server: the header is ignored; 1, the shipped nginx,
which sets it from its peer's address). The client is the Nth address from the right; what a
client wrote further left is never read. Every per-client throttle (DRF views, plain form
posts, websockets) and the metrics allow-list go through `client_address`
(docs/security.md).
"""

import ipaddress

from django.conf import settings
from django.utils.crypto import salted_hmac
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 clients get a /64 each, so they are counted by that network, not by address.
IPV6_CLIENT_PREFIX = 64


def _resolve(peer: str | None, forwarded: str | None) -> Address | None:
    proxies = settings.NAFITHA_TRUSTED_PROXIES
    try:
        if proxies and forwarded:
            hops = [hop.strip() for hop in forwarded.split(",")]
            if len(hops) >= proxies:
                return ipaddress.ip_address(hops[-proxies])
        return ipaddress.ip_address(peer or "")
    except ValueError:
        return None


def client_address(request) -> Address | None:
    """The address of the client behind a Django request (None if it cannot be read)."""
    return _resolve(request.META.get("REMOTE_ADDR"), request.headers.get("X-Forwarded-For"))


def scope_client_address(scope: dict) -> Address | None:
    """The same for an ASGI connection scope (websockets)."""
    forwarded = [
        v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"x-forwarded-for"
    ]
    peer = (scope.get("client") or (None,))[0]
    return _resolve(peer, ",".join(forwarded) or None)


def client_ident(address: Address | None) -> str:
    """What per-client limits count by: the address, or an IPv6 client's /64."""
    if address is None:
        return "unknown"
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(address)


def client_key(request) -> str:
    """An opaque, stable key of the request's client for records kept in the database
    (idempotency scopes, daily allowances): a keyed hash, never the address itself."""
    digest = salted_hmac("nafitha.clients", client_ident(client_address(request)))
    return "ip:" + digest.hexdigest()[:32]


class ClientIdentMixin:
    """DRF throttles count anonymous callers by `client_ident`, never by the raw header."""

    def get_ident(self, request):
        return client_ident(client_address(request))


class ClientRateThrottle(ClientIdentMixin, ScopedRateThrottle):
    """The project's per-client throttle: a view sets `throttle_scope` as with DRF's."""


class PageThrottle(ClientIdentMixin, SimpleRateThrottle):
    """The same limits for plain (non-DRF) views: `PageThrottle("scope").allow_request(...)`."""

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
