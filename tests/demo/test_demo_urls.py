import io
import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command

from queueing.models import Ticket


def test_it_prints_every_screen_and_log_in(seeded):
    out = io.StringIO()
    call_command("demo_urls", "--base", "http://demo.test:9000/", stdout=out)
    text = out.getvalue()
    waiting = Ticket.objects.filter(status="waiting").order_by("issued_at").first()
    for path in (
        "/",
        "/kiosk/amman/?device=demo-kiosk-amman",
        "/kiosk/irbid/?device=demo-kiosk-irbid",
        "/display/amman/",
        "/counter/amman/",
        "/counter/amman/supervisor/",
        "/dashboard/amman/",
        "/scorecard/",
        "/api/v1/docs/",
        "/admin/",
        f"/t/{waiting.token}/",
    ):
        assert f"http://demo.test:9000{path}\n" in text + "\n"
    for username in ("admin", "manager", "supervisor", "agent8", "irbid-agent2", "analyst"):
        assert f"  {username} " in text
    assert "nafitha-demo" in text


def test_it_defaults_to_the_public_url(seeded, settings):
    settings.NAFITHA_PUBLIC_URL = "http://127.0.0.1:8123"
    out = io.StringIO()
    call_command("demo_urls", stdout=out)
    assert "http://127.0.0.1:8123/display/amman/\n" in out.getvalue()


def test_it_follows_the_port_in_qr_codes_and_sms_links():
    """`./dev demo` exports PORT; the links printed and sent must reach that server."""
    code = "from django.conf import settings; print(settings.NAFITHA_PUBLIC_URL)"
    env = {k: v for k, v in os.environ.items() if k != "NAFITHA_PUBLIC_URL"}
    env |= {"PORT": "8123", "DJANGO_SETTINGS_MODULE": "nafitha.settings"}
    run = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip() == "http://127.0.0.1:8123"
