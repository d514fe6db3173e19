"""Offline speech: a text rendered to WAV by espeak-ng, once, in a cache of bounded size.

Shared by the hall displays (the spoken call, `displays.speech`) and the kiosk's spoken
guidance (`kiosk.speech`). Callers render only texts the server wrote itself: espeak-ng is
never handed text a client sent. Files live under NAFITHA_SPEECH_DIR; when the cache would
grow past NAFITHA_SPEECH_CACHE_BYTES, the least recently played files go first.

espeak-ng misreads Arabic words without vowel marks, and reads digits correctly: write the
Arabic texts it speaks with vowel marks, and numbers as digits (docs/displays.md).
"""

import contextlib
import fcntl
import hashlib
import os
import re
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

VOICES = {"ar": "ar", "en": "en-us"}
NAME_RE = re.compile(r"^[a-z]{2}-[A-Za-z0-9-]{1,80}$")


def cache_name(language: str, text: str) -> str:
    """A file name for a text: its language and a digest, the same in every process."""
    return f"{language}-{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def render_wav(*, language: str, text: str, name: str | None = None) -> bytes:
    """The WAV of `text` spoken in `language`: from the cache, else rendered and cached.

    `name` is the file's name in the cache (without `.wav`); by default a digest of the text.
    """
    if language not in VOICES:
        raise ValueError(f"no voice for {language!r}")
    name = name or cache_name(language, text)
    if not NAME_RE.match(name):
        raise ValueError(f"bad cache name {name!r}")
    folder = Path(settings.NAFITHA_SPEECH_DIR)
    path = folder / f"{name}.wav"
    try:
        content = path.read_bytes()
        os.utime(path)  # recently used: evicted last
        return content
    except FileNotFoundError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
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
