"""Arabic first: pages speak Arabic until the person picks English."""

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
