"""Checking in by camera: which codes count as a reference (the bare reference the booking
and remote pages put in their QR code, never a URL), and the pages that scan, which alone
may use the camera (Permissions-Policy)."""

import json
import re

import pytest
from django.utils import translation

from appointments.api import reference_qr
from appointments.scan import scan_config
from nafitha import references

PATTERN = re.compile(scan_config()["pattern"])


@pytest.mark.parametrize(
    "text",
    [
        "B-ABCDE-23456-FGHJK",
        "R-ABCDE-23456-FGHJK",
        "b-abcde-23456-fghjk",
        " B ABCDE 23456 FGHJK\n",
        "BABCDE23456FGHJK",
        references.new_reference("B"),
        references.new_reference("R"),
    ],
)
def test_it_reads_a_booking_or_remote_reference(text):
    assert PATTERN.match(text)


@pytest.mark.parametrize(
    "text",
    [
        "https://nafitha.example.jo/t/abc123/",  # a queue ticket's tracking link
        "C-ABCDE-23456-FGHJK",  # a complaint's reference
        "B-ABCDE-23456-FGHJ",  # a letter short
        "B-ABCDE-23456-FGHJKM",
        "B-ABCDE-23456-FGHJ0",  # 0 is not in the alphabet
        "B-ABCDE-23456-FGHJK https://evil.example/",
        "",
    ],
)
def test_it_refuses_anything_else(text):
    assert not PATTERN.match(text)


def test_the_qr_code_on_the_booking_page_holds_the_bare_reference():
    reference = references.new_reference("B")
    code = reference_qr(reference)
    assert code.mode == "alphanumeric"  # no URL: those need byte mode (lower case, "/", ":")
    assert PATTERN.match(reference)


def test_the_scanner_speaks_the_page_language():
    with translation.override("ar"):
        strings = scan_config()["strings"]
    assert strings["start"] == "امسح رمز QR بالكاميرا"
    assert all(re.search("[\u0600-\u06ff]", text) for text in strings.values())


def test_only_the_check_in_screen_may_use_the_camera(client, centre):
    screen = client.get(f"/kiosk/{centre.code}/check-in/")
    assert screen["Permissions-Policy"] == (
        "camera=(self), microphone=(), geolocation=(), payment=()"
    )
    page = screen.content.decode()
    scripts = re.findall(r'<script src="/static/([^"]+)"', page)
    assert scripts == [
        "vendor/jsqr/jsQR.js",
        "nafitha/qr_scan.js",
        "kiosk/print_frame.js",
        "appointments/check_in.js",
    ]
    assert 'id="ci-scan"' in page and 'aria-pressed="false"' in page and 'id="print-frame"' in page
    config = json.loads(re.search(r'id="check-in-config"[^>]*>(.*?)</script>', page, re.S)[1])
    assert config["scan"]["pattern"] == PATTERN.pattern
    assert config["strings"]["printing"] == "تُطبع تذكرتك الآن. يرجى أخذها."

    strict = "camera=(), microphone=(), geolocation=(), payment=()"
    assert client.get(f"/kiosk/{centre.code}/")["Permissions-Policy"] == strict
    assert client.get("/book/")["Permissions-Policy"] == strict
    assert client.get("/api/v1/quickest/", {"service": "x"})["Permissions-Policy"] == strict
