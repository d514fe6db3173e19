"""Call audio: only calls that happened are rendered (their event frame carries a signed URL),
the on-disk cache stays within its size, and the endpoint is throttled."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.throttling import ScopedRateThrottle

from displays import speech
from queueing import engine
from realtime import events

pytestmark = pytest.mark.skipif(not shutil.which("espeak-ng"), reason="needs espeak-ng")


@pytest.fixture(autouse=True)
def speech_dir(settings, tmp_path) -> Path:
    settings.NAFITHA_SPEECH_DIR = str(tmp_path / "speech")
    return tmp_path / "speech"


def wavs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.wav")) if folder.exists() else []


@pytest.fixture
def frames(monkeypatch):
    """Every hall frame sent after commit."""
    sent = []
    monkeypatch.setattr(
        events.send_loop,
        "group_send",
        lambda group, messages, **_: sent.extend(message["event"] for message in messages),
    )
    return sent


@pytest.fixture
def called_audio(centre, passport, open_counter, alice, frames, django_capture_on_commit_callbacks):
    """The audio URLs of a real call of A-001 at counter 1, as its event frame carries them."""
    engine.ticket_issue(centre=centre, service_codes=["passport-renewal"])
    with django_capture_on_commit_callbacks(execute=True):
        engine.ticket_call_next(counter=open_counter, staff=alice)
    return next(f for f in frames if f["type"] == "ticket.called")["announce"]["audio"]


def test_it_renders_the_audio_of_a_call_that_happened(client, called_audio, speech_dir):
    response = client.get(called_audio["ar"])
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response.content[:4] == b"RIFF"
    assert [p.name for p in wavs(speech_dir)] == ["ar-A-1-1.wav"]


@pytest.mark.parametrize(
    "forge",
    [
        lambda url: url.split("?")[0],  # no signature
        lambda url: url.replace("/A/1/1.wav", "/A/2/1.wav"),  # a number never called
        lambda url: url.replace("/A/1/1.wav", "/A/1/7.wav"),  # another counter
        lambda url: url.replace("/ar/", "/en/"),  # signed for the other language
        lambda url: url[:-3] + "xyz",  # a forged signature
    ],
)
def test_it_refuses_a_call_that_did_not_happen_and_writes_nothing(
    client, called_audio, speech_dir, forge
):
    response = client.get(forge(called_audio["ar"]))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert wavs(speech_dir) == []


def test_it_refuses_a_signed_call_of_another_day(client, db, speech_dir):
    old_day = timezone.localdate() - dt.timedelta(days=3)
    response = client.get(speech.audio_url("en", "A", 1, 1, old_day))
    assert response.status_code == 404
    assert wavs(speech_dir) == []


def test_it_keeps_the_cache_within_its_size_dropping_the_least_recently_used(settings, speech_dir):
    first = speech.audio_wav("en", "A", 1, 1)
    settings.NAFITHA_SPEECH_CACHE_BYTES = budget = 3 * len(first)
    speech.audio_wav("en", "A", 2, 1)
    speech.audio_wav("en", "A", 1, 1)  # played again: now the most recently used
    for number in range(3, 9):
        speech.audio_wav("en", "A", number, 1)
        assert sum(p.stat().st_size for p in wavs(speech_dir)) <= budget
    names = {p.name for p in wavs(speech_dir)}
    assert "en-A-8-1.wav" in names
    assert "en-A-2-1.wav" not in names
    assert not list(speech_dir.glob("*.part"))


def test_it_serves_but_does_not_keep_a_file_larger_than_the_cache(settings, speech_dir):
    settings.NAFITHA_SPEECH_CACHE_BYTES = 1000
    assert speech.audio_wav("ar", "B", 42, 5)[:4] == b"RIFF"
    assert wavs(speech_dir) == []


def test_it_throttles_call_audio_per_client(client, called_audio, monkeypatch):
    monkeypatch.setattr(
        ScopedRateThrottle,
        "THROTTLE_RATES",
        {**ScopedRateThrottle.THROTTLE_RATES, "call_audio": "2/min"},
    )
    statuses = [client.get(called_audio["en"]).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get(called_audio["en"]).json()["code"] == "throttled"
