"""Shares and clock hours on planner pages, in the page's digits."""

from django import template
from django.utils import translation

from scorecard.templatetags.scorecard_tags import localise_digits

register = template.Library()


@register.filter
def percent(share):
    """0.834 → "83%" (or "٨٣٪"); None → "—"."""
    if share is None:
        return "—"
    text = localise_digits(f"{round(share * 100)}%")
    return text.replace("%", "٪") if (translation.get_language() or "").startswith("ar") else text


@register.filter
def clock(hour: int) -> str:
    """9 → "09:00" (or "٠٩:٠٠")."""
    return localise_digits(f"{hour:02d}:00")
