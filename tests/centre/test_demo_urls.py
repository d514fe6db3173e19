import io

from django.core.management import call_command

from queueing.models import Ticket


def test_it_prints_every_screen_and_log_in(seeded):
    out = io.StringIO()
    call_command("demo_urls", "--base", "http://demo.test:9000/", stdout=out)
    text = out.getvalue()
    waiting = Ticket.objects.filter(status="waiting").order_by("issued_at").first()
    for path in (
        "/",
        "/kiosk/amman/",
        "/kiosk/irbid/",
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
