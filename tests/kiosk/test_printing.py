"""Server-side printing: CUPS through `lp`, ESC/POS raster over TCP; a failure never loses the ticket."""

import os
import socket
import stat
import threading

import pytest

from kiosk import printing
from kiosk.models import KioskDevice
from kiosk.pdf import ticket_pdf
from queueing import engine
from queueing.models import Ticket

ISSUE = "/api/v1/kiosk/tickets/"


@pytest.fixture
def fake_lp(tmp_path, monkeypatch):
    """An `lp` on PATH that records its arguments and the document it was given."""
    script = tmp_path / "lp"
    script.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/args\ncat > {tmp_path}/printed.pdf\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    return tmp_path


def test_it_sends_the_pdf_to_the_cups_printer(kiosk, device, passport, fake_lp):
    KioskDevice.objects.filter(pk=device[0].pk).update(print_mode="cups", printer="hall-thermal")
    response = kiosk.post(ISSUE, {"services": ["passport-renewal"]}, format="json")
    assert response.json()["print"]["printed"] is True
    assert (fake_lp / "args").read_text().split()[:2] == ["-d", "hall-thermal"]
    assert (fake_lp / "printed.pdf").read_bytes().startswith(b"%PDF")


def test_a_double_tap_prints_once(kiosk, device, passport, fake_lp):
    KioskDevice.objects.filter(pk=device[0].pk).update(print_mode="cups", printer="hall-thermal")
    kiosk.post(ISSUE, {"services": ["passport-renewal"]}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    (fake_lp / "printed.pdf").unlink()
    again = kiosk.post(
        ISSUE, {"services": ["passport-renewal"]}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert again.json()["print"]["printed"] is False
    assert not (fake_lp / "printed.pdf").exists()


def test_a_broken_printer_still_issues_the_ticket(kiosk, device, passport):
    KioskDevice.objects.filter(pk=device[0].pk).update(print_mode="escpos", printer="127.0.0.1:1")
    response = kiosk.post(ISSUE, {"services": ["passport-renewal"]}, format="json")
    assert response.status_code == 201
    assert response.json()["print"]["error"] == "printer_failed"
    assert Ticket.objects.count() == 1


def test_it_sends_escpos_raster_bands_and_a_cut(centre, passport):
    ticket = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    received = bytearray()
    with socket.create_server(("127.0.0.1", 0)) as server:

        def accept():
            conn, _ = server.accept()
            with conn:
                while chunk := conn.recv(65536):
                    received.extend(chunk)

        thread = threading.Thread(target=accept)
        thread.start()
        device = KioskDevice(
            centre=centre, print_mode="escpos", printer=f"127.0.0.1:{server.getsockname()[1]}"
        )
        assert printing.print_ticket(device, ticket_pdf(ticket)) is True
        thread.join(5)
    assert received.startswith(b"\x1b@\x1dv0\x00" + (576 // 8).to_bytes(2, "little"))
    assert received.endswith(b"\x1dVB\x00")
    first_band = received[10 : 10 + 72 * printing.BAND_ROWS]
    assert any(first_band)  # the centre's name is printed in black dots
