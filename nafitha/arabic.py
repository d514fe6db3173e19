"""Arabic text for every surface: ticket letters, Arabic-Indic digits, numbers in words, and
the shaping that drawing Arabic in a PDF needs.

One home, so the ticket, the displays, the SMS, the PDFs and the pages write a number the
same way.
"""

import functools
import unicodedata

import arabic_reshaper
import bidi
from bidi import algorithm as bidi_python

from nafitha.text import strip_bidi_controls

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


def digits_for(text: str | int, language: str) -> str:
    """Arabic-Indic digits for an Arabic reader, the text as it is for anyone else."""
    return arabic_digits(text) if language == "ar" else str(text)


LATIN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def latin_digits(text: str) -> str:
    """What a citizen typed with Arabic-Indic digits (٠٧٩…), with Latin ones to store."""
    return text.translate(LATIN_DIGITS)


# Characters whose glyph is mirrored in right-to-left text: ( ) [ ] { } < > « » and the like.
MIRRORED = frozenset(bidi_python.MIRRORED)


@functools.lru_cache(maxsize=4096)
def shape(line: str) -> str:
    """One logical line → the glyphs in visual order, for a renderer that draws left to right
    and does not shape (ReportLab): NFC, joined letter forms, then the bidi algorithm.

    The fast (Rust) `get_display` of python-bidi skips rule L4, so brackets in Arabic text
    come out facing the wrong way ("رضا المواطن )CSAT("). Lines with a mirrored character
    go through python-bidi's Python implementation, which applies it; the others, most
    lines, stay on the fast path. Wrap before shaping: the algorithm reorders a whole line.
    Isolates (U+2066…U+2069) keep a Latin run such as "2026-11" in its order; the controls
    themselves are dropped from the result, as a font has nothing to draw for them.
    """
    shaped = arabic_reshaper.reshape(unicodedata.normalize("NFC", line))
    if MIRRORED.isdisjoint(shaped):
        return strip_bidi_controls(bidi.get_display(shaped))
    return strip_bidi_controls(bidi_python.get_display(shaped))
