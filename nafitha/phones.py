"""Citizens' mobile numbers: one rule for every form and API that takes one.

Nafitha texts only Jordanian mobiles. Whether a number is one is decided by `phonenumbers`
(Google's libphonenumber metadata, updated with each numbering-plan change) rather than a
hand-written pattern, and every accepted number is stored in one form, E.164
(+9627XXXXXXXX), so the daily limit per number counts "0791234567" and "+962791234567" as
the same phone.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID = _("Enter a Jordanian mobile number, e.g. 0791234567.")


def jordan_mobile(text: str) -> str:
    """`text` (local or international, Arabic-Indic digits too) as an E.164 Jordanian mobile.

    Raises `ValidationError` (code "phone_invalid") for anything else: another country's
    number, a landline, a number of the wrong length.
    """
    try:
        number = phonenumbers.parse(text, "JO")
    except phonenumbers.NumberParseException:
        raise ValidationError(INVALID, code="phone_invalid") from None
    if not (
        phonenumbers.is_valid_number_for_region(number, "JO")
        and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    ):
        raise ValidationError(INVALID, code="phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def masked(phone: str) -> str:
    """A number fit for a log line: the country code and the last two digits (+962•••••••67)."""
    if len(phone) <= 6:
        return "•" * len(phone)
    return phone[:4] + "•" * (len(phone) - 6) + phone[-2:]
