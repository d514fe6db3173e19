"""Arabic has six plural forms; page scripts get every one of them from the catalogue."""

import pytest
from django.utils import translation
from django.utils.translation import ngettext, npgettext_lazy

from nafitha.plurals import plural_forms

WAIT = npgettext_lazy(
    "kiosk", "Expected wait: about %(n)s minute", "Expected wait: about %(n)s minutes", "n"
)


def test_it_sends_every_arabic_form_keyed_as_intl_plural_rules_names_them():
    with translation.override("ar"):
        forms = plural_forms(WAIT)
    assert forms == {
        "zero": "الانتظار المتوقع: أقل من دقيقة",
        "one": "الانتظار المتوقع: نحو دقيقة واحدة",
        "two": "الانتظار المتوقع: نحو دقيقتين",
        "few": "الانتظار المتوقع: نحو %(n)s دقائق",
        "many": "الانتظار المتوقع: نحو %(n)s دقيقة",
        "other": "الانتظار المتوقع: نحو %(n)s دقيقة",
    }


def test_it_sends_the_english_singular_and_plural():
    with translation.override("en"):
        forms = plural_forms(WAIT)
    assert forms["one"] == "Expected wait: about %(n)s minute"
    assert forms["other"] == forms["few"] == "Expected wait: about %(n)s minutes"


@pytest.mark.parametrize(
    "minutes, text",
    [(1, "نحو دقيقة واحدة"), (2, "نحو دقيقتين"), (4, "نحو ٤ دقائق"), (12, "نحو ١٢ دقيقة")],
)
def test_the_tracking_page_says_the_wait_in_the_right_arabic_form(minutes, text):
    from nafitha.arabic import arabic_digits

    with translation.override("ar"):
        said = ngettext("About %(n)s minute", "About %(n)s minutes", minutes) % {
            "n": arabic_digits(minutes)
        }
    assert said == text
