"""PDF scorecard reports (per centre and national), bilingual Arabic/English, with ReportLab.

Arabic is shaped with arabic_reshaper and reordered with python-bidi one line at a time
(ReportLab's own RTL support needs a library that is not on PyPI). Amiri covers Arabic and
Latin, so every string uses it. Charts and stars are ReportLab graphics, not images.
"""

import io
import math
import unicodedata
from functools import cache

import arabic_reshaper
from bidi import get_display
from django.utils import translation
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Polygon
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from scorecard.indicators import INDICATORS

AMIRI = "/usr/share/fonts/opentype/fonts-hosny-amiri/"
BRAND = colors.HexColor("#0b5d4b")
GOLD = colors.HexColor("#c99700")
MAX_STARS = 7


@cache
def _fonts() -> None:
    pdfmetrics.registerFont(TTFont("Amiri", AMIRI + "Amiri-Regular.ttf"))
    pdfmetrics.registerFont(TTFont("Amiri-Bold", AMIRI + "Amiri-Bold.ttf"))


def ar(text: str) -> str:
    """One line of Arabic (or mixed) text, shaped and in visual order for drawing."""
    return get_display(arabic_reshaper.reshape(unicodedata.normalize("NFC", text)))


def label(metric: str, language: str) -> str:
    with translation.override(language):
        text = str(INDICATORS[metric].label)
    return ar(text) if language == "ar" else text


def number(value, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def star_drawing(stars: int | None, size: float = 9 * mm) -> Drawing:
    """`stars` gold stars out of seven (grey outlines for the rest)."""
    drawing = Drawing(MAX_STARS * size, size)
    radius, inner = size * 0.45, size * 0.18
    for index in range(MAX_STARS):
        cx, cy = size * (index + 0.5), size / 2
        points = []
        for k in range(10):
            r = radius if k % 2 == 0 else inner
            angle = math.pi / 2 + k * math.pi / 5
            points += [cx + r * math.cos(angle), cy + r * math.sin(angle)]
        earned = stars is not None and index < stars
        drawing.add(
            Polygon(
                points,
                fillColor=GOLD if earned else colors.white,
                strokeColor=GOLD if earned else colors.grey,
                strokeWidth=0.8,
            )
        )
    return drawing


def _styles():
    _fonts()
    return {
        "title": ParagraphStyle(
            "title", fontName="Amiri-Bold", fontSize=16, leading=22, textColor=BRAND
        ),
        "ar_title": ParagraphStyle(
            "ar_title", fontName="Amiri-Bold", fontSize=16, leading=22, textColor=BRAND, alignment=2
        ),
        "body": ParagraphStyle("body", fontName="Amiri", fontSize=10, leading=14),
        "ar": ParagraphStyle("ar", fontName="Amiri", fontSize=10, leading=14, alignment=2),
    }


def _table(rows: list[list], widths: list[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), "Amiri"),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8ced8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if header:
        style += [
            ("BACKGROUND", (0, 0), (-1, 0), BRAND),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("FONTNAME", (0, 0), (-1, 0), "Amiri-Bold"),
        ]
    table.setStyle(TableStyle(style))
    return table


def _bar_chart(
    labels: list[str], values: list[float | None], width=170 * mm, height=None
) -> Drawing:
    height = height or (12 * mm + 7 * mm * len(labels))
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 45 * mm, 8 * mm
    chart.width, chart.height = width - 55 * mm, height - 12 * mm
    chart.data = [[v or 0 for v in values]]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = "Amiri"
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = "Amiri"
    chart.categoryAxis.labels.fontSize = 8
    chart.bars[0].fillColor = BRAND
    drawing.add(chart)
    return drawing


def _trend_chart(points: list[dict], styles, width=170 * mm, height=55 * mm):
    """The score over the periods: a line from two scored periods on, one marked point for a
    single one, and a bilingual "no data" line when no period has a score (ReportLab refuses
    a line of fewer than two points)."""
    scored = [p for p in points if p["score"] is not None]
    if not scored:
        return _bilingual(
            "No period of this trend has a score.",
            "لا توجد نتيجة في أي فترة من هذه الفترات.",
            styles,
        )
    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = (
        12 * mm,
        10 * mm,
        width - 20 * mm,
        height - 16 * mm,
    )
    chart.data = [[p["score"] for p in points]]
    chart.joinedLines = len(scored) >= 2
    chart.categoryAxis.categoryNames = [p["period"] for p in points]
    chart.categoryAxis.labels.fontName = "Amiri"
    chart.categoryAxis.labels.fontSize = 6.5
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = "Amiri"
    chart.lines[0].strokeColor = BRAND
    chart.lines[0].strokeWidth = 1.5
    chart.lines[0].symbol = makeMarker("FilledCircle", size=4, fillColor=BRAND)
    drawing.add(chart)
    return drawing


def _bilingual(english: str, arabic: str, styles) -> Table:
    """One statement in English (left) and shaped Arabic (right), side by side."""
    return _table(
        [[Paragraph(english, styles["body"]), Paragraph(ar(arabic), styles["ar"])]],
        [85 * mm, 85 * mm],
        header=False,
    )


def _trend_section(card: dict, styles) -> list:
    return [
        Paragraph("Trend / " + ar("الاتجاه"), styles["body"]),
        _trend_chart(card["trend"], styles),
    ]


def _header(story, styles, title_en: str, title_ar: str, period: str, framework: str) -> None:
    story.append(
        _table(
            [
                [Paragraph(title_en, styles["title"]), Paragraph(ar(title_ar), styles["ar_title"])],
                [
                    Paragraph(f"Period: {period} · Framework: {framework}", styles["body"]),
                    Paragraph(ar(f"الفترة: {period}"), styles["ar"]),
                ],
            ],
            [85 * mm, 85 * mm],
            header=False,
        )
    )
    story.append(Spacer(1, 4 * mm))


def _document(story) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title="Nafitha scorecard",
        author="Nafitha",
    )
    doc.build(story)
    return buffer.getvalue()


def centre_report(card: dict) -> bytes:
    """One centre's card: score, stars, ranks, dimensions, indicators, trend and services."""
    styles = _styles()
    centre = card["centre"]
    story = []
    _header(story, styles, centre["name_en"], centre["name_ar"], card["period"], card["framework"])
    if card["score"] is None and not card["departments"]:
        story += [
            _bilingual(
                "No data for this centre in this period.",
                "لا توجد بيانات لهذا المركز في هذه الفترة.",
                styles,
            ),
            Spacer(1, 4 * mm),
            *_trend_section(card, styles),
        ]
        return _document(story)
    score = number(card["score"])
    stars = card["stars"] if card["stars"] is not None else "—"
    story.append(
        _table(
            [
                ["Score", ar("النتيجة"), score, "Stars", ar("النجوم"), f"{stars}/{MAX_STARS}"],
                [
                    "Rank",
                    ar("الترتيب"),
                    f"{card['rank'] or '—'}",
                    "Rank in class",
                    ar("الترتيب ضمن الفئة"),
                    f"{card['rank_in_class'] or '—'}",
                ],
                [
                    "Change",
                    ar("التغير"),
                    number(card["change"]),
                    "Centre code",
                    ar("رمز المركز"),
                    centre["code"],
                ],
            ],
            [22 * mm, 25 * mm, 25 * mm, 28 * mm, 35 * mm, 35 * mm],
            header=False,
        )
    )
    story += [Spacer(1, 3 * mm), star_drawing(card["stars"]), Spacer(1, 3 * mm)]
    for cap in card["capped_by"]:
        reason = (
            f"{cap['metric']} < {cap['threshold']:g}"
            if cap["metric"]
            else f"a dimension < {cap['threshold']:g}"
        )
        story.append(Paragraph(f"At most {cap['max_stars']} stars: {reason}", styles["body"]))
    dims = card["dimensions"]
    story.append(
        _bar_chart([f"{d['code']} {d['name_en']}" for d in dims], [d["score"] for d in dims])
    )
    rows = [["Dimension", ar("البعد"), "Weight", "Effective", "Score"]]
    rows += [
        [
            f"{d['code']} {d['name_en']}",
            ar(d["name_ar"]),
            d["weight"],
            number(d["effective_weight"]),
            number(d["score"]) if d["score"] is not None else "no data",
        ]
        for d in dims
    ]
    story += [_table(rows, [55 * mm, 45 * mm, 20 * mm, 25 * mm, 25 * mm]), Spacer(1, 4 * mm)]
    rows = [["Indicator", ar("المؤشر"), "Value", "n", "Score", "Flag"]]
    for dim in dims:
        for ind in dim["indicators"]:
            rows.append(
                [
                    f"{dim['code']} · {label(ind['metric'], 'en')}",
                    label(ind["metric"], "ar"),
                    number(ind["value"]),
                    ind["n"],
                    number(ind["score"]) if ind["score"] is not None else "no data",
                    "n < 30" if ind["small_sample"] else "",
                ]
            )
    widths = [62 * mm, 45 * mm, 17 * mm, 12 * mm, 20 * mm, 14 * mm]
    story += [_table(rows, widths), Spacer(1, 4 * mm)]
    story += _trend_section(card, styles)
    rows = [["Department / service", ar("الدائرة / الخدمة"), "Served", "Service level", "p90 wait"]]
    for dept in card["departments"]:
        rows.append(
            [
                dept["name_en"],
                ar(dept["name_ar"]),
                dept["served"],
                number(dept["service_level"]),
                number(dept["p90_wait_minutes"]),
            ]
        )
        rows += [
            [
                "  " + s["name_en"],
                ar(s["name_ar"]),
                s["served"],
                number(s["service_level"]),
                number(s["p90_wait_minutes"]),
            ]
            for s in dept["services"]
        ]
    story.append(_table(rows, [50 * mm, 50 * mm, 20 * mm, 25 * mm, 25 * mm]))
    return _document(story)


def national_report(table: list[dict], period: str, framework: str) -> bytes:
    styles = _styles()
    story = []
    _header(
        story,
        styles,
        "National centre scorecard",
        "البطاقة الوطنية لمراكز الخدمات الحكومية",
        period,
        framework,
    )
    top = [r for r in table if r["score"] is not None][:15]
    if top:
        story.append(_bar_chart([r["centre"]["code"] for r in top], [r["score"] for r in top]))
    rows = [["Rank", "Centre", ar("المركز"), "Class", "Score", "Stars", "Change"]]
    rows += [
        [
            r["rank"] or "—",
            r["centre"]["code"],
            ar(r["centre"]["name_ar"]),
            r["centre"]["size_class"],
            number(r["score"]),
            r["stars"] if r["stars"] is not None else "—",
            number(r["change"]),
        ]
        for r in table
    ]
    story.append(_table(rows, [12 * mm, 28 * mm, 62 * mm, 24 * mm, 15 * mm, 12 * mm, 17 * mm]))
    return _document(story)
