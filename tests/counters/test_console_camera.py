"""The counter console's check-in card reads QR codes with the camera: the console alone of
the staff pages may use it (Permissions-Policy), and it carries the scanner's settings."""

import json
import re

from appointments.scan import scan_config

STRICT = "camera=(), microphone=(), geolocation=(), payment=()"


def test_the_console_may_use_the_camera_and_the_supervisor_view_may_not(world):
    agent = world.client("agent")
    console = agent.get("/counter/amman/")
    assert console.status_code == 200
    assert console["Permissions-Policy"] == STRICT.replace("camera=()", "camera=(self)")
    page = console.content.decode()
    scripts = re.findall(r'<script src="/static/([^"]+)"', page)
    assert scripts.index("vendor/jsqr/jsQR.js") < scripts.index("nafitha/qr_scan.js")
    assert scripts.index("nafitha/qr_scan.js") < scripts.index("counters/check_in.js")
    assert 'id="desk-scan"' in page and 'id="desk-video"' in page
    config = json.loads(re.search(r'id="page-config"[^>]*>(.*?)</script>', page, re.S)[1])
    assert config["scan"]["pattern"] == scan_config()["pattern"]

    supervisor = world.client("supervisor").get("/counter/amman/supervisor/")
    assert supervisor["Permissions-Policy"] == STRICT


def test_a_refused_visitor_gets_no_camera(world):
    response = world.client("analyst").get("/counter/amman/")
    assert response.status_code == 403
    assert response["Permissions-Policy"] == STRICT
