"""Untrusted input, parsed strictly in one place: JSON bodies, integer, date and id-list
parameters, and NUL characters anywhere in a request. Anything malformed raises `BadInput`, which the API renders as a 400
`{"code", "detail"}` (nafitha.errors) and pages as a 400 page in the visitor's language
(`bad_request`), so a hostile value never reaches `int()`, the ORM or date arithmetic.
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MESSAGES = {
    "parameter_invalid": _("The value of “%(name)s” is not valid."),
    "body_not_object": _("The request body must be a JSON object."),
    "body_too_deep": _("The request body is nested too deeply."),
    "null_character": _("The request contains a null character."),
}

# Deepest nesting any Nafitha request body needs is 3 (an object holding a list of objects).
MAX_JSON_DEPTH = 8
# Dates outside this range cannot hold any of our data; refusing them also keeps every
# "day ± n" and "12 periods back" computation far from date.min and date.max.
EARLIEST_DATE = dt.date(1970, 1, 1)
LATEST_DATE = dt.date(2999, 12, 31)
# ASCII digits only: str.isdigit() accepts "²" and "①", which int() then refuses.
_INTEGER = re.compile(r"[0-9]{1,18}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BadInput(BadRequest):
    """A malformed request value: a stable code and a message in the active language."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % self.params


# --- Query and form parameters ---------------------------------------------------------------


def parse_int(text: str, name: str, *, minimum: int = 0, maximum: int = 2**31 - 1) -> int:
    """A whole number written in ASCII digits, within [minimum, maximum]."""
    if not isinstance(text, str) or not _INTEGER.fullmatch(text):
        raise BadInput("parameter_invalid", name=name)
    value = int(text)
    if not minimum <= value <= maximum:
        raise BadInput("parameter_invalid", name=name)
    return value


def param_int(params: Mapping, name: str, *, default: int | None = None, **bounds) -> int | None:
    """`?name=` as an integer; absent or empty gives `default`."""
    text = params.get(name, "")
    return default if text == "" else parse_int(text, name, **bounds)


def param_date(params: Mapping, name: str, *, default: dt.date | None = None) -> dt.date | None:
    """`?name=YYYY-MM-DD` within the dates Nafitha can hold; absent or empty gives `default`."""
    text = params.get(name, "")
    if text == "":
        return default
    if not isinstance(text, str) or not _DATE.fullmatch(text):
        raise BadInput("parameter_invalid", name=name)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise BadInput("parameter_invalid", name=name) from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise BadInput("parameter_invalid", name=name)
    return day


def id_list(values: Iterable[str], name: str) -> list[int]:
    """Ids posted as repeated form fields (`?requests=3&requests=7`)."""
    return [parse_int(value, name, minimum=1) for value in values]


# --- JSON bodies ---------------------------------------------------------------------------


def _check_json(value) -> None:
    """Refuse parsed JSON nested deeper than MAX_JSON_DEPTH or holding a NUL character
    (PostgreSQL cannot store or compare one), walked without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise ParseError(MESSAGES["null_character"], "null_character")
            continue
        if isinstance(item, dict):
            item = [*item.keys(), *item.values()]
        elif not isinstance(item, list):
            continue
        if depth > MAX_JSON_DEPTH:
            raise ParseError(MESSAGES["body_too_deep"], "body_too_deep")
        stack.extend((child, depth + 1) for child in item)


class JSONObjectParser(JSONParser):
    """Every JSON body of the API is an object: anything else (`[]`, `"x"`, `1`, `null`) or an
    object nested deeper than any request needs is refused as malformed, before a view sees it.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(MESSAGES["body_too_deep"], "body_too_deep") from None
        if not isinstance(data, dict):
            raise ParseError(MESSAGES["body_not_object"], "body_not_object")
        _check_json(data)
        return data


class RefuseNullCharactersMiddleware:
    """A NUL in a path, a query string or a form body is refused before any view runs:
    PostgreSQL raises on one in a query, so any lookup by such a value answered 500.
    (JSON bodies are checked by JSONObjectParser, where escapes are decoded.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            raise BadInput("null_character")
        if request.method in ("POST", "PUT", "PATCH") and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            body = request.body
            if b"\x00" in body or b"%00" in body:
                raise BadInput("null_character")
        return self.get_response(request)


# --- Pages ---------------------------------------------------------------------------------


def bad_request(request, exception=None):
    """handler400: the API's `{code, detail}` under /api/, else the 400 page, both in the
    visitor's language and naming what was wrong."""
    if isinstance(exception, BadInput):
        code, detail = exception.code, exception.message
    else:
        code, detail = "malformed_request", _("This request cannot be understood.")
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "detail": str(detail)}, status=400)
    return render(request, "400.html", {"detail": detail}, status=400)
