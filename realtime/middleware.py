"""The cap on open websockets per client, in front of every socket (docs/realtime.md)."""

from collections import Counter

from django.conf import settings

from nafitha.clients import client_ident, scope_client_address

# Close code of a websocket refused because its client has too many open (docs/realtime.md).
WS_CLOSE_TOO_MANY = 4429


class WebsocketsPerClient:
    """ASGI middleware: at most NAFITHA_WS_PER_CLIENT open websockets per client in this
    process. One more is accepted and closed at once with code 4429, so a browser sees why;
    nothing behind this middleware runs for it. nginx caps the total across workers."""

    def __init__(self, app):
        self.app = app
        self.open: Counter[str] = Counter()

    async def __call__(self, scope, receive, send):
        ident = client_ident(scope_client_address(scope))
        if self.open[ident] >= settings.NAFITHA_WS_PER_CLIENT:
            await receive()  # websocket.connect
            await send({"type": "websocket.accept"})
            await send({"type": "websocket.close", "code": WS_CLOSE_TOO_MANY})
            return None
        self.open[ident] += 1
        try:
            return await self.app(scope, receive, send)
        finally:
            self.open[ident] -= 1
            if not self.open[ident]:
                del self.open[ident]
