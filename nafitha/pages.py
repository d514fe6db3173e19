"""Public pages a citizen reads in the language they choose (`?lang=`), whatever the browser
says: the booking pages, the feedback and complaint forms. One way to pick the language and
one way to render with a link to the other language."""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def public_language(request, default: str | None = None) -> str:
    """`?lang=` (or the form's `lang`/`language`), else `default`, else the negotiated one."""
    lang = (
        request.GET.get("lang")
        or request.POST.get("lang")
        or request.POST.get("language")
        or default
    )
    return lang if lang in LANGUAGES else (request.LANGUAGE_CODE or "ar")[:2]


def render_public(request, template: str, context: dict, *, language: str, status: int = 200):
    """Render a public page in `language`, with a link to the same page in the other one."""
    other = "en" if language == "ar" else "ar"
    query = request.GET.copy()
    query["lang"] = other
    context = {
        **context,
        "lang": language,
        "switch_url": f"{request.path}?{query.urlencode()}",
        "switch_lang": other,
        "switch_name": "English" if other == "en" else "العربية",
    }
    with translation.override(language):
        return render(request, template, context, status=status)
