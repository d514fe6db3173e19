"""Numbers on scorecard pages: fixed decimals, Arabic-Indic digits when the page is Arabic."""

from django import template
from django.utils import translation

from nafitha.arabic import arabic_digits
from scorecard.periods import PERIOD_KINDS

register = template.Library()


def localise_digits(text: str) -> str:
    language = translation.get_language() or ""
    # Arabic-Indic digits, and the Arabic decimal separator (٫) for the point.
    return arabic_digits(text).replace(".", "٫") if language.startswith("ar") else text


@register.filter
def num(value, decimals=1):
    """`87.25|num` → "87.3" (or "٨٧٫٣"); None → "—"."""
    if value is None or value == "":
        return "—"
    try:
        text = f"{float(value):.{int(decimals)}f}" if not isinstance(value, int) else str(value)
    except (TypeError, ValueError):
        return value
    return localise_digits(text)


@register.filter
def bilingual(obj, field="name"):
    """obj["name_ar"] or obj["name_en"] by the page language."""
    language = translation.get_language() or "ar"
    key = f"{field}_en" if language.startswith("en") else f"{field}_ar"
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, "")


@register.simple_tag
def period_kinds():
    """(value, label) of each period the scorecard picker offers."""
    return PERIOD_KINDS
