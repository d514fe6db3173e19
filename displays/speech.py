"""The spoken call: one sentence per language, and its offline audio rendered by espeak-ng.

Browsers speak `sentence_ar` / `sentence_en` themselves when they have a voice for the
language. Otherwise the display plays `/display/audio/<lang>/<letter>/<number>/<counter>.wav`
with the signature its call's event frame carries, rendered once by espeak-ng and kept in a
cache of bounded size under NAFITHA_SPEECH_DIR. espeak-ng misreads Arabic
words without vowel marks, so its text (`espeak_text`) spells the letter out with vowel
marks and keeps the numbers as digits, which it reads correctly.
"""

import contextlib
import datetime as dt
import fcntl
import os
import re
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.signing import BadSignature, Signer
from django.utils import timezone

from nafitha.arabic import ARABIC_LETTERS, arabic_letter, arabic_number_words

LETTER_RE = re.compile(r"^[A-Z]{1,2}$")


def sentence_ar(letter: str, number: int, counter: int) -> str:
    """A-042 at counter 5 → "التذكرة أ اثنان وأربعون، إلى الشباك رقم خمسة"."""
    return (
        f"التذكرة {arabic_letter(letter)} {arabic_number_words(number)}، "
        f"إلى الشباك رقم {arabic_number_words(counter)}"
    )


def sentence_en(letter: str, number: int, counter: int) -> str:
    """A-042 at counter 5 → "Ticket A 42, counter 5"."""
    return f"Ticket {' '.join(letter)} {number}, counter {counter}"


def espeak_text(language: str, letter: str, number: int, counter: int) -> str:
    """The sentence as espeak-ng reads it correctly: vocalised words, digits for numbers."""
    if language == "en":
        return sentence_en(letter, number, counter)
    names = " ".join(ARABIC_LETTERS[ch][1] if ch in ARABIC_LETTERS else ch for ch in letter)
    return f"التَّذْكِرَةُ {names} {number}، إِلَى الشُّبَّاكِ رَقْم {counter}"


def sentences(letter: str, number: int, counter: int) -> dict[str, str]:
    return {"ar": sentence_ar(letter, number, counter), "en": sentence_en(letter, number, counter)}


VOICES = {"ar": "ar", "en": "en-us"}
AUDIO_SALT = "nafitha.displays.call-audio"


def _call_value(language: str, letter: str, number: int, counter: int, day: dt.date) -> str:
    return f"{language}/{letter}/{number}/{counter}/{day.isoformat()}"


def audio_url(language: str, letter: str, number: int, counter: int, day: dt.date) -> str:
    """The offline audio of one call on one service day, signed so that only calls that
    happened can be rendered: the URL is handed out only in the call's event frame."""
    signature = Signer(salt=AUDIO_SALT).signature(
        _call_value(language, letter, number, counter, day)
    )
    return f"/display/audio/{language}/{letter}/{number}/{counter}.wav?d={day}&s={signature}"


ANNOUNCED = ("ticket.called", "ticket.recalled")


def announce_call(frame: dict, ticket) -> None:
    """Frame hook (realtime.events.add_frame_hook): a call's frame carries its spoken
    sentences and the signed URLs of their offline audio, built once for every screen."""
    if frame["type"] not in ANNOUNCED or not frame["ticket"] or not frame["counter"]:
        return
    letter = frame["ticket"]["letter"]
    number = int(frame["ticket"]["number"].split("-")[-1])
    counter, day = frame["counter"]["number"], ticket.service_day
    frame["announce"] = {
        "text": sentences(letter, number, counter),
        "audio": {
            language: audio_url(language, letter, number, counter, day) for language in VOICES
        },
    }


def audio_signed(
    language: str, letter: str, number: int, counter: int, day: str, signature: str
) -> bool:
    """Whether the server signed this call's URL, for a service day around today (a centre's
    day may start before or after the server's, and a call late in the day is recalled)."""
    try:
        signed_day = dt.date.fromisoformat(day) if len(day) == 10 else None
    except ValueError:
        return False
    today = timezone.localdate()
    if signed_day is None or abs((signed_day - today).days) > 1:
        return False
    value = _call_value(language, letter, number, counter, signed_day)
    try:
        Signer(salt=AUDIO_SALT).unsign(f"{value}:{signature}")
    except BadSignature:
        return False
    return True


def audio_wav(language: str, letter: str, number: int, counter: int) -> bytes:
    """The WAV of one call: from the cache, else rendered by espeak-ng and cached."""
    if language not in VOICES or not LETTER_RE.match(letter):
        raise ValueError("unsupported call")
    folder = Path(settings.NAFITHA_SPEECH_DIR)
    path = folder / f"{language}-{letter}-{number}-{counter}.wav"
    try:
        content = path.read_bytes()
        os.utime(path)  # recently used: evicted last
        return content
    except FileNotFoundError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    text = espeak_text(language, letter, number, counter)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".render-", suffix=".part")
    os.close(fd)
    try:
        subprocess.run(
            [settings.NAFITHA_ESPEAK, "-v", VOICES[language], "-s", "140", "-w", tmp, text],
            check=True,
            capture_output=True,
            timeout=20,
        )
        content = Path(tmp).read_bytes()
        with _cache_lock(folder):
            if _make_room(folder, len(content), settings.NAFITHA_SPEECH_CACHE_BYTES):
                os.replace(tmp, path)  # atomic: a concurrent request never reads half a file
    finally:
        Path(tmp).unlink(missing_ok=True)
    return content


@contextlib.contextmanager
def _cache_lock(folder: Path):
    """One process at a time sizes and fills the cache (every worker on this machine)."""
    with open(folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _make_room(folder: Path, size: int, budget: int) -> bool:
    """Delete the least recently used WAVs until `size` more bytes fit in `budget`; False
    if the file could never fit (it is then served without being kept)."""
    if size > budget:
        return False
    files = []
    for entry in os.scandir(folder):
        if entry.name.endswith(".wav") and entry.is_file():
            stat = entry.stat()
            files.append((stat.st_mtime_ns, stat.st_size, entry.path))
    total = sum(file_size for _mtime, file_size, _path in files) + size
    for _mtime, file_size, file_path in sorted(files):
        if total <= budget:
            break
        Path(file_path).unlink(missing_ok=True)
        total -= file_size
    return True
