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

# Latin ticket letters shown in Arabic, in abjad order (أبجد هوز حطي كلمن سعفص قرشت ثخذ ضظغ),
# with the letter's name, vocalised, for the speech engine.
ARABIC_LETTERS = {
    "A": ("أ", "أَلِف"), "B": ("ب", "بَاء"), "C": ("ج", "جِيم"), "D": ("د", "دَال"),
    "E": ("هـ", "هَاء"), "F": ("و", "وَاو"), "G": ("ز", "زَاي"), "H": ("ح", "حَاء"),
    "I": ("ط", "طَاء"), "J": ("ي", "يَاء"), "K": ("ك", "كَاف"), "L": ("ل", "لَام"),
    "M": ("م", "مِيم"), "N": ("ن", "نُون"), "O": ("س", "سِين"), "P": ("ع", "عَيْن"),
    "Q": ("ف", "فَاء"), "R": ("ص", "صَاد"), "S": ("ق", "قَاف"), "T": ("ر", "رَاء"),
    "U": ("ش", "شِين"), "V": ("ت", "تَاء"), "W": ("ث", "ثَاء"), "X": ("خ", "خَاء"),
    "Y": ("ذ", "ذَال"), "Z": ("ض", "ضَاد"),
}  # fmt: skip

ONES = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
TEENS = [
    "عشرة", "أحد عشر", "اثنا عشر", "ثلاثة عشر", "أربعة عشر", "خمسة عشر", "ستة عشر",
    "سبعة عشر", "ثمانية عشر", "تسعة عشر",
]  # fmt: skip
TENS = ["", "", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
HUNDREDS = [
    "", "مئة", "مئتان", "ثلاثمئة", "أربعمئة", "خمسمئة", "ستمئة", "سبعمئة", "ثمانمئة", "تسعمئة",
]  # fmt: skip
AND = "و"

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
LETTER_RE = re.compile(r"^[A-Z]{1,2}$")


def _below_thousand(n: int) -> list[str]:
    """Parts of 1..999 in counting (masculine) form, to be joined with "و"."""
    hundreds, rest = divmod(n, 100)
    parts = [HUNDREDS[hundreds]] if hundreds else []
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        parts += [ONES[ones], TENS[tens]] if ones else [TENS[tens]]
    elif rest >= 10:
        parts.append(TEENS[rest - 10])
    elif rest:
        parts.append(ONES[rest])
    return parts


def _thousands(n: int) -> str:
    """1..99 thousands: ألف, ألفان, 3–10 with the plural آلاف, 11–99 with ألفًا."""
    if n == 1:
        return "ألف"
    if n == 2:
        return "ألفان"
    counted = (" " + AND).join(_below_thousand(n))
    return f"{counted} آلاف" if n <= 10 else f"{counted} ألفًا"


def arabic_number_words(n: int) -> str:
    """A cardinal number (0–99,999) in Arabic words, counting form: 42 → "اثنان وأربعون"."""
    if not 0 <= n < 100_000:
        raise ValueError(f"number out of range: {n}")
    if n == 0:
        return "صفر"
    thousands, rest = divmod(n, 1000)
    parts = [_thousands(thousands)] if thousands else []
    parts += _below_thousand(rest)
    return (" " + AND).join(parts)


def arabic_letter(letter: str) -> str:
    return "".join(ARABIC_LETTERS[ch][0] if ch in ARABIC_LETTERS else ch for ch in letter)


def arabic_digits(text: str | int) -> str:
    return str(text).translate(ARABIC_INDIC)


def ticket_number_in(ticket, language: str) -> str:
    """A ticket's number as screens and the printed ticket show it: أ-٠٤٢ in Arabic, A-042
    in English, so what a citizen holds matches what the display shows."""
    if language != "ar":
        return ticket.display_number
    return f"{arabic_letter(ticket.letter)}-{arabic_digits(f'{ticket.number:03d}')}"


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
