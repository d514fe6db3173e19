from django import template

register = template.Library()

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@register.filter
def digits(value, language: str = "ar") -> str:
    """Arabic-Indic digits when the page is in Arabic (٠١٢…), Latin ones otherwise."""
    text = str(value)
    return text.translate(ARABIC_INDIC) if str(language).startswith("ar") else text
