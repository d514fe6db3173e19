"""Request ids, access log lines and latency for HTTP; connection counts for websockets."""

import datetime as dt
import json
import logging
import time

from ops import metrics
from ops.log import request_id, request_id_from

access_log = logging.getLogger("ops.access")


class RequestIdMiddleware:
    """First in MIDDLEWARE: tags the request with an id, times it and logs one line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request_id_from(request.headers.get("X-Request-ID"))
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            response["X-Request-ID"] = rid
            metrics.REQUEST_LATENCY.labels(
                method=request.method, status=f"{response.status_code // 100}xx"
            ).observe(elapsed)
            access_log.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )
            return response
        finally:
            request_id.reset(token)


def _stream(path: str) -> str:
    """`/ws/display/amman/` → `display`: a small, fixed set of label values."""
    parts = path.strip("/").split("/")
    return parts[1] if len(parts) > 1 and parts[0] == "ws" else "other"


def _event_time(text: str) -> dt.datetime | None:
    """The `at` of a queue event frame (`ticket.*`, `counter.*`), not of snapshots or beats."""
    if '"seq"' not in text:
        return None
    try:
        frame = json.loads(text)
        if not frame.get("type", "").startswith(("ticket.", "counter.")):
            return None
        return dt.datetime.fromisoformat(frame["at"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


class WebsocketMetricsMiddleware:
    """ASGI middleware around the websocket router: counts open sockets per stream, gives
    each connection a request id, and times queue event frames from event to send."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        headers = dict(scope.get("headers", ()))
        token = request_id.set(request_id_from(headers.get(b"x-request-id", b"").decode("latin-1")))
        gauge = metrics.WEBSOCKETS.labels(stream=_stream(scope.get("path", "")))
        accepted = False

        async def send_measured(message):
            nonlocal accepted
            if message["type"] == "websocket.accept" and not accepted:
                accepted = True
                gauge.inc()
            elif message["type"] == "websocket.send" and message.get("text"):
                at = _event_time(message["text"])
                if at is not None:
                    metrics.observe_event_latency(at)
            await send(message)

        try:
            return await self.app(scope, receive, send_measured)
        finally:
            if accepted:
                gauge.dec()
            request_id.reset(token)
