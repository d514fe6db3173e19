"""Plural forms for page scripts.

Arabic has six plural forms (١ دقيقة واحدة، ٢ دقيقتان، ٣ دقائق، ١١ دقيقة…). Texts rendered on the
server use Django's `ngettext` directly. Texts that a page script completes with a count it
learns later (a kiosk's wait estimate) get every form of the message, keyed by the CLDR
category that `Intl.PluralRules` returns in the browser (static/nafitha/plural.js), so the
script picks the same form the catalogue has.
"""

# A count of each CLDR plural category, for Arabic (all six) and English (one, other).
SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}


class _Slot(int):
    """A sample count that chooses the plural form, then prints as the placeholder again."""

    def __str__(self) -> str:
        return "%(n)s"


class _Placeholders(dict):
    """Other named placeholders (`%(low)s`) stay in the text, for the script to fill too."""

    def __missing__(self, key: str) -> str:
        return f"%({key})s"


def plural_forms(message) -> dict[str, str]:
    """Every form of a lazy plural `message` in the active language, keyed by CLDR category.

    `message` is `ngettext_lazy(singular, plural, "n")` or `npgettext_lazy(context, …, "n")`
    with a `%(n)s` placeholder; the forms keep the placeholders for the script to fill.
    """
    return {
        category: message % _Placeholders(n=_Slot(count)) for category, count in SAMPLES.items()
    }
