"""Refuse counter actions from a console tab that no longer holds the counter.

The console sends its tab id in `X-Console-Tab` with every call to the counter action API
(`/api/v1/centres/<code>/counters/<number>/<action>/`). If another tab has claimed the
counter since, the request is refused with 409 `console_superseded` before it reaches the
engine. Requests without the header (API tokens, scripts, the supervisor view) pass.
"""

import re

from django.http import JsonResponse
from django.utils.translation import gettext as _

from counters.services import lease_conflict

ACTION_PATH = re.compile(r"^/api/v1/centres/(?P<code>[-\w]+)/counters/(?P<number>\d+)/[-\w]+/$")
HEADER = "X-Console-Tab"


class ConsoleLeaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tab = request.headers.get(HEADER)
        if tab and request.method == "POST":
            match = ACTION_PATH.match(request.path_info)
            if match and lease_conflict(
                centre_code=match["code"], number=int(match["number"]), tab=tab
            ):
                return JsonResponse(
                    {
                        "code": "console_superseded",
                        "detail": _(
                            "This counter is now operated from another window. This window is read-only."
                        ),
                    },
                    status=409,
                )
        return self.get_response(request)
