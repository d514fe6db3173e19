"""PDF scorecard reports (per centre and national), bilingual Arabic/English, with ReportLab.

Fonts, wrapping and Arabic shaping come from `nafitha/pdf.py` and `nafitha/arabic.py`, as for
the printed ticket. Every text cell is wrapped to its column before it is shaped, so a long
label takes two lines instead of running into the next column. Charts and stars are
ReportLab graphics, not images.
"""

import math

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Polygon
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

from centre.models import Centre
from nafitha.arabic import shape
from nafitha.pdf import (  # noqa: F401 (SIZE)
    BRAND,
    HALF,
    LRI,
    PDI,
    SIZE,
    Columns,
    bilingual_header,
    document,
    fonts,
    in_both,
    para,
    report_styles,
    wrap,
)
from nafitha.pdf import table as _table
from scorecard.indicators import INDICATORS

GOLD = colors.HexColor("#c99700")
MAX_STARS = 7
NO_DATA = _("no data")
FEW_ANSWERS = _("few answers")
CAPS = {
    "value_below": _("At most %(n)s stars: %(label)s is under %(threshold)s."),
    "sample_below": _("At most %(n)s stars: fewer than %(threshold)s answers for %(label)s."),
    "dimension_below": _("At most %(n)s stars: a dimension scores under %(threshold)s."),
}


def _document(story) -> bytes:
    return document(story, title="Nafitha scorecard")


def label(metric: str, language: str) -> str:
    with translation.override(language):
        return str(INDICATORS[metric].label)


def size_class(code: str, language: str) -> str:
    with translation.override(language):
        return str(Centre.SizeClass(code).label) if code in Centre.SizeClass.values else code


def number(value, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def no_data() -> str:
    """ "no data" in both languages, for a value cell."""
    return "\n".join(in_both(NO_DATA))


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


def _bar_chart(
    labels: list[str], values: list[float | None], width=170 * mm, height=None
) -> Drawing:
    regular, _bold = fonts()
    height = height or (12 * mm + 7 * mm * len(labels))
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 55 * mm, 8 * mm
    chart.width, chart.height = width - 65 * mm, height - 12 * mm
    chart.data = [[v or 0 for v in values]]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = regular
    # Category labels have one line: cut, not wrapped, to the space left of the bars.
    chart.categoryAxis.categoryNames = [_fit(text, regular, 8, 53 * mm) for text in labels]
    chart.categoryAxis.labels.fontName = regular
    chart.categoryAxis.labels.fontSize = 8
    chart.bars[0].fillColor = BRAND
    drawing.add(chart)
    return drawing


def _fit(text: str, font: str, size: float, width: float) -> str:
    lines = wrap(text, font, size, width)
    return shape(lines[0] + ("…" if len(lines) > 1 else "")) if lines else ""


def _trend_chart(points: list[dict], styles, width=170 * mm, height=55 * mm):
    """The score over the periods: a line from two scored periods on, one marked point for a
    single one, and a bilingual "no data" line when no period has a score (ReportLab refuses
    a line of fewer than two points)."""
    regular, _bold = fonts()
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
    chart.categoryAxis.labels.fontName = regular
    chart.categoryAxis.labels.fontSize = 6.5
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = regular
    chart.lines[0].strokeColor = BRAND
    chart.lines[0].strokeWidth = 1.5
    chart.lines[0].symbol = makeMarker("FilledCircle", size=4, fillColor=BRAND)
    drawing.add(chart)
    return drawing


def _bilingual(english: str, arabic: str, styles) -> Table:
    """One statement in English (left) and shaped Arabic (right), side by side."""
    return _table(
        [[para(english, styles["body"], HALF), para(arabic, styles["ar"], HALF)]],
        Columns(HALF, HALF),
        header=False,
    )


def _trend_section(card: dict, styles) -> list:
    return [
        para("Trend / الاتجاه", styles["body"], 2 * HALF),
        _trend_chart(card["trend"], styles),
    ]


def _header(story, styles, title_en: str, title_ar: str, period: str, framework: str) -> None:
    bilingual_header(
        story,
        styles,
        title_en=title_en,
        title_ar=title_ar,
        line_en=f"Period: {period} · Framework: {framework}",
        line_ar=f"الفترة: {LRI}{period}{PDI}",
    )


def cap_text(cap: dict) -> tuple[str, str]:
    """Why the stars are capped, in words in both languages ("fewer than 30 answers for
    citizen satisfaction", not "csat < 30")."""
    params = {"n": cap["max_stars"], "threshold": f"{cap['threshold']:g}"}
    if cap["kind"] == "dimension_below":
        return in_both(CAPS["dimension_below"], **params)
    english, _unused = in_both(CAPS[cap["kind"]], **params, label=label(cap["metric"], "en"))
    _unused, arabic = in_both(CAPS[cap["kind"]], **params, label=label(cap["metric"], "ar"))
    return english, arabic


def centre_report(card: dict) -> bytes:
    """One centre's card: score, stars, ranks, dimensions, indicators, trend and services."""
    styles = report_styles()
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
    summary = Columns(22 * mm, 25 * mm, 25 * mm, 28 * mm, 35 * mm, 35 * mm, arabic=(1, 4))
    story.append(
        _table(
            [
                summary.row(["Score", "النتيجة", score, "Stars", "النجوم", f"{stars}/{MAX_STARS}"]),
                summary.row(
                    [
                        "Rank",
                        "الترتيب",
                        f"{card['rank'] or '—'}",
                        "Rank in class",
                        "الترتيب ضمن الفئة",
                        f"{card['rank_in_class'] or '—'}",
                    ]
                ),
                summary.row(
                    [
                        "Change",
                        "التغير",
                        number(card["change"]),
                        "Centre code",
                        "رمز المركز",
                        centre["code"],
                    ]
                ),
            ],
            summary,
            header=False,
        )
    )
    story += [Spacer(1, 3 * mm), star_drawing(card["stars"]), Spacer(1, 3 * mm)]
    for cap in card["capped_by"]:
        story.append(_bilingual(*cap_text(cap), styles))
    dims = card["dimensions"]
    story.append(
        _bar_chart([f"{d['code']} {d['name_en']}" for d in dims], [d["score"] for d in dims])
    )
    columns = Columns(55 * mm, 45 * mm, 20 * mm, 25 * mm, 25 * mm, arabic=(1,))
    rows = [columns.row(["Dimension", "البعد", "Weight", "Effective", "Score"], bold=True)]
    rows += [
        columns.row(
            [
                f"{d['code']} {d['name_en']}",
                d["name_ar"],
                d["weight"],
                number(d["effective_weight"]),
                number(d["score"]) if d["score"] is not None else no_data(),
            ]
        )
        for d in dims
    ]
    story += [_table(rows, columns), Spacer(1, 4 * mm)]
    columns = Columns(52 * mm, 45 * mm, 17 * mm, 12 * mm, 20 * mm, 24 * mm, arabic=(1,))
    rows = [columns.row(["Indicator", "المؤشر", "Value", "n", "Score", "Flag"], bold=True)]
    for dim in dims:
        for ind in dim["indicators"]:
            rows.append(
                columns.row(
                    [
                        f"{dim['code']} · {label(ind['metric'], 'en')}",
                        label(ind["metric"], "ar"),
                        number(ind["value"]),
                        ind["n"],
                        number(ind["score"]) if ind["score"] is not None else no_data(),
                        "\n".join(in_both(FEW_ANSWERS)) if ind["small_sample"] else "",
                    ]
                )
            )
    story += [_table(rows, columns), Spacer(1, 4 * mm)]
    story += _trend_section(card, styles)
    columns = Columns(50 * mm, 50 * mm, 20 * mm, 25 * mm, 25 * mm, arabic=(1,))
    rows = [
        columns.row(
            ["Department / service", "الدائرة / الخدمة", "Served", "Service level", "p90 wait"],
            bold=True,
        )
    ]
    for dept in card["departments"]:
        rows.append(
            columns.row(
                [
                    dept["name_en"],
                    dept["name_ar"],
                    dept["served"],
                    number(dept["service_level"]),
                    number(dept["p90_wait_minutes"]),
                ]
            )
        )
        rows += [
            columns.row(
                [
                    "  " + s["name_en"],
                    s["name_ar"],
                    s["served"],
                    number(s["service_level"]),
                    number(s["p90_wait_minutes"]),
                ]
            )
            for s in dept["services"]
        ]
    story.append(_table(rows, columns))
    return _document(story)


def national_report(
    table: list[dict], period: str, framework: str, centres: list[dict] = ()
) -> bytes:
    """Every centre by name, ranked; `centres` without a row in `table` are listed last with
    "no data", so a centre that sent nothing is seen rather than left out."""
    styles = report_styles()
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
        story.append(_bar_chart([r["centre"]["name_en"] for r in top], [r["score"] for r in top]))
    listed = {r["centre"]["code"] for r in table}
    missing = [
        {"centre": c, "rank": None, "score": None, "stars": None, "change": None}
        for c in centres
        if c["code"] not in listed
    ]
    columns = Columns(12 * mm, 42 * mm, 42 * mm, 24 * mm, 18 * mm, 12 * mm, 20 * mm, arabic=(2,))
    rows = [
        columns.row(["Rank", "Centre", "المركز", "Class", "Score", "Stars", "Change"], bold=True)
    ]
    rows += [
        columns.row(
            [
                r["rank"] or "—",
                r["centre"]["name_en"],
                r["centre"]["name_ar"],
                "\n".join(size_class(r["centre"]["size_class"], lang) for lang in ("en", "ar")),
                number(r["score"]) if r["score"] is not None else no_data(),
                r["stars"] if r["stars"] is not None else "—",
                number(r["change"]),
            ]
        )
        for r in [*table, *missing]
    ]
    story.append(_table(rows, columns))
    return _document(story)
