"""Arabic is first-class: every catalogue is complete and its placeholders match."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(p for p in ROOT.glob("**/locale/ar/LC_MESSAGES/*.po") if ".venv" not in p.parts)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def test_it_finds_the_catalogues():
    assert len(CATALOGUES) >= 8


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_translates_every_string(path):
    po = polib.pofile(str(path))
    missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries() if not e.obsolete]
    assert missing == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_keeps_placeholders_in_translations(path):
    po = polib.pofile(str(path))
    broken = [
        e.msgid
        for e in po.translated_entries()
        if sorted(PLACEHOLDER.findall(e.msgid)) != sorted(PLACEHOLDER.findall(e.msgstr))
        and not e.msgid_plural
    ]
    assert broken == []
