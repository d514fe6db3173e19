import pytest

from displays.models import DisplayScreen
from queueing import engine


def test_it_serves_the_hall_display(client, centre):
    response = client.get("/display/amman/")
    assert response.status_code == 200
    assert b'dir="rtl"' in response.content
    assert b"/ws/display/amman/" in response.content


def test_it_answers_404_for_an_unknown_centre(client, db):
    assert client.get("/display/nowhere/").status_code == 404


def test_it_serves_a_configured_screen_in_english(client, centre, civil):
    DisplayScreen.objects.create(centre=centre, slug="hall-b", name="Hall B", languages="en")
    response = client.get("/display/amman/screen/hall-b/")
    assert b'lang="en" dir="ltr"' in response.content
    assert b"/ws/display/amman/screen/hall-b/" in response.content


def test_it_serves_the_counter_screen(client, counter):
    assert client.get("/display/amman/counter/1/").status_code == 200
    assert client.get("/display/amman/counter/99/").status_code == 404


def test_it_tracks_a_ticket_without_javascript(client, centre, passport):
    ticket = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], language="en", phone="0791234567"
    ).ticket
    response = client.get(f"/t/{ticket.token}/")
    content = response.content.decode()
    assert '<noscript><meta http-equiv="refresh" content="20"></noscript>' in content
    assert "A-001" in content
    assert "You are next." in content
    assert "0791234567" not in content


def test_it_answers_404_for_an_unknown_token(client, db):
    assert client.get("/t/nope/").status_code == 404


def test_it_returns_the_display_snapshot_over_http(client, centre, passport, open_counter, alice):
    engine.ticket_issue(centre=centre, service_codes=["passport-renewal"])
    engine.ticket_call_next(counter=open_counter, staff=alice)
    body = client.get("/api/v1/centres/amman/display-snapshot/").json()
    assert body["type"] == "snapshot"
    assert body["calls"][0]["ticket"]["number"] == "A-001"
    assert body["calls"][0]["counter"] == 1
    assert body["counters"][0]["ticket"]["number"] == "A-001"


@pytest.mark.parametrize("path", ["/display/audio/xx/A/1/1.wav", "/display/audio/ar/a1/1/1.wav"])
def test_it_refuses_audio_it_cannot_render(client, db, path):
    assert client.get(path).status_code == 404
