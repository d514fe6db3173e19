"""What every Nafitha PDF needs (the printed ticket, the scorecard reports, the staffing plan):
fonts with Arabic and Latin glyphs, found with a fallback, lines wrapped to a width before
they are shaped, and the bilingual tables and paragraphs of the A4 reports.

ReportLab draws glyphs left to right and does not shape Arabic, so each line goes through
`nafitha.arabic.shape` once it is wrapped (the bidi algorithm reorders a whole line).
"""

import functools
import io
import logging
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from nafitha.arabic import arabic_digits, shape

logger = logging.getLogger(__name__)

REGULAR, BOLD = "Nafitha", "Nafitha-Bold"
BRAND = colors.HexColor("#0b5d4b")
SIZE = 8.5  # table text
PAD = 6  # ReportLab's cell padding on each side
# Fallback with Arabic and Latin glyphs. Noto Naskh Arabic lacks Latin letters and "-",
# which ReportLab would silently drop.
FALLBACK_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
)


class PdfFontMissing(ImproperlyConfigured):
    pass


@functools.cache
def fonts() -> tuple[str, str]:
    """Register the PDF fonts once; return the (regular, bold) names to draw with."""
    candidates = [
        (settings.NAFITHA_TICKET_FONT, settings.NAFITHA_TICKET_FONT_BOLD),
        FALLBACK_FONTS,
    ]
    for regular, bold in candidates:
        if Path(regular).is_file() and Path(bold).is_file():
            if (regular, bold) != candidates[0]:
                logger.warning("PDF font %s missing; drawing with %s", candidates[0][0], regular)
            pdfmetrics.registerFont(TTFont(REGULAR, regular))
            pdfmetrics.registerFont(TTFont(BOLD, bold))
            return REGULAR, BOLD
    raise PdfFontMissing(
        f"No Arabic font for PDFs: {settings.NAFITHA_TICKET_FONT} is missing. Install the "
        "Debian package fonts-hosny-amiri (deploy/apt-packages.txt) or set NAFITHA_TICKET_FONT "
        "and NAFITHA_TICKET_FONT_BOLD to a TrueType font with Arabic and Latin glyphs."
    )


def width_of(text: str, font: str, size: float) -> float:
    """The drawn width of one logical line."""
    return pdfmetrics.stringWidth(shape(text), font, size)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of logical text into lines no wider than `width` (a single word wider
    than that keeps a line of its own), measured on the shaped glyphs."""
    if width_of(text, font, size) <= width:
        return [text] if text else []
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and width_of(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def in_both(text, **params) -> tuple[str, str]:
    """A translatable text in English and in Arabic (with Arabic-Indic digits)."""
    with translation.override("en"):
        english = str(text) % params if params else str(text)
    with translation.override("ar"):
        arabic = str(text) % params if params else str(text)
    return english, arabic_digits(arabic)


def cell(text, width: float, *, bold: bool = False, size: float = SIZE) -> str:
    """A table cell's text (lines apart by "\n") wrapped to its column, each line shaped."""
    font = fonts()[1 if bold else 0]
    lines = [
        line for part in str(text).split("\n") for line in wrap(part, font, size, width - 2 * PAD)
    ]
    return "\n".join(shape(line) for line in lines)


def para(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    """A paragraph wrapped here before shaping: ReportLab would wrap the visual order."""
    lines = wrap(text, style.fontName, style.fontSize, width - 2 * PAD)
    return Paragraph("<br/>".join(escape(shape(line)) for line in lines), style)


class Columns:
    """A table's column widths and which columns hold Arabic (set right-aligned)."""

    def __init__(self, *widths: float, arabic: tuple[int, ...] = ()):
        self.widths = list(widths)
        self.arabic = arabic

    def row(self, values: list, *, bold: bool = False) -> list[str]:
        """Text cells wrapped to their column; numbers are written as they are."""
        return [
            cell(value, width, bold=bold) if isinstance(value, str) else value
            for value, width in zip(values, self.widths, strict=True)
        ]


def table(rows: list[list], columns: Columns, header: bool = True) -> Table:
    regular, bold = fonts()
    drawn = Table(rows, colWidths=columns.widths, repeatRows=1 if header else 0)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("FONTSIZE", (0, 0), (-1, -1), SIZE),
        ("LEADING", (0, 0), (-1, -1), SIZE * 1.35),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8ced8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    style += [("ALIGN", (col, 0), (col, -1), "RIGHT") for col in columns.arabic]
    if header:
        style += [
            ("BACKGROUND", (0, 0), (-1, 0), BRAND),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("FONTNAME", (0, 0), (-1, 0), bold),
        ]
    drawn.setStyle(TableStyle(style))
    return drawn


def document(story, *, title: str) -> bytes:
    """An A4 PDF of a ReportLab story."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="Nafitha",
    )
    doc.build(story)
    return buffer.getvalue()


HALF = 85 * mm  # one language's half of a bilingual A4 row
LRI, PDI = "\u2066", "\u2069"  # isolate a Latin date or period inside Arabic


def bilingual_header(story, styles, *, title_en, title_ar, line_en, line_ar) -> None:
    """A report's opening: the title in English and Arabic side by side, a line under each."""
    story.append(
        table(
            [
                [para(title_en, styles["title"], HALF), para(title_ar, styles["ar_title"], HALF)],
                [para(line_en, styles["body"], HALF), para(line_ar, styles["ar"], HALF)],
            ],
            Columns(HALF, HALF),
            header=False,
        )
    )
    story.append(Spacer(1, 4 * mm))


def report_styles() -> dict[str, ParagraphStyle]:
    """The A4 reports' paragraph styles: titles and body text, each in English and Arabic."""
    regular, bold = fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=16, leading=22, textColor=BRAND),
        "ar_title": ParagraphStyle(
            "ar_title", fontName=bold, fontSize=16, leading=22, textColor=BRAND, alignment=2
        ),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=14),
        "ar": ParagraphStyle("ar", fontName=regular, fontSize=10, leading=14, alignment=2),
    }
