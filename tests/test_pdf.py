"""Shared PDF text: Arabic shaped in visual order with brackets facing the right way, lines
wrapped to a width, and fonts found with a fallback."""

import pytest

from nafitha import pdf
from nafitha.arabic import shape


def test_it_shapes_and_reorders_an_arabic_line():
    assert shape("أ-٠٤٢") == "٠٤٢-ﺃ"
    assert shape("Passport renewal") == "Passport renewal"


def test_it_mirrors_brackets_in_arabic_text():
    # Drawn left to right, the glyphs must read "(CSAT)" — not ")CSAT(".
    assert shape("رضا المواطن (CSAT)") == "(CSAT) ﻦﻃﺍﻮﻤﻟﺍ ﺎﺿﺭ"
    assert shape("نسبة [أ] من ب") == "ﺏ ﻦﻣ [ﺃ] ﺔﺒﺴﻧ"
    assert shape("Citizen satisfaction (CSAT)") == "Citizen satisfaction (CSAT)"


def test_it_keeps_an_isolated_latin_run_in_order_and_drops_the_controls():
    assert shape("الفترة: \u20662026-11\u2069") == "2026-11 :ﺓﺮﺘﻔﻟﺍ"


def test_it_wraps_long_lines_before_reordering():
    regular, _ = pdf.fonts()
    text = "مركز الخدمات الحكومية الشامل في محافظة العاصمة عمّان " * 2
    lines = pdf.wrap(text, regular, 12, 200)
    assert len(lines) > 1
    assert all(pdf.width_of(line, regular, 12) <= 200 for line in lines)
    assert " ".join(lines) == " ".join(text.split())


def test_it_explains_a_missing_font(settings, monkeypatch):
    settings.NAFITHA_TICKET_FONT = settings.NAFITHA_TICKET_FONT_BOLD = "/nonexistent/font.ttf"
    monkeypatch.setattr(pdf, "FALLBACK_FONTS", ("/nonexistent/a.ttf", "/nonexistent/b.ttf"))
    pdf.fonts.cache_clear()
    try:
        with pytest.raises(pdf.PdfFontMissing, match="fonts-hosny-amiri"):
            pdf.fonts()
    finally:
        pdf.fonts.cache_clear()


def test_it_falls_back_to_another_arabic_font(settings):
    settings.NAFITHA_TICKET_FONT = settings.NAFITHA_TICKET_FONT_BOLD = "/nonexistent/font.ttf"
    pdf.fonts.cache_clear()
    try:
        assert pdf.fonts() == ("Nafitha", "Nafitha-Bold")
    finally:
        pdf.fonts.cache_clear()
