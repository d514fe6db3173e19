"""The printed ticket: one PDF renderer for an 80 mm thermal roll, in Arabic or English.

Fonts, wrapping and Arabic shaping come from `nafitha/pdf.py` and `nafitha/arabic.py`, shared
with the scorecard reports; lines are wrapped before they are shaped. Arabic tickets use
Arabic-Indic digits. Data is read first (`ticket_print_data`), then the PDF is drawn inside `translation.override(language)` with no database access or locks.
"""

import dataclasses
import datetime as dt
import io
import math

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import npgettext, pgettext
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from nafitha.arabic import digits_for, shape
from nafitha.pdf import fonts, wrap
from queueing import selectors
from queueing.models import Ticket

PAGE_WIDTH = 80 * mm
MARGIN = 4 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 30 * mm
FEEDBACK_QR_SIZE = 22 * mm  # smaller: the tracking code is the one needed first


@dataclasses.dataclass(frozen=True)
class TicketPrint:
    """Everything printed on a ticket, in the ticket's language."""

    language: str
    centre_name: str
    number: str  # as the hall display shows it in this language (أ-٠٤٢ in Arabic)
    number_latin: str  # A-042, also shown on every display
    services: list[str]
    bundle: str
    priority: str
    position: int | None
    wait_seconds: int | None
    issued_at: dt.datetime  # local time of the centre
    tracking_url: str
    feedback_url: str
    charter_line: str
    wait_range: tuple[int, int] | None = None  # minutes (queueing.waits)


def tracking_url(ticket: Ticket) -> str:
    return f"{settings.NAFITHA_PUBLIC_URL.rstrip('/')}/t/{ticket.token}/"


def feedback_url(ticket: Ticket) -> str:
    """Where the citizen rates the visit once it is done (docs/feedback.md)."""
    path = reverse("feedback:visit", args=[ticket.token])
    return f"{settings.NAFITHA_PUBLIC_URL.rstrip('/')}{path}"


def feedback_text() -> str:
    return pgettext("ticket", "After your visit, scan to tell us how it went")


def ticket_print_data(ticket: Ticket) -> TicketPrint:
    lang = ticket.language
    centre = ticket.centre
    position, estimate = selectors.ticket_wait(ticket)
    return TicketPrint(
        language=lang,
        centre_name=centre.name_in(lang),
        number=ticket.number_in(lang),
        number_latin=ticket.number_in("en"),
        services=[step.service.name_in(lang) for step in ticket.steps.select_related("service")],
        bundle=ticket.bundle.name_in(lang) if ticket.bundle else "",
        priority=ticket.priority.name_in(lang) if ticket.priority else "",
        position=position,
        wait_seconds=None if estimate is None else estimate.seconds,
        wait_range=None if estimate is None else estimate.minutes_range,
        issued_at=centre.local_now(ticket.issued_at),
        tracking_url=tracking_url(ticket),
        feedback_url=feedback_url(ticket),
        charter_line=centre.charter_line(lang),
    )


def ticket_pdf(ticket: Ticket) -> bytes:
    data = ticket_print_data(ticket)
    with translation.override(data.language):
        return render_ticket(data)


@dataclasses.dataclass(frozen=True)
class _Text:
    lines: list[str]
    font: str
    size: float
    leading: float

    @property
    def height(self) -> float:
        return self.leading * len(self.lines)


@dataclasses.dataclass(frozen=True)
class _Gap:
    height: float
    rule: bool = False


@dataclasses.dataclass(frozen=True)
class _Qr:
    url: str
    height: float = QR_SIZE


def wait_text(seconds: int | None, language: str, wait_range: tuple[int, int] | None = None) -> str:
    if seconds is None:
        return pgettext("ticket", "Estimated wait: not available yet")
    if wait_range is not None:
        low, high = wait_range
        if low == 0:
            text = npgettext(
                "ticket",
                "Estimated wait: up to %(n)d minute",
                "Estimated wait: up to %(n)d minutes",
                high,
            ) % {"n": high}
        else:
            # The plural form follows the higher number.
            text = npgettext(
                "ticket",
                "Estimated wait: %(low)d–%(n)d minute",
                "Estimated wait: %(low)d–%(n)d minutes",
                high,
            ) % {"low": low, "n": high}
        return digits_for(text, language)
    minutes = max(1, math.ceil(seconds / 60))
    text = npgettext(
        "ticket",
        "Estimated wait: about %(n)d minute",
        "Estimated wait: about %(n)d minutes",
        minutes,
    ) % {"n": minutes}
    return digits_for(text, language)


def ahead_text(data: TicketPrint) -> str:
    ahead = pgettext("ticket", "People ahead of you: %(n)s") % {"n": data.position}
    return digits_for(ahead, data.language)


def issued_text(data: TicketPrint) -> str:
    issued = digits_for(f"{data.issued_at:%d/%m/%Y %H:%M}", data.language)
    return pgettext("ticket", "Issued: %(when)s") % {"when": issued}


def _blocks(data: TicketPrint) -> list:
    regular, bold = fonts()
    lang = data.language

    def text(value: str, size: float, *, font: str = regular, leading: float = 1.35) -> _Text:
        return _Text(wrap(value, font, size, CONTENT_WIDTH), font, size, size * leading)

    blocks = [
        text(data.centre_name, 12, font=bold),
        text(pgettext("ticket", "Queue ticket"), 10),
        _Gap(3 * mm, rule=True),
        text(pgettext("ticket", "Your number"), 10),
        _Text([data.number], bold, 46, 52),
    ]
    if data.number != data.number_latin:
        blocks.append(text(data.number_latin, 14, font=bold))
    blocks.append(_Gap(4 * mm, rule=True))
    if data.bundle:
        blocks.append(text(data.bundle, 12, font=bold))
    for index, name in enumerate(data.services, start=1):
        label = digits_for(f"{index}. ", lang) + name if len(data.services) > 1 else name
        blocks.append(
            text(label, 12 if not data.bundle else 11, font=bold if not data.bundle else regular)
        )
    if data.priority:
        blocks.append(text(pgettext("ticket", "Priority: %(name)s") % {"name": data.priority}, 10))
    blocks.append(_Gap(1.5 * mm))
    if data.position is not None:
        blocks.append(text(ahead_text(data), 11))
    blocks.append(text(wait_text(data.wait_seconds, lang, data.wait_range), 11))
    blocks.append(text(issued_text(data), 10))
    blocks += [
        _Gap(2 * mm),
        _Qr(data.tracking_url),
        _Gap(1 * mm),
        text(pgettext("ticket", "Scan to follow your turn on your phone"), 9),
        _Gap(5 * mm, rule=True),  # a quiet zone between the two codes
        _Qr(data.feedback_url, height=FEEDBACK_QR_SIZE),
        _Gap(1 * mm),
        text(feedback_text(), 9),
    ]
    if data.charter_line:
        blocks += [_Gap(2 * mm, rule=True), text(data.charter_line, 9)]
    return blocks


def _draw_qr(pdf: canvas.Canvas, url: str, top: float, size: float = QR_SIZE) -> None:
    """Dark modules of a segno QR code as one filled path (faster than one rect each)."""
    matrix = segno.make(url, error="m").matrix
    module = size / len(matrix)
    left = (PAGE_WIDTH - size) / 2
    path = pdf.beginPath()
    for row_index, row in enumerate(matrix):
        y = top - (row_index + 1) * module
        column = 0
        while column < len(row):
            if row[column]:
                start = column
                while column < len(row) and row[column]:
                    column += 1
                path.rect(left + start * module, y, (column - start) * module, module)
            else:
                column += 1
    pdf.drawPath(path, stroke=0, fill=1)


def render_ticket(data: TicketPrint) -> bytes:
    """Draw the ticket; the page is as long as its content, as on a roll."""
    blocks = _blocks(data)
    height = 2 * MARGIN + 4 * mm + sum(block.height for block in blocks)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, height), pageCompression=0)
    pdf.setTitle(pgettext("ticket", "Ticket %(number)s") % {"number": data.number})
    pdf.setAuthor("Nafitha")
    y = height - MARGIN
    for block in blocks:
        if isinstance(block, _Text):
            pdf.setFont(block.font, block.size)
            for line in block.lines:
                y -= block.leading
                pdf.drawCentredString(
                    PAGE_WIDTH / 2, y + (block.leading - block.size) * 0.6, shape(line)
                )
        elif isinstance(block, _Qr):
            _draw_qr(pdf, block.url, y, block.height)
            y -= block.height
        else:
            if block.rule:
                pdf.setDash(2, 2)
                pdf.setLineWidth(0.6)
                pdf.line(MARGIN, y - block.height / 2, PAGE_WIDTH - MARGIN, y - block.height / 2)
            y -= block.height
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
