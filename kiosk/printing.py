"""Getting a ticket onto paper, per kiosk device.

- browser (default): the kiosk page loads the ticket's print page into a hidden frame and
  prints it; Chromium started with `--kiosk --kiosk-printing` prints silently to the default
  printer (the page, not the PDF: docs/kiosk.md says why).
- cups: the server pipes the PDF to `lp -d <printer>`.
- escpos: the server rasterises the PDF at 203 dpi with `pdftoppm -mono` (its PBM rows are
  exactly ESC/POS raster rows) and sends them to a network printer at host:port (9100).

Printing happens after the ticket is committed; a failure is reported, never raised, because
the citizen already has a valid ticket on screen.
"""

import logging
import socket
import subprocess

from django.conf import settings
from django.urls import reverse

from kiosk.models import KioskDevice
from kiosk.pdf import ticket_pdf
from queueing.models import Ticket

logger = logging.getLogger(__name__)

DOTS_PER_INCH = 203
# An 80 mm roll prints 72 mm: 576 dots, after a 4 mm (32 dot) left margin of the PDF page.
PRINT_DOTS = 576
LEFT_DOTS = 32
BAND_ROWS = 256


class PrintError(Exception):
    pass


def print_ticket(device: KioskDevice, pdf: bytes) -> bool:
    """Send the ticket to the device's printer if the server prints for it.

    Returns True when the server printed, False when the kiosk browser prints it.
    Raises PrintError when the printer refused or could not be reached.
    """
    mode = device.print_mode
    if mode == KioskDevice.PrintMode.BROWSER:
        return False
    if not device.printer:
        raise PrintError(f"kiosk {device.pk} prints by {mode} but has no printer configured")
    if mode == KioskDevice.PrintMode.CUPS:
        _run(["lp", "-d", device.printer, "-t", "ticket", "-"], pdf)
    else:
        send_escpos(device.printer, escpos_raster(pdf))
    return True


def print_issued(device: KioskDevice, ticket: Ticket, created: bool) -> dict:
    """A ticket a kiosk just took (a walk-in ticket, or a booking or remote place checked
    in) onto paper: the server prints it when the device is set up so, and the answer tells
    the kiosk page what to do (`mode` "browser": print `page` from its hidden frame). A
    repeat (double tap, second scan) prints nothing more. Call after the ticket committed."""
    result = {
        "mode": device.print_mode,
        "pdf": reverse("kiosk-ticket-pdf", kwargs={"token": ticket.token}),
        "page": reverse("kiosk-ticket-print", kwargs={"token": ticket.token}),
        "printed": False,
    }
    if created and device.print_mode != KioskDevice.PrintMode.BROWSER:
        try:
            result["printed"] = print_ticket(device, ticket_pdf(ticket))
        except PrintError as exc:
            logger.error("Ticket %s not printed: %s", ticket.pk, exc)
            result["error"] = "printer_failed"
    return result


def _run(command: list[str], data: bytes) -> bytes:
    try:
        done = subprocess.run(
            command,
            input=data,
            capture_output=True,
            timeout=settings.NAFITHA_PRINT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrintError(f"{command[0]}: {exc}") from exc
    if done.returncode != 0:
        raise PrintError(f"{command[0]}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def escpos_raster(pdf: bytes) -> bytes:
    """The ticket as ESC/POS commands: initialise, raster bands (GS v 0), feed and cut."""
    pbm = _run(
        [
            "pdftoppm",
            "-r",
            str(DOTS_PER_INCH),
            "-mono",
            "-singlefile",
            "-x",
            str(LEFT_DOTS),
            "-W",
            str(PRINT_DOTS),
            "-",
        ],
        pdf,
    )
    magic, size, rows = pbm.split(b"\n", 2)
    if magic != b"P4":
        raise PrintError("pdftoppm did not return a PBM bitmap")
    width, height = (int(n) for n in size.split())
    row_bytes = (width + 7) // 8
    out = bytearray(b"\x1b@")
    for start in range(0, height, BAND_ROWS):
        band = min(BAND_ROWS, height - start)
        out += b"\x1dv0\x00" + row_bytes.to_bytes(2, "little") + band.to_bytes(2, "little")
        out += rows[start * row_bytes : (start + band) * row_bytes]
    out += b"\x1bd\x04\x1dVB\x00"
    return bytes(out)


def send_escpos(address: str, data: bytes) -> None:
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection(
            (host or address, int(port or 9100)), timeout=settings.NAFITHA_PRINT_TIMEOUT
        ) as conn:
            conn.sendall(data)
    except (OSError, ValueError) as exc:
        raise PrintError(f"ESC/POS printer {address}: {exc}") from exc
