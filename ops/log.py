"""Request ids for log lines: one id per HTTP request or websocket connection.

nginx sends its `$request_id` as X-Request-ID; without it (a worker hit directly, tests) a
fresh id is made. The id lives in a context variable, so it follows the request into the
engine's after-commit events and into `sync_to_async` threads.
"""

import contextvars
import logging
import re
import uuid

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

_VALID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_from(header: str | None) -> str:
    """The proxy's id when it looks like one, else a new one (never trust arbitrary text)."""
    if header and _VALID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record, so formatters can print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def log_queue_events(sender, events, **kwargs) -> None:
    """Receiver of `queue_changed`: one structured line per engine event, carrying the id of
    the request (or socket) that caused it."""
    logger = logging.getLogger("ops.events")
    if not logger.isEnabledFor(logging.INFO):
        return
    for event in events:
        logger.info(
            "queue event",
            extra={
                "event": event.kind,
                "centre_id": event.centre_id,
                "ticket_id": event.ticket_id,
                "counter_id": event.counter_id,
                "staff_id": event.staff_id,
            },
        )
