"""The range in words on the printed ticket and the tracking page, with Arabic plurals (the
form follows the higher number) and Arabic-Indic digits."""

import pytest
from django.utils import translation

from displays.state import _wait_text
from kiosk.pdf import wait_text
from queueing.waits import WaitEstimate


def estimate(low, high):
    return WaitEstimate(seconds=60 * low, low_minutes=low, high_minutes=high, estimator="pool")


@pytest.mark.parametrize(
    ("language", "wait", "printed"),
    [
        ("ar", (10, 25), "مدة الانتظار المتوقعة: ١٠–٢٥ دقيقة"),
        ("ar", (5, 10), "مدة الانتظار المتوقعة: ٥–١٠ دقائق"),
        ("ar", (0, 5), "مدة الانتظار المتوقعة: حتى ٥ دقائق"),
        ("en", (10, 25), "Estimated wait: 10–25 minutes"),
        ("en", (0, 5), "Estimated wait: up to 5 minutes"),
    ],
)
def test_the_ticket_prints_the_range(language, wait, printed):
    with translation.override(language):
        assert wait_text(60, language, wait) == printed


def test_the_ticket_says_when_there_is_no_estimate():
    with translation.override("en"):
        assert wait_text(None, "en", None) == "Estimated wait: not available yet"


@pytest.mark.parametrize(
    ("language", "wait", "shown"),
    [
        ("ar", (15, 30), "١٥–٣٠ دقيقة"),
        ("ar", (0, 10), "حتى ١٠ دقائق"),
        ("en", (15, 30), "15–30 minutes"),
        ("en", (0, 5), "Up to 5 minutes"),
    ],
)
def test_the_tracking_page_shows_the_range(language, wait, shown):
    with translation.override(language):
        assert _wait_text(estimate(*wait), language == "ar") == shown
    assert _wait_text(None, False) == ""
