"""The status endpoint of a place's "when to leave" page: what a reload would say, by the
page's token, in the asked language; the queue it reports moves with the queue; an unknown
token is refused and nothing changes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from appointments import remote
from appointments.models import RemoteTicket
from ops.log import redact
from queueing import engine
from tests.appointments.conftest import NOW

pytestmark = pytest.mark.django_db
MIN = dt.timedelta(minutes=1)
STATUS_SQL_BUDGET = 4  # measured: the place, the hall, the waiting count


@pytest.fixture
def place(centre, passport, time_machine):
    time_machine.move_to(NOW, tick=False)
    return RemoteTicket.objects.create(
        centre=centre,
        service=passport,
        service_day=NOW.date(),
        phone="+962791234567",
        language="ar",
        reference_digest="digest",
        token="tok-abcdefghijklmnopqrs",
        created_at=NOW,
        travel_minutes=5,
        expires_at=NOW + dt.timedelta(hours=2),
    )


def status(client, token, lang="ar"):
    return client.get(reverse("api-remote-status", args=[token]), {"lang": lang})


def test_a_pending_place_reports_when_to_leave_and_the_queue(client, place, centre, passport):
    first = status(client, place.token)
    assert first.status_code == 200 and first["Cache-Control"] == "no-store"
    data = first.json()
    assert data["status"] == "pending" and data["live"] is True
    assert data["lead"].startswith("لا يوجد تقدير")  # no counter open
    assert data["queue"] == "لا أحد ينتظر هذه الخدمة الآن." and data["number"] == ""
    for minute in range(2):
        engine.ticket_issue(centre=centre, service_codes=[passport.code], now=NOW + minute * MIN)
    assert status(client, place.token).json()["queue"] == "شخصان ينتظران هذه الخدمة الآن."
    english = status(client, place.token, "en").json()
    assert english["queue"] == "2 people are waiting for this service now."
    assert "before 11:00" in english["note"]


def test_a_checked_in_place_reports_the_people_ahead(client, place, centre, passport):
    ahead = engine.ticket_issue(centre=centre, service_codes=[passport.code], now=NOW).ticket
    place.reference_digest = remote.reference_digest("R-AAAAA-BBBBB-CCCCC")
    place.save()
    done = remote.remote_check_in(reference="R-AAAAA-BBBBB-CCCCC", centre=centre, now=NOW + MIN)
    data = status(client, place.token, "en").json()
    assert data["status"] == "checked_in" and data["lead"] == "You are checked in."
    assert data["number"] == done.ticket.number_in("en")
    assert data["queue"] == "1 person is ahead of you." and data["live"] is True
    engine.ticket_walk_out(ticket=ahead, now=NOW + 2 * MIN)
    assert status(client, place.token, "en").json()["queue"] == "0 people are ahead of you."
    arabic = status(client, place.token, "ar").json()
    assert arabic["number"] == done.ticket.number_in("ar")
    assert arabic["queue"] == "لا أحد أمامك في الدور."


def test_a_lapsed_or_cancelled_place_is_final(client, place, time_machine):
    time_machine.move_to(NOW + dt.timedelta(hours=3), tick=False)
    data = status(client, place.token, "en").json()
    assert (data["status"], data["live"]) == ("expired", False)
    RemoteTicket.objects.filter(pk=place.pk).update(status="cancelled")
    assert status(client, place.token, "en").json()["status"] == "cancelled"


def test_an_unknown_token_is_refused_and_changes_nothing(client, place):
    answer = status(client, "not-a-token", "en")
    assert answer.status_code == 404 and answer.json()["code"] == "remote_unknown"
    assert RemoteTicket.objects.get().status == "pending"


def test_it_is_throttled_as_a_public_read(client, place, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "public_read", "2/min")
    codes = [status(client, place.token).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert int(status(client, place.token)["Retry-After"]) > 0


def test_the_page_carries_the_same_texts_and_its_refresh_settings(client, place):
    page = client.get(reverse("remote-track", args=[place.token]), {"lang": "en"})
    html = page.content.decode()
    assert 'data-live="1"' in html and 'data-refresh="20"' in html
    assert reverse("api-remote-status", args=[place.token]) in html
    assert status(client, place.token, "en").json()["lead"] in html
    assert "remote_track.js" in html and 'aria-live="polite"' in html


def test_it_is_a_few_small_reads(client, place, centre, passport, open_counter):
    """A budget of SQL statements per poll (pending place, open counter, warm caches): the
    page asks every 20 s while a citizen waits at home."""
    engine.ticket_issue(centre=centre, service_codes=[passport.code], now=NOW)
    status(client, place.token)  # warm the per-process caches (offers, capacity)
    with CaptureQueriesContext(connection) as queries:
        assert status(client, place.token).status_code == 200
    assert len(queries) <= STATUS_SQL_BUDGET, [q["sql"][:120] for q in queries]


def test_the_token_in_its_url_never_reaches_a_log():
    assert redact("GET /api/v1/appointments/remote/abcDEF123_-x/status/?lang=ar") == (
        "GET /api/v1/appointments/remote/[redacted]/status/?lang=ar"
    )
    assert redact("POST /api/v1/appointments/remote/cancel/") == (
        "POST /api/v1/appointments/remote/cancel/"
    )
