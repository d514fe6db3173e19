"""PDF reports: shaped Arabic and English text, score, stars; a rendered page is kept."""

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from centre.models import Centre
from nafitha.arabic import shape as ar
from nafitha.pdf import fonts, width_of
from scorecard import report

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CTRL = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def norm(text: str) -> str:
    return " ".join(CTRL.sub("", unicodedata.normalize("NFKC", text)).split())


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return norm(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    )


def keep_png(content: bytes, name: str, tmp_path) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(content)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(ARTIFACTS / name),
        ],
        check=True,
    )
    return ARTIFACTS / f"{name}.png"


def test_it_shapes_arabic_for_drawing():
    assert ar("أ-٠٤٢") == "٠٤٢-ﺃ"


def test_it_writes_a_centre_report_with_name_period_score_and_stars(
    people, login, aggregated, tmp_path
):
    client = login(people["manager"])
    card = client.get("/api/v1/scorecard/centres/amman/?period=2026-11").json()
    response = client.get("/api/v1/scorecard/centres/amman/export/?type=pdf&period=2026-11")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Amman Comprehensive Government Service Centre" in text
    assert all(
        word in text for word in re.findall(r"[\u0600-\u06FF]+", "مركز الخدمات الحكومية الشامل")
    )
    assert "2026-11" in text
    assert f"{card['score']:.1f}" in text
    assert f"{card['stars']}/7" in text
    assert keep_png(response.content, "scorecard-centre-report", tmp_path).stat().st_size > 10_000


def test_it_writes_a_national_report(people, login, aggregated, tmp_path):
    response = login(people["analyst"]).get("/api/v1/scorecard/export/?type=pdf&period=2026-Q4")
    text = pdf_text(response.content, tmp_path)
    assert "National centre scorecard" in text and "2026-Q4" in text
    # Names, not codes; a centre without data is listed and says so.
    assert "Amman Comprehensive Government Service Centre" in text and " amman " not in text
    assert "Comprehensive centre" in text and "comprehensive" not in text
    assert text.count("no data") == Centre.objects.filter(is_active=True).count() - 1
    assert "لا بيانات" in text
    keep_png(response.content, "scorecard-national-report", tmp_path)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_it_renders_the_card_page_in_both_languages(people, login, aggregated, lang):
    client = login(people["manager"])
    client.cookies["django_language"] = lang
    page = client.get("/scorecard/amman/?period=2026-11").content.decode()
    assert f'lang="{lang}"' in page and ('dir="rtl"' in page) == (lang == "ar")


def test_it_exports_a_centre_without_data_saying_so_in_both_languages(people, login, tmp_path):
    response = login(people["manager"]).get(
        "/api/v1/scorecard/centres/amman/export/?type=pdf&period=2026-11"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "No data for this centre in this period." in text
    assert "لا توجد بيانات لهذا المركز في هذه الفترة" in text
    assert "No period of this trend has a score." in text
    assert "لا توجد نتيجة في أي فترة من هذه الفترات" in text


@pytest.mark.parametrize("period", ["2026-11-24", "2026-W48", "2026"])
def test_it_exports_a_trend_with_a_single_scored_period(
    people, login, aggregated, tmp_path, period
):
    """Only 24 Nov 2026 has data: one scored point, which no line can join."""
    client = login(people["manager"])
    card = client.get(f"/api/v1/scorecard/centres/amman/?period={period}").json()
    assert len([p for p in card["trend"] if p["score"] is not None]) == 1
    response = client.get(f"/api/v1/scorecard/centres/amman/export/?type=pdf&period={period}")
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert f"{card['score']:.1f}" in text
    assert "No data for this centre" not in text


def test_it_draws_the_trend_line_from_two_scored_periods(people, login, aggregated, tmp_path):
    from scorecard import report

    card = login(people["manager"]).get("/api/v1/scorecard/centres/amman/?period=2026-11").json()
    card["trend"][-2]["score"] = 40.0
    report.centre_report(card)  # a two-point line renders
    assert report._trend_chart(card["trend"], report.report_styles()).contents[0].joinedLines


def _card(client) -> dict:
    return client.get("/api/v1/scorecard/centres/amman/?period=2026-11").json()


def test_it_faces_brackets_the_right_way_in_arabic(people, login, aggregated, tmp_path):
    """`pdftotext -raw` gives the glyphs in the order they are drawn, left to right: the
    Arabic label must draw "(CSAT)", not ")CSAT(" as unmirrored brackets would."""
    path = tmp_path / "card.pdf"
    path.write_bytes(report.centre_report(_card(login(people["manager"]))))
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert raw.count("(CSAT)") == 2 and ")CSAT(" not in raw  # English and Arabic labels
    assert "(NPS)" in raw and ")NPS(" not in raw
    assert "2026-11 :" in norm(raw)  # the Arabic period reads 2026-11, not 11-2026


def test_it_says_why_the_stars_are_capped_in_words(people, login, aggregated, tmp_path):
    card = _card(login(people["manager"]))
    card["capped_by"] = [
        {"kind": "sample_below", "metric": "csat", "label": "", "threshold": 30.0, "max_stars": 4},
        {"kind": "dimension_below", "metric": "", "label": "", "threshold": 80.0, "max_stars": 5},
    ]
    text = pdf_text(report.centre_report(card), tmp_path)
    assert "At most 4 stars: fewer than 30 answers for Citizen satisfaction (CSAT)." in text
    assert "At most 5 stars: a dimension scores under 80." in text
    assert all(word in text for word in ["أقل", "من", "٣٠", "إجابة", "٤", "نجوم"])
    assert "csat <" not in text and "n < 30" not in text


def test_it_wraps_a_long_label_inside_its_column(people, login, aggregated, tmp_path):
    card = _card(login(people["manager"]))
    long_en = "Civil Status and Passports Department, services for citizens living abroad"
    long_ar = "دائرة الأحوال المدنية والجوازات، خدمات المواطنين المقيمين خارج المملكة"
    card["departments"][0] |= {"name_en": long_en, "name_ar": long_ar}
    columns = report.Columns(50 * report.mm, 50 * report.mm, arabic=(1,))
    english, arabic = columns.row([long_en, long_ar])
    regular, _bold = fonts()
    for drawn in (english, arabic):
        lines = drawn.split("\n")
        assert len(lines) > 1
        assert all(width_of(line, regular, report.SIZE) <= 50 * report.mm - 12 for line in lines)
    text = pdf_text(report.centre_report(card), tmp_path)
    assert all(word in text for word in long_en.split())
    assert all(word in text for word in long_ar.replace("،", " ").split())
    keep_png(report.centre_report(card), "scorecard-centre-report-long-label", tmp_path)


def test_it_falls_back_to_another_font_as_the_ticket_does(settings, tmp_path):
    from nafitha import pdf

    settings.NAFITHA_TICKET_FONT = settings.NAFITHA_TICKET_FONT_BOLD = "/nonexistent/font.ttf"
    pdf.fonts.cache_clear()
    try:
        centre = {"code": "x", "name_en": "X", "name_ar": "س", "size_class": "office"}
        text = pdf_text(report.national_report([], "2026-11", "national-2026", [centre]), tmp_path)
    finally:
        pdf.fonts.cache_clear()
    assert "National centre scorecard" in text and "no data" in text
