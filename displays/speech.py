"""The spoken call: one sentence per language, and its offline audio rendered by espeak-ng.

Browsers speak `sentence_ar` / `sentence_en` themselves when they have a voice for the
language. Otherwise the display plays `/display/audio/<lang>/<letter>/<number>/<counter>.wav`,
rendered once by espeak-ng and cached under NAFITHA_DATA_DIR. espeak-ng misreads Arabic
words without vowel marks, so its text (`espeak_text`) spells the letter out with vowel
marks and keeps the numbers as digits, which it reads correctly.
"""

import os
import re
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

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


def audio_path(language: str, letter: str, number: int, counter: int) -> Path:
    """The cached WAV of one call, rendered by espeak-ng on first use."""
    if language not in VOICES or not LETTER_RE.match(letter):
        raise ValueError("unsupported call")
    folder = Path(settings.NAFITHA_SPEECH_DIR)
    path = folder / f"{language}-{letter}-{number}-{counter}.wav"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    text = espeak_text(language, letter, number, counter)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".wav")
    os.close(fd)
    try:
        subprocess.run(
            [settings.NAFITHA_ESPEAK, "-v", VOICES[language], "-s", "140", "-w", tmp, text],
            check=True,
            capture_output=True,
            timeout=20,
        )
        os.replace(tmp, path)  # atomic: a concurrent request never reads half a file
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path
