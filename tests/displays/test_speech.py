import shutil

import pytest

from displays import speech
from nafitha.arabic import arabic_number_words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "صفر"),
        (1, "واحد"),
        (2, "اثنان"),
        (5, "خمسة"),
        (11, "أحد عشر"),
        (12, "اثنا عشر"),
        (20, "عشرون"),
        (42, "اثنان وأربعون"),
        (100, "مئة"),
        (101, "مئة وواحد"),
        (200, "مئتان"),
        (999, "تسعمئة وتسعة وتسعون"),
        (1000, "ألف"),
        (2042, "ألفان واثنان وأربعون"),
        (3000, "ثلاثة آلاف"),
        (9999, "تسعة آلاف وتسعمئة وتسعة وتسعون"),
        (11000, "أحد عشر ألفًا"),
    ],
)
def test_it_reads_numbers_as_arabic_words(number, words):
    assert arabic_number_words(number) == words


def test_it_refuses_numbers_it_cannot_read():
    with pytest.raises(ValueError):
        arabic_number_words(100_000)


def test_it_builds_the_arabic_sentence():
    assert speech.sentence_ar("A", 42, 5) == "التذكرة أ اثنان وأربعون، إلى الشباك رقم خمسة"


def test_it_builds_the_english_sentence():
    assert speech.sentence_en("A", 42, 5) == "Ticket A 42, counter 5"


def test_it_gives_espeak_vowelled_words_and_digits():
    assert speech.espeak_text("ar", "B", 7, 12) == "التَّذْكِرَةُ بَاء 7، إِلَى الشُّبَّاكِ رَقْم 12"


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="needs espeak-ng")
def test_it_renders_and_caches_the_audio(settings, tmp_path):
    settings.NAFITHA_SPEECH_DIR = str(tmp_path)
    content = speech.audio_wav("ar", "A", 42, 5)
    assert content[:4] == b"RIFF"
    settings.NAFITHA_ESPEAK = "/nonexistent/espeak-ng"  # a second render would fail
    assert speech.audio_wav("ar", "A", 42, 5) == content
    assert [p.name for p in tmp_path.glob("*.wav")] == ["ar-A-42-5.wav"]
