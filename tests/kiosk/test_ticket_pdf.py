"""The printed ticket: shaped right-to-left Arabic, the number, and a PNG kept to look at."""

import datetime as dt
import io
import re
import subprocess
import unicodedata
import zoneinfo
from pathlib import Path

import segno
from django.utils import translation

from kiosk import pdf
from nafitha import pdf as nafitha_pdf
from nafitha.arabic import digits_for
from queueing import engine

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(data: bytes, tmp_path) -> str:
    """pdftotext output, NFKC-normalised (presentation forms → letters) without bidi controls."""
    path = tmp_path / "ticket.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(CONTROLS.sub("", unicodedata.normalize("NFKC", text)).split())


def tokens(text: str) -> list[str]:
    return re.findall(r"[\u0600-\u06FF]+|\d+|[A-Za-z]+", text)


def keep_png(data: bytes, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-png",
            "-singlefile",
            str(ARTIFACTS / f"{name}.pdf"),
            str(ARTIFACTS / name),
        ],
        check=True,
    )
    return ARTIFACTS / f"{name}.png"


def test_it_uses_arabic_indic_digits_only_for_arabic():
    assert digits_for("A-042", "ar") == "A-٠٤٢"
    assert digits_for("A-042", "en") == "A-042"


def test_an_arabic_ticket_reads_in_logical_order(centre, passport, tmp_path):
    centre.charter_line_ar = "نلتزم بخدمتك خلال المدة المعلنة لكل خدمة"
    centre.save()
    ticket = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], language="ar"
    ).ticket
    text = pdf_text(pdf.ticket_pdf(ticket), tmp_path)
    assert "تجديد جواز السفر" in text
    assert "مركز الخدمات الحكومية الشامل" in text
    assert all(token in text for token in tokens("A-٠٠١"))
    assert "تذكرة انتظار" in text
    assert centre.charter_line_ar in text
    keep_png(pdf.ticket_pdf(ticket), "ticket-ar")


def test_an_english_bundle_ticket_lists_every_service(centre, bundle, tmp_path):
    ticket = engine.ticket_issue(
        centre=centre, bundle_code="travel", language="en", priority="elderly"
    ).ticket
    data = pdf.ticket_pdf(ticket)
    text = pdf_text(data, tmp_path)
    for expected in (
        "P-001",
        "Travel bundle",
        "1. Passport renewal",
        "2. Driving licence renewal",
        "Priority: Elderly",
        "People ahead of you: 0",
    ):
        assert expected in text
    keep_png(data, "ticket-en")


def test_the_qr_code_points_to_the_tracking_page(centre, passport):
    ticket = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    assert (
        pdf.ticket_print_data(ticket).tracking_url
        == f"https://nafitha.example.jo/t/{ticket.token}/"
    )


def test_it_renders_the_issue_time_in_amman(centre, passport):
    at = dt.datetime(2026, 6, 1, 21, 30, tzinfo=dt.UTC)  # 00:30 the next day in Amman
    ticket = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"], now=at).ticket
    assert f"{pdf.ticket_print_data(ticket).issued_at:%d/%m/%Y %H:%M}" == "02/06/2026 00:30"


def test_it_prints_with_the_fallback_font(settings):
    settings.NAFITHA_TICKET_FONT = settings.NAFITHA_TICKET_FONT_BOLD = "/nonexistent/font.ttf"
    nafitha_pdf.fonts.cache_clear()
    try:
        with translation.override("ar"):
            assert pdf.render_ticket(_sample()).startswith(b"%PDF")
    finally:
        nafitha_pdf.fonts.cache_clear()


def _sample() -> pdf.TicketPrint:
    return pdf.TicketPrint(
        language="ar",
        centre_name="مركز",
        number="أ-٠٠١",
        number_latin="A-001",
        services=["خدمة"],
        bundle="",
        priority="",
        position=0,
        wait_seconds=None,
        issued_at=dt.datetime(2026, 1, 1, tzinfo=zoneinfo.ZoneInfo("Asia/Amman")),
        tracking_url="https://nafitha.example.jo/t/x/",
        feedback_url="https://nafitha.example.jo/feedback/x/",
        charter_line="",
    )


def test_the_ticket_carries_the_feedback_link(client, centre, passport, tmp_path):
    """docs/feedback.md: the printed ticket links to the visit's feedback page."""
    ticket = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], language="en"
    ).ticket
    url = f"https://nafitha.example.jo/feedback/{ticket.token}/"
    data = pdf.ticket_print_data(ticket)
    assert data.feedback_url == url
    assert "After your visit, scan to tell us how it went" in pdf_text(
        pdf.ticket_pdf(ticket), tmp_path
    )
    page = client.get(f"/kiosk/tickets/{ticket.token}/print/").content.decode()
    assert f"/kiosk/tickets/{ticket.token}/qr.svg?for=feedback" in page
    qr = client.get(f"/kiosk/tickets/{ticket.token}/qr.svg?for=feedback").content
    expected = io.BytesIO()
    segno.make(url, error="m").save(expected, kind="svg", scale=8, border=2)
    assert qr == expected.getvalue()
