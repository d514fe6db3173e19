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


# Bearer secrets that travel in URLs: ticket tokens (tracking page, PDF, QR, API, socket),
# feedback-tablet tokens, request reference numbers, the kiosk activation `?device=`, and
# the token of a remote ticket's "when to leave" page (/book/remote/<token>/, and its status
# endpoint /api/v1/appointments/remote/<token>/status/).
# The nginx access log applies the same rules (deploy/nginx/nafitha.conf.template), and
# tests/ops/test_log_redaction.py checks them against every route of the URL map.
SECRET_IN_URL = re.compile(
    r"(?P<keep>"
    r"(?:https?://[^/\s\"']+|(?<![\w.%-]))"  # a path's start: after a host, or not in a word
    r"(?:/api/v1/(?:tickets|feedback/(?:visits|tablets|requests|queue))/"
    r"|/api/v1/appointments/remote/(?!cancel/)"
    r"|/(?:t|ws/ticket|ws/feedback|kiosk/tickets|feedback/tablet|book/remote)/"
    r"|/feedback/(?!(?:tablet|tablets|evaluate|improvements|visits|requests|queue|figures)/)"
    r"|/complaints/(?:manage/)?(?!(?:status|manage)/|export\.csv)"
    r"))[^/?#&\s\"'.]+"
    r"|(?P<param>[?&](?:device|ticket|token|reference)=)[^&#\s\"']*"
)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """TEXT with every secret of a URL in it replaced, the route around it kept."""
    return SECRET_IN_URL.sub(lambda m: (m["keep"] or m["param"]) + REDACTED, text)


# A record's own attributes (file name, function, …), as opposed to the extras callers add.
_PLAIN_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class RedactSecretsFilter(logging.Filter):
    """On the log handlers: no record leaves the process with a token or reference in it,
    whichever logger wrote it (Django's "Not Found: /t/<token>/" too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            # Formatters print exc_text; the JSON one re-formats exc_info unless it is gone.
            record.exc_text, record.exc_info = redact(record.exc_text), None
        for name, value in list(vars(record).items()):
            if name in _PLAIN_ATTRIBUTES:
                continue
            if isinstance(value, str):
                setattr(record, name, redact(value))
            elif name == "request":  # Django's request loggers: printed as <WSGIRequest: path>
                setattr(record, name, redact(repr(value)))
        return True


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
