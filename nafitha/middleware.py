"""Arabic first: pages speak Arabic until the person picks English. And the browser
features a page may use (Permissions-Policy): none, but the camera where QR codes are
scanned."""

import functools

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ArabicFirstLocaleMiddleware(LocaleMiddleware):
    """Use the language the person chose (the language cookie), else Arabic.

    A browser's Accept-Language is ignored on pages: a kiosk or a display in an Amman centre
    must not turn English because of how its browser was installed. API clients, which
    choose by header, still get Accept-Language.
    """

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# Powerful features no page of Nafitha uses, refused to every page and any frame in it.
PERMISSIONS_POLICY = {"camera": "()", "microphone": "()", "geolocation": "()", "payment": "()"}


def permissions_policy(**allowed: str) -> str:
    """The Permissions-Policy header: everything refused but what `allowed` lets through."""
    return ", ".join(
        f"{name}={allowed.get(name, value)}" for name, value in PERMISSIONS_POLICY.items()
    )


def camera_allowed(view):
    """A page that scans QR codes: the camera for this site's own documents (no frame of
    another origin), everything else still refused."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Permissions-Policy"] = permissions_policy(camera="(self)")
        return response

    return wrapped


class PermissionsPolicyMiddleware:
    """Every answer refuses the camera, microphone, geolocation and payment unless its view
    allowed one (`camera_allowed`). nginx adds the same default only where Django sent none
    (deploy/nginx/nafitha.conf.template), so the two never combine."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions_policy()
        return response
