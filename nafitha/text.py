"""Text typed by people, made safe to show: bidirectional controls are taken out on input.

An override, embedding or isolate (U+202A–U+202E, U+2066–U+2069) reorders what follows it on
screen: with U+202E, "gnp.exe" is displayed as "exe.png" and a name reads backwards. Names,
references and file names lose every control, the marks (LRM, RLM, ALM) too; prose keeps the
marks, which only place neutral characters such as punctuation in mixed Arabic and English.
Templates also isolate every such text (`dir="auto"` or `<bdi>`), so nothing leaks out of it.
"""

import re

from django import forms
from rest_framework import serializers

_REORDERING = "\u202a-\u202e\u2066-\u2069"
_MARKS = "\u200e\u200f\u061c"
_ANY_CONTROL = re.compile(f"[{_REORDERING}{_MARKS}]")
_REORDERING_CONTROL = re.compile(f"[{_REORDERING}]")


def strip_bidi_controls(text: str, *, keep_marks: bool = False) -> str:
    """TEXT without bidi controls (marks kept for prose with KEEP_MARKS)."""
    return (_REORDERING_CONTROL if keep_marks else _ANY_CONTROL).sub("", text)


class PlainTextField(forms.CharField):
    """A form field for free text: `prose=True` for messages, else a name or reference."""

    def __init__(self, *, prose: bool = False, **kwargs):
        self.prose = prose
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not isinstance(text, str):  # the field's empty value
            return text
        text = strip_bidi_controls(text, keep_marks=self.prose)
        return text.strip() if self.strip else text


class PlainTextSerializerField(serializers.CharField):
    """The same for API input."""

    def __init__(self, *, prose: bool = False, **kwargs):
        self.prose = prose
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = strip_bidi_controls(super().to_internal_value(data), keep_marks=self.prose)
        return text.strip() if self.trim_whitespace else text
