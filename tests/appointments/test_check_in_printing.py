"""The ticket of a booking checked in at the kiosk is printed as a walk-in ticket is
(kiosk.printing.print_issued): by the kiosk page, or by the server through CUPS or ESC/POS;
a second scan prints nothing more; a broken printer never loses the check-in."""

import datetime as dt
import os
import stat

import pytest
from rest_framework.test import APIClient

from appointments.models import Booking
from appointments.selectors import reference_digest
from kiosk.activation import device_new_token
from kiosk.models import KioskDevice
from queueing.models import Ticket
from tests.appointments.conftest import PHONE

CHECK_IN = "/api/v1/appointments/check-in/"
REFERENCE = "B-ABCDE-23456-FGHJK"


@pytest.fixture
def booking(centre, passport, plan):
    start = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    return Booking.objects.create(
        centre=centre,
        service=passport,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=8),
        phone=PHONE,
        reference_digest=reference_digest(REFERENCE),
    )


def kiosk_of(centre, **fields) -> APIClient:
    device = KioskDevice(centre=centre, name="Hall kiosk 1", **fields)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Device {device_new_token(device)}")
    return client


@pytest.fixture
def fake_lp(tmp_path, monkeypatch):
    """An `lp` on PATH that records its arguments and the document it was given."""
    script = tmp_path / "lp"
    script.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/args\ncat > {tmp_path}/printed.pdf\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    return tmp_path


def test_a_browser_kiosk_is_told_to_print_the_ticket_page(centre, booking):
    response = kiosk_of(centre).post(CHECK_IN, {"reference": REFERENCE}, format="json")
    assert response.status_code == 201
    token = Ticket.objects.get().token
    assert response.json()["print"] == {
        "mode": "browser",
        "pdf": f"/kiosk/tickets/{token}.pdf",
        "page": f"/kiosk/tickets/{token}/print/",
        "printed": False,
    }


def test_the_server_prints_the_checked_in_ticket_once(centre, booking, fake_lp):
    kiosk = kiosk_of(centre, print_mode="cups", printer="hall-thermal")
    first = kiosk.post(CHECK_IN, {"reference": REFERENCE}, format="json")
    assert first.status_code == 201
    assert first.json()["print"]["printed"] is True
    assert (fake_lp / "args").read_text().split()[:2] == ["-d", "hall-thermal"]
    assert (fake_lp / "printed.pdf").read_bytes().startswith(b"%PDF")

    (fake_lp / "printed.pdf").unlink()
    again = kiosk.post(CHECK_IN, {"reference": REFERENCE}, format="json")
    assert again.status_code == 200
    assert again.json()["ticket"]["token"] == first.json()["ticket"]["token"]
    assert again.json()["print"]["printed"] is False
    assert not (fake_lp / "printed.pdf").exists()


def test_a_broken_printer_still_checks_the_booking_in(centre, booking):
    kiosk = kiosk_of(centre, print_mode="escpos", printer="127.0.0.1:1")
    response = kiosk.post(CHECK_IN, {"reference": REFERENCE}, format="json")
    assert response.status_code == 201
    assert response.json()["print"]["error"] == "printer_failed"
    booking.refresh_from_db()
    assert booking.status == "checked_in" and Ticket.objects.count() == 1


def test_a_refused_check_in_prints_nothing(centre, booking, fake_lp):
    kiosk = kiosk_of(centre, print_mode="cups", printer="hall-thermal")
    response = kiosk.post(CHECK_IN, {"reference": "B-NOPE2-NOPE2-NOPE2"}, format="json")
    assert response.status_code == 404
    assert "print" not in response.json()
    assert not (fake_lp / "printed.pdf").exists() and Ticket.objects.count() == 0
