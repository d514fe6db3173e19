"""Jordan's public holidays from the `holidays` package (python-holidays), in Arabic and
English. The package computes Islamic holidays from the Hijri calendar, marking them
"estimated": they are stored unconfirmed, for an admin to confirm once announced."""

from collections.abc import Iterable

import holidays

from centre.models import PublicHoliday

COUNTRY = "JO"


def _calendar(year: int, language: str, *, estimated_label: bool) -> dict:
    return holidays.country_holidays(
        COUNTRY, years=year, language=language, islamic_show_estimated=estimated_label
    )


def public_holidays_seed(*, years: Iterable[int]) -> list[PublicHoliday]:
    """Add the package's holidays of `years` that are not stored yet; returns the new rows.

    Existing dates are left as they are, so an admin's names and confirmations survive a
    second run.
    """
    created = []
    for year in years:
        arabic = _calendar(year, "ar", estimated_label=False)
        english = _calendar(year, "en_US", estimated_label=False)
        labelled = _calendar(year, "en_US", estimated_label=True)
        for day, name_ar in sorted(arabic.items()):
            holiday, is_new = PublicHoliday.objects.get_or_create(
                date=day,
                defaults={
                    "name_ar": name_ar,
                    "name_en": english.get(day, name_ar),
                    # The package labels the dates it only estimated.
                    "confirmed": labelled.get(day) == english.get(day),
                },
            )
            if is_new:
                created.append(holiday)
    return created
