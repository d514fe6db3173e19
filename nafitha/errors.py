"""One error type for every refusal, rendered one way in the API and one way on pages.

A `Refusal` has a stable code, an HTTP status and a translated message with parameters, and
means that nothing was changed. Each app keeps its own codes in its `errors.py`: a subclass of
`Refusal` with a `messages` table (`queueing.errors.QueueError`, `feedback.errors.FeedbackError`
…). A code means one thing in the whole project: a second table naming it again is refused at
import time, so a message such as "Another employee is working at this counter." is written
once. Services raise refusals and never import DRF; `exception_handler` (the API's
`EXCEPTION_HANDLER`) renders them, and DRF's own exceptions, as `{"code", "detail"}`;
`RefusalMiddleware` renders one raised by a page view as the refusal page. `docs/api.md`
lists every code (`manage.py error_codes`).
"""

from typing import ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from nafitha.input import BadInput

# code -> (HTTP status, message), every app's table merged.
_CODES: dict[str, tuple[int, Promise]] = {}
# code -> the Refusal subclass whose table has it (the docs group codes by app).
_OWNERS: dict[str, type] = {}
_DISCOVERED: list[bool] = []


class Refusal(Exception):
    """A refused operation: nothing has been changed.

    The message is translated in the language active where it is read. The API reads it in
    the language that was active where the refusal was raised (the ticket's language when
    issuing, the employee's at a counter); a page reads it in the page's language.
    """

    messages: ClassVar[dict[str, tuple[int, Promise]]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for code, entry in cls.messages.items():
            if code in _CODES and _OWNERS[code] is not cls:
                raise ImproperlyConfigured(
                    f"error code {code!r} of {cls.__qualname__} is already "
                    f"defined by {_OWNERS[code].__qualname__}"
                )
            _CODES[code] = entry
            _OWNERS[code] = cls

    def __init__(self, code: str, **params):
        table = error_codes()
        if code not in table:
            raise ValueError(f"unknown error code {code!r}")
        self.code = code
        self.params = params
        self.status, self._message = table[code]
        self.language = translation.get_language()
        super().__init__(code)

    @property
    def message(self) -> str:
        text = str(self._message)
        return text % self.params if self.params else text

    @property
    def detail(self) -> str:
        """The message in the language active where the refusal was raised."""
        with translation.override(self.language):
            return self.message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def error_codes() -> dict[str, tuple[int, Promise]]:
    """Every app's codes: each app's `errors` module is imported the first time."""
    if not _DISCOVERED:
        autodiscover_modules("errors")
        _DISCOVERED.append(True)
    return _CODES


def message_of(code: str) -> str:
    """A code's message in the active language, for pages that show it before it happens."""
    return str(error_codes()[code][1])


def error_owner(code: str) -> str:
    """The app whose table defines `code`."""
    error_codes()
    return _OWNERS[code].__module__.split(".")[0]


# --- The API -------------------------------------------------------------------------------

# DRF's own exceptions keep DRF's (translated) messages under these codes.
DRF_CODES = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.Throttled: "throttled",
    exceptions.ParseError: "malformed_request",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
}


def exception_handler(exc, context):
    """`{"code", "detail"}` for every error of the API (plus `fields` for invalid input)."""
    if isinstance(exc, Refusal):
        return Response({"code": exc.code, "detail": exc.detail}, status=exc.status)
    if isinstance(exc, BadInput):
        return Response(
            {"code": exc.code, "detail": exc.message}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, exceptions.ValidationError):
        return Response(
            {
                "code": "invalid",
                "detail": _("Some fields are missing or not valid."),
                "fields": exc.detail,
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        code = next((c for cls, c in DRF_CODES.items() if isinstance(exc, cls)), "error")
        response.data = {"code": code, "detail": str(exc.detail)}
    return response


def error_table() -> list[tuple[str, int, str, str]]:
    """Every code the API answers with, as (code, status, where, English message), sorted by
    where it comes from: docs/api.md is generated from this (`manage.py error_codes`)."""
    from nafitha.input import MESSAGES as INPUT_MESSAGES

    rows = {}
    with translation.override("en"):
        for cls, code in DRF_CODES.items():
            rows[code] = (code, cls.status_code, "api", str(cls.default_detail))
        rows["invalid"] = ("invalid", 400, "api", _("Some fields are missing or not valid."))
        for code in ("parameter_invalid", "null_character"):
            message = str(INPUT_MESSAGES[code]) % {"name": "…"}
            rows[code] = (code, 400, "input", message)
        for code, (status_code, message) in error_codes().items():
            rows[code] = (code, status_code, error_owner(code), str(message))
    return sorted(rows.values(), key=lambda row: (row[2] != "api", row[2], row[0]))


def error_table_markdown() -> str:
    lines = ["| code | status | from | meaning |", "|---|---|---|---|"]
    lines += [
        f"| `{c}` | {status} | {where} | {text} |" for c, status, where, text in error_table()
    ]
    return "\n".join(lines) + "\n"


# --- Pages ---------------------------------------------------------------------------------


def render_refusal(request, error: Refusal):
    """The refusal page: the message in the page's language, with the status and the code."""
    return render(request, "refusal.html", {"error": error}, status=error.status)


class RefusalMiddleware:
    """A refusal raised by a page view becomes the refusal page (API views render their own
    through `exception_handler` before this sees them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Refusal):
            return render_refusal(request, exception)
        return None
