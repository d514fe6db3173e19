from django import template

from nafitha.arabic import arabic_digits

register = template.Library()


@register.filter
def digits(value, language: str = "ar") -> str:
    """Arabic-Indic digits when the page is in Arabic (٠١٢…), Latin ones otherwise."""
    text = str(value)
    return arabic_digits(text) if str(language).startswith("ar") else text
