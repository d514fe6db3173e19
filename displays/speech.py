"""The spoken call: one sentence per language, and its offline audio rendered by espeak-ng.

Browsers speak `sentence_ar` / `sentence_en` themselves when they have a voice for the
language. Otherwise the display plays `/display/audio/<lang>/<letter>/<number>/<counter>.wav`
with the signature its call's event frame carries, rendered once by espeak-ng and kept in the
shared speech cache of bounded size (nafitha.speech). espeak-ng misreads Arabic
words without vowel marks, so its text (`espeak_text`) spells the letter out with vowel
marks and keeps the numbers as digits, which it reads correctly.
"""

import datetime as dt
import re

from django.core.signing import BadSignature, Signer
from django.utils import timezone

from nafitha.arabic import ARABIC_LETTERS, arabic_letter, arabic_number_words
from nafitha.speech import VOICES, render_wav

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
    """The WAV of one call: from the shared speech cache, else rendered by espeak-ng."""
    if language not in VOICES or not LETTER_RE.match(letter):
        raise ValueError("unsupported call")
    return render_wav(
        language=language,
        text=espeak_text(language, letter, number, counter),
        name=f"{language}-{letter}-{number}-{counter}",
    )
