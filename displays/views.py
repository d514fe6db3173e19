"""Display pages (hall, configured screen, counter), the phone's tracking page, call audio."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from centre.models import Centre
from displays import speech
from displays.models import DisplayScreen, default_config
from displays.state import display_snapshot, ticket_tracking
from nafitha.clients import ClientRateThrottle
from queueing.models import Counter, Ticket
from realtime.stream import snapshot_message


def _page(request, centre: Centre, template: str, ws_path: str, config: dict, counter=None):
    boot = {
        "ws": ws_path,
        "counter": counter,
    }
    return render(
        request,
        template,
        {
            "centre": centre,
            "config": config,
            "languages": config["languages"],
            "primary": config["languages"][0],
            "number": counter,
            "boot": boot,
        },
    )


@never_cache
def hall(request, centre_code: str):
    centre = get_object_or_404(Centre, code=centre_code, is_active=True)
    return _page(
        request, centre, "displays/hall.html", f"/ws/display/{centre.code}/", default_config()
    )


@never_cache
def screen(request, centre_code: str, slug: str):
    screen = get_object_or_404(
        DisplayScreen.objects.select_related("centre"),
        centre__code=centre_code,
        centre__is_active=True,
        slug=slug,
    )
    return _page(
        request,
        screen.centre,
        "displays/hall.html",
        f"/ws/display/{centre_code}/screen/{slug}/",
        screen.config(),
    )


@never_cache
def counter(request, centre_code: str, number: int):
    centre = get_object_or_404(Centre, code=centre_code, is_active=True)
    get_object_or_404(Counter, centre=centre, number=number)
    return _page(
        request,
        centre,
        "displays/counter.html",
        f"/ws/display/{centre.code}/",
        default_config(),
        counter=number,
    )


@never_cache
def track(request, token: str):
    """The QR target. Without JavaScript it refreshes itself; with it, the socket updates it."""
    ticket = get_object_or_404(
        Ticket.objects.select_related("centre", "service", "counter"), token=token
    )
    language = _track_language(request, ticket)
    with translation.override(language):  # every label in the page's language, not half
        return render(
            request,
            "displays/track.html",
            {
                "centre_name": ticket.centre.name_in(language),
                "language": language,
                "other_language": "en" if language == "ar" else "ar",
                "ticket": ticket_tracking(ticket, language),
                "feedback_url": reverse("feedback:visit", args=[ticket.token])
                + f"?lang={language}",
                "refresh_seconds": 20,
                "boot": {
                    "ws": f"/ws/ticket/{ticket.token}/?lang={language}",
                    "leave": reverse("api-ticket-leave", args=[ticket.token]),
                    "lang": language,
                },
            },
        )


def _track_language(request, ticket: Ticket) -> str:
    """`?lang=` (the page's language link), else the language chosen at the kiosk; the
    browser's Accept-Language never mixes into the page."""
    chosen = request.GET.get("lang", "")
    return chosen if chosen in ("ar", "en") else ticket.language


class CallAudio(APIView):
    """A call's offline announcement as WAV. Only URLs signed in a call's event frame are
    rendered, so nobody can make the server render and keep audio of calls that never
    happened; the cache is bounded (displays.speech) and the endpoint throttled."""

    throttle_classes = [ClientRateThrottle]
    throttle_scope = "call_audio"

    def perform_content_negotiation(self, request, force=False):
        # An <audio> element may accept only audio/*; errors still render as JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(exclude=True)
    def get(self, request, language: str, letter: str, number: int, counter: int):
        if language not in speech.VOICES or not speech.LETTER_RE.match(letter):
            raise Http404
        if number > 99_999 or counter > 9_999:
            raise Http404
        day, signature = request.query_params.get("d", ""), request.query_params.get("s", "")
        if not speech.audio_signed(language, letter, number, counter, day, signature):
            raise Http404
        response = HttpResponse(
            speech.audio_wav(language, letter, number, counter), content_type="audio/wav"
        )
        patch_cache_control(response, public=True, max_age=86400)
        return response


class DisplaySnapshot(APIView):
    """The state a hall display starts from, with the `seq` to continue from on its socket."""

    throttle_classes = [ClientRateThrottle]
    throttle_scope = "public_read"

    @extend_schema(
        parameters=[OpenApiParameter("screen", str, description="slug of a configured screen")],
        responses={200: dict},
    )
    def get(self, request, code):
        centre = get_object_or_404(Centre, code=code, is_active=True)
        slug = request.query_params.get("screen")
        config = (
            get_object_or_404(DisplayScreen, centre=centre, slug=slug).config()
            if slug
            else default_config()
        )
        return Response(snapshot_message(centre.pk, lambda: display_snapshot(centre, config)))
