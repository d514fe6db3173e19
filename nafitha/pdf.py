"""What every Nafitha PDF needs (the printed ticket, the scorecard reports): fonts with Arabic
and Latin glyphs, found with a fallback, and lines wrapped to a width before they are shaped.

ReportLab draws glyphs left to right and does not shape Arabic, so each line goes through
`nafitha.arabic.shape` once it is wrapped (the bidi algorithm reorders a whole line).
"""

import functools
import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from nafitha.arabic import shape

logger = logging.getLogger(__name__)

REGULAR, BOLD = "Nafitha", "Nafitha-Bold"
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
