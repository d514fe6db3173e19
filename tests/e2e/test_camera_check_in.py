"""Checking in by showing the booking's QR code to a camera, at the kiosk (1080×1920) and at
the counter console (1366×768).

Chromium's fake camera plays a Y4M file made here from the QR code a real booking's page
shows (`appointments.api.reference_qr`), so the whole path runs: getUserMedia, the frames
decoded in the page (BarcodeDetector where the browser has one, else the vendored jsQR),
the reference put where a typed one goes, the check-in API, the ticket number on screen.
Each test launches its own browser, since the camera's picture is fixed at launch.
"""

import re
from pathlib import Path

import pytest
import segno
from playwright.sync_api import Browser, Page, Playwright, expect

from appointments.api import reference_qr
from tests.e2e.test_appointments import ARABIC_NUMBER, PORTRAIT, shell
from tests.e2e.test_content_security_policy import Watched
from tests.e2e.test_counter_console import COUNTER_PC, log_in
from tests.e2e.test_desk_check_in import booking_now
from tests.e2e.test_kiosk_axe import check as axe_check

WIDTH, HEIGHT = 640, 480
NOT_A_REFERENCE = re.compile("رمز QR هذا ليس لموعد")


def camera_file(path: Path, code: segno.QRCode) -> Path:
    """A Y4M video (4:2:0, two still frames) of `code` in black on white, centred, as a
    phone screen held up to the camera shows it."""
    scale = 10
    matrix = [bytes(row) for row in code.matrix_iter(scale=scale, border=4)]
    top, left = (HEIGHT - len(matrix)) // 2, (WIDTH - len(matrix[0])) // 2
    luma = bytearray(b"\xff" * WIDTH * HEIGHT)
    for y, row in enumerate(matrix):
        start = (top + y) * WIDTH + left
        luma[start : start + len(row)] = bytes(0 if dark else 255 for dark in row)
    chroma = b"\x80" * (WIDTH // 2) * (HEIGHT // 2)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + frame * 2)
    return path


def camera_browser(playwright: Playwright, video: Path) -> Browser:
    return playwright.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=[
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )


def booking_soon(live_data) -> str:
    """A passport-renewal booking at the Amman centre starting in 5 minutes; its reference."""
    return shell(
        live_data,
        "import datetime as dt;"
        "from django.utils import timezone;"
        "from appointments.models import Booking;"
        "from appointments.selectors import reference_digest;"
        "from centre.models import Centre, Service;"
        "from nafitha.references import new_reference;"
        "ref = new_reference('B'); start = timezone.now() + dt.timedelta(minutes=5);"
        "Booking.objects.create(centre=Centre.objects.get(code='amman'),"
        " service=Service.objects.get(code='passport-renewal'), starts_at=start,"
        " ends_at=start + dt.timedelta(minutes=10), phone='+962781113344',"
        " reference_digest=reference_digest(ref));"
        "print(ref)",
    )


def open_kiosk_check_in(page: Page, live_url: str, kiosk_device: str) -> None:
    page.goto(f"{live_url}/kiosk/amman/?device={kiosk_device}")
    expect(page.locator("[data-department]").first).to_be_visible()
    page.locator("#appointment-check-in").click()
    expect(page.locator("#ci-title")).to_be_visible()


@pytest.fixture
def camera_page(playwright: Playwright, tmp_path):
    """A page of a browser whose camera shows the QR code of the given text."""
    browsers = []

    def open_page(code: segno.QRCode, viewport: dict) -> Page:
        browser = camera_browser(playwright, camera_file(tmp_path / "camera.y4m", code))
        browsers.append(browser)
        return browser.new_page(viewport=viewport)

    yield open_page
    for browser in browsers:
        browser.close()


def test_a_booking_is_checked_in_by_its_qr_code_at_the_kiosk(
    camera_page, live_url, live_data, kiosk_device, artifacts
):
    reference = booking_soon(live_data)
    page = camera_page(reference_qr(reference), PORTRAIT)
    watched = Watched(page)  # the camera, the decoder and the print frame under the CSP
    open_kiosk_check_in(page, live_url, kiosk_device)
    scan = page.get_by_role("button", name="امسح رمز QR بالكاميرا")
    expect(scan).to_have_attribute("aria-pressed", "false")
    scan.click()

    expect(page.locator("#ci-ticket")).to_be_visible(timeout=15_000)
    expect(page.locator("#ci-message")).to_contain_text("تم تسجيل وصولك")
    expect(page.locator("#ci-number")).to_have_text(ARABIC_NUMBER)
    expect(page.locator("#ci-reference")).to_have_value(reference)
    # The camera is off once the code is read.
    expect(page.locator("#ci-scan-view")).to_be_hidden()
    assert page.locator("#ci-video").evaluate("v => v.srcObject") is None
    assert page.locator("#ci-scan-view").get_attribute("data-decoder") in {
        "jsqr",
        "barcode-detector",
    }
    page.screenshot(path=artifacts / "kiosk-check-in-camera-ticket.png")
    assert watched.violations() == []


def test_a_code_that_is_not_a_reference_is_refused_and_typing_still_works(
    camera_page, live_url, live_data, kiosk_device, artifacts
):
    reference = booking_soon(live_data)
    page = camera_page(segno.make(f"{live_url}/t/not-a-booking/"), PORTRAIT)
    open_kiosk_check_in(page, live_url, kiosk_device)
    page.get_by_role("button", name="امسح رمز QR بالكاميرا").click()
    status = page.locator("#ci-scan-status")
    expect(status).to_have_text(NOT_A_REFERENCE, timeout=15_000)
    expect(status).to_have_attribute("data-kind", "refused")
    expect(page.locator("#ci-scan-view")).to_be_visible()  # still scanning
    axe_check(page, artifacts, "check-in-camera-refused")  # the viewfinder open
    stop = page.get_by_role("button", name="أوقف الكاميرا")
    expect(stop).to_have_attribute("aria-pressed", "true")
    stop.click()
    expect(page.locator("#ci-scan-view")).to_be_hidden()
    page.locator("#ci-reference").fill(reference)
    page.locator("#ci-submit").click()
    expect(page.locator("#ci-number")).to_have_text(ARABIC_NUMBER)


def test_without_a_camera_the_kiosk_says_so_and_typing_still_works(
    page: Page, live_url, live_data, kiosk_device
):
    """The ordinary test browser has no camera (and grants none): a translated message."""
    reference = booking_soon(live_data)
    page.set_viewport_size(PORTRAIT)
    open_kiosk_check_in(page, live_url, kiosk_device)
    page.get_by_role("button", name="امسح رمز QR بالكاميرا").click()
    status = page.locator("#ci-scan-status")
    expect(status).to_have_attribute("data-kind", "refused")
    expect(status).to_have_text(re.compile("اكتب الرقم المرجعي"))
    expect(page.locator("#ci-scan-view")).to_be_hidden()
    page.locator("#ci-reference").fill(reference)
    page.locator("#ci-reference").press("Enter")
    expect(page.locator("#ci-number")).to_have_text(ARABIC_NUMBER)


def test_an_agent_checks_a_booking_in_by_its_qr_code_at_the_counter(
    camera_page, live_url, live_data, artifacts
):
    reference = booking_now(live_data)
    page = camera_page(reference_qr(reference), COUNTER_PC)
    watched = Watched(page)
    log_in(page, live_url, "agent7")
    scan = page.get_by_role("button", name="امسح رمز QR بالكاميرا")
    scan.click()  # the code is read at once: the viewfinder may already be gone
    answer = page.locator("#desk-answer")
    expect(answer).to_have_class(re.compile(r"\bok\b"), timeout=15_000)
    expect(answer).to_contain_text("تم تسجيل الوصول")
    expect(answer).to_have_text(re.compile(r"[\u0621-\u064a]{1,2}-[٠-٩]{3}"))
    expect(page.locator("#desk-scan-view")).to_be_hidden()
    expect(scan).to_have_attribute("aria-pressed", "false")
    page.locator("#desk-check-in").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "counter-desk-check-in-camera-1366.png")
    assert watched.violations() == []


def test_the_browsers_own_barcode_detector_is_used_where_there_is_one(
    camera_page, live_url, live_data, kiosk_device
):
    """Chromium on Linux has no BarcodeDetector; a stand-in that reads the reference proves
    the page prefers it to jsQR (the camera shows another code, which jsQR would refuse)."""
    reference = booking_soon(live_data)
    page = camera_page(segno.make(f"{live_url}/t/not-a-booking/"), PORTRAIT)
    page.add_init_script(
        "window.BarcodeDetector = class {"
        "  static async getSupportedFormats() { return ['qr_code', 'ean_13']; }"
        f"  async detect() {{ return [{{ rawValue: '{reference.lower()}' }}]; }}"
        "};"
    )
    open_kiosk_check_in(page, live_url, kiosk_device)
    page.get_by_role("button", name="امسح رمز QR بالكاميرا").click()
    expect(page.locator("#ci-number")).to_have_text(ARABIC_NUMBER, timeout=15_000)
    expect(page.locator("#ci-scan-view")).to_have_attribute("data-decoder", "barcode-detector")
    expect(page.locator("#ci-reference")).to_have_value(reference)
