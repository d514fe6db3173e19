"""Logs carry no bearer secrets: ticket, tablet and kiosk tokens and request references are
cut out of every log line, whichever logger wrote it, and only they are."""

import io
import json
import logging
import re
import secrets
import sys

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from pythonjsonlogger.json import JsonFormatter

from ops.log import REDACTED, RedactSecretsFilter, redact

SECRET_KWARGS = {"token", "device_token", "reference"}
SAMPLE = {"int": "7", "slug": "amman", "str": "en", "path": "7"}
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def routes(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from routes(entry, pattern)
        elif isinstance(entry, URLPattern) and not pattern.startswith("^") and "(?P" not in pattern:
            yield pattern


def route_url(route: str, secret: str) -> tuple[str, bool]:
    """A concrete URL of ROUTE (secrets filled with SECRET), and whether it holds one."""
    holds = False

    def fill(match):
        nonlocal holds
        if match[2] in SECRET_KWARGS:
            holds = True
            return secret
        return SAMPLE[match[1] or "str"]

    return "/" + CONVERTER.sub(fill, route), holds


@pytest.mark.parametrize("route", sorted(set(routes())))
def test_it_redacts_exactly_the_secrets_of_every_route(route):
    secret = secrets.token_urlsafe(16) if "reference" not in route else "C-ABCDE-23456-FGHJK"
    url, holds_secret = route_url(route, secret)
    if holds_secret:
        assert secret not in redact(url) and REDACTED in redact(url)
        assert redact(url) == url.replace(secret, REDACTED)
    else:
        assert redact(url) == url


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/ws/ticket/Abc_123-xyz/", "/ws/ticket/[redacted]/"),
        ("/ws/feedback/Abc_123-xyz/", "/ws/feedback/[redacted]/"),
        ("/kiosk/amman/?device=Abc_123-xyz&lang=en", "/kiosk/amman/?device=[redacted]&lang=en"),
        ("/complaints/?lang=en&ticket=Abc_123", "/complaints/?lang=en&ticket=[redacted]"),
        ("/complaints/status/?reference=C-AB", "/complaints/status/?reference=[redacted]"),
        (
            "Open https://nafitha.example/t/Abc_123/ to follow",
            "Open https://nafitha.example/t/[redacted]/ to follow",
        ),
        ("/api/v1/feedback/requests/", "/api/v1/feedback/requests/"),
        ("/api/v1/kiosk/tickets/", "/api/v1/kiosk/tickets/"),
    ],
)
def test_it_redacts_socket_paths_query_secrets_and_full_links(text, expected):
    assert redact(text) == expected


@pytest.fixture
def console():
    """The configured console handler, writing into a buffer; ops access lines at INFO."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactSecretsFilter) for f in h.filters)
    )
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    ops = logging.getLogger("ops")
    level = ops.level
    ops.setLevel(logging.INFO)  # setLevel, not .level: it clears the children's level caches
    yield handler, buffer
    ops.setLevel(level)
    handler.setStream(previous)


@pytest.mark.parametrize("formatter", ["text", "json"])
@pytest.mark.django_db
def test_access_and_django_request_lines_carry_no_token(client, console, formatter):
    handler, buffer = console
    previous = handler.formatter
    if formatter == "json":
        handler.setFormatter(
            JsonFormatter(
                **{k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"}
            )
        )
    token = secrets.token_urlsafe(16)
    try:
        assert client.get(f"/t/{token}/").status_code == 404  # also "Not Found: …" warning
        client.get(f"/api/v1/tickets/{token}/")
    finally:
        handler.setFormatter(previous)

    output = buffer.getvalue()
    assert token not in output
    assert "/t/[redacted]/" in output and "/api/v1/tickets/[redacted]/" in output
    if formatter == "json":
        lines = [json.loads(line) for line in output.splitlines()]
        assert {"/t/[redacted]/"} <= {line.get("path") for line in lines}


def test_it_redacts_arguments_extras_and_tracebacks():
    token = secrets.token_urlsafe(16)
    try:
        raise ValueError(f"no ticket at /t/{token}/")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x",
            logging.ERROR,
            __file__,
            1,
            "failed %s",
            (f"/kiosk/tickets/{token}.pdf",),
            exc_info=sys.exc_info(),
            extra={"path": f"/feedback/tablet/{token}/"},
        )
    assert RedactSecretsFilter().filter(record)
    formatted = logging.Formatter("%(message)s %(path)s").format(record)
    assert token not in formatted
    assert "failed /kiosk/tickets/[redacted].pdf /feedback/tablet/[redacted]/" in formatted
