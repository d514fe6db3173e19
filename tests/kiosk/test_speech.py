"""Spoken guidance at the kiosk: a key names a text the server wrote; nothing else is spoken."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from rest_framework.throttling import ScopedRateThrottle

from centre.models import Centre
from kiosk.errors import KioskError
from kiosk.speech import spoken_text
from queueing import engine
from tests.conftest import make_centre

URL = "/api/v1/kiosk/amman/speech/"


@pytest.fixture
def speech_dir(settings, tmp_path) -> Path:
    settings.NAFITHA_SPEECH_DIR = str(tmp_path / "speech")
    return tmp_path / "speech"


def wavs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.wav")) if folder.exists() else []


def say(centre, key, language="en"):
    return spoken_text(centre=centre, key=key, language=language)


def test_it_speaks_the_prompts_and_labels_in_both_languages(centre):
    assert say(centre, "prompt:choose_service") == "Choose a service."
    assert say(centre, "prompt:choose_service", "ar") == "اِخْتَرِ الخِدْمَةَ."
    assert say(centre, "label:confirm") == "Take my ticket"
    assert say(centre, "label:guidance", "ar") == "إِرْشَادٌ صَوْتِيّ"


def test_it_speaks_what_this_centre_offers(centre, passport, bundle):
    assert say(centre, "service:passport-renewal", "ar") == "تجديد جواز السفر"
    assert say(centre, "department:civil") == "Civil Status and Passports"
    assert say(centre, "bundle:travel") == "Travel bundle"
    assert say(centre, "documents:passport-renewal") == "Bring these documents: National ID card."
    assert say(centre, "bundle-documents:travel") == "Bring these documents: National ID card."
    assert say(centre, "priority:elderly", "ar") == "كبار السن"
    assert say(centre, "digit:7") == "7"
    assert say(centre, "language:ar", "ar") == "العَرَبِيَّة"
    assert say(centre, "message:network") == (
        "The connection to the centre's system is lost. Please try again in a moment."
    )


def test_it_says_when_no_documents_are_needed(centre, passport):
    passport.required_documents = []
    passport.save()
    assert say(centre, "documents:passport-renewal") == "No documents are needed."


def test_it_speaks_the_kiosks_fresh_ticket_with_the_people_ahead(centre, passport):
    engine.ticket_issue(centre=centre, service_codes=["passport-renewal"])
    ticket = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    assert say(centre, f"ticket:{ticket.token}") == (
        "Your ticket number is A 2. 1 person is ahead of you."
    )
    assert say(centre, f"ticket:{ticket.token}", "ar") == ("رَقْمُ تَذْكِرَتِكَ أَلِف 2. عَدَدُ الأَشْخَاصِ قَبْلَكَ 1.")


@pytest.mark.parametrize(
    "key",
    [
        "Hello, this is not a key",  # free text
        "prompt:anything the client likes",
        "prompt:unknown",
        "label:welcome_to_the_moon",
        "service:unknown",
        "documents:unknown",
        "bundle:unknown",
        "priority:vip",  # a priority the citizen cannot declare at the kiosk
        "digit:12",
        "language:fr",
        "message:welcome",  # page text, but not a message box
        "ticket:not-a-token",
        "nonsense:choose_service",
        "",
    ],
)
def test_it_refuses_a_key_it_did_not_write(centre, passport, key):
    with pytest.raises(KioskError) as refused:
        say(centre, key)
    assert refused.value.code == "speech_unknown"


def test_it_refuses_what_another_centre_offers(centre, passport):
    other = make_centre("irbid")
    with pytest.raises(KioskError):
        say(other, "service:passport-renewal")
    ticket = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    with pytest.raises(KioskError):
        say(other, f"ticket:{ticket.token}")


def test_it_refuses_a_ticket_that_is_not_fresh(centre, passport):
    ticket = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    later = timezone.now() + dt.timedelta(minutes=11)
    with time_machine.travel(later), pytest.raises(KioskError):
        say(centre, f"ticket:{ticket.token}")


def test_it_refuses_a_language_without_a_voice(centre):
    with pytest.raises(KioskError) as refused:
        say(centre, "prompt:choose_service", "fr")
    assert refused.value.code == "speech_language"


def test_it_returns_a_wav_for_an_arabic_prompt(client, centre, speech_dir):
    response = client.get(URL, {"key": "prompt:choose_department", "lang": "ar"})
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response.content[:4] == b"RIFF" and response.content[8:12] == b"WAVE"
    assert len(wavs(speech_dir)) == 1
    again = client.get(URL, {"key": "prompt:choose_department", "lang": "ar"})
    assert again.content == response.content  # from the cache
    assert len(wavs(speech_dir)) == 1


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ({"key": "مرحبا بكم", "lang": "ar"}, 404, "speech_unknown"),
        ({"key": "prompt:say_this_please", "lang": "en"}, 404, "speech_unknown"),
        ({"key": "prompt:choose_service", "lang": "fr"}, 400, "speech_language"),
        ({"lang": "en"}, 404, "speech_unknown"),
    ],
)
def test_the_endpoint_refuses_bad_keys_with_a_code_and_writes_nothing(
    client, centre, speech_dir, query, status, code
):
    response = client.get(URL, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["detail"]
    assert wavs(speech_dir) == []


def test_the_endpoint_refuses_an_unknown_centre(client, db, speech_dir):
    response = client.get("/api/v1/kiosk/nowhere/speech/", {"key": "prompt:choose_service"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not Centre.objects.exists()


def test_the_endpoint_is_throttled_per_client(client, centre, speech_dir, monkeypatch):
    monkeypatch.setattr(
        ScopedRateThrottle,
        "THROTTLE_RATES",
        {**ScopedRateThrottle.THROTTLE_RATES, "kiosk_speech": "2/min"},
    )
    query = {"key": "prompt:choose_service", "lang": "en"}
    statuses = [client.get(URL, query).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = client.get(URL, query)
    assert refused.json()["code"] == "throttled" and refused.json()["detail"]
