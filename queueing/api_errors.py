"""One error shape for the whole API: {"code": ..., "detail": ...} (plus "fields" for bad input)."""

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from nafitha.input import BadInput
from queueing.errors import QueueError

CODES = {
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
    if isinstance(exc, QueueError):
        return Response({"code": exc.code, "detail": exc.message}, status=exc.status)
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
        code = next((c for cls, c in CODES.items() if isinstance(exc, cls)), "error")
        response.data = {"code": code, "detail": str(exc.detail)}
    return response
