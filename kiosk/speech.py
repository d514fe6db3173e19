"""Spoken guidance at the kiosk: what each key says, in Arabic or English.

The kiosk page asks for `/api/v1/kiosk/<centre>/speech/?key=…&lang=…` and plays the WAV
(docs/kiosk.md, "Spoken guidance"). A key names a text the server writes itself, never text
the client sent, so nobody can make the server render and keep arbitrary audio:

- `prompt:<name>`      a screen's prompt ("Choose a service"), PROMPTS
- `label:<name>`       a button's label ("Back", "Take my ticket"), LABELS
- `department:<code>`  `service:<code>`  `bundle:<code>`  `priority:<code>`  offered here
- `documents:<code>`   the documents to bring for a service offered here
- `bundle-documents:<code>` the same for a bundle
- `digit:<0-9>`        a key of the phone keypad
- `language:<ar|en>`   the language button, named in its own language
- `message:<name>`     a message box's text ("The centre is closed now…"), MESSAGES
- `ticket:<token>`     the kiosk's own ticket, issued here minutes ago: number, people ahead

espeak-ng misreads Arabic without vowel marks, so the spoken Arabic below is vocalised and
numbers are digits; names from the registry are read as they are written.
"""

import datetime as dt
import re

from django.utils import timezone, translation
from django.utils.translation import npgettext_lazy, pgettext_lazy

from centre.models import Bundle, Centre, CentreService, Department, Service
from kiosk.errors import KioskError
from kiosk.views import STRINGS
from nafitha.arabic import ARABIC_LETTERS
from nafitha.speech import VOICES
from queueing.engine import SELF_DECLARED_PRIORITIES
from queueing.models import PriorityClass, Ticket
from queueing.selectors import ticket_position

# A ticket is spoken only this long after it was issued: it is the kiosk's own, fresh ticket.
TICKET_MINUTES = 10
KEY_RE = re.compile(r"^([a-z-]{1,20}):([A-Za-z0-9_-]{1,64})$")

PROMPTS = {
    "choose_department": pgettext_lazy(
        "kiosk speech", "Choose a department, or search for a service."
    ),
    "choose_service": pgettext_lazy("kiosk speech", "Choose a service."),
    "priority": pgettext_lazy(
        "kiosk speech", "Do you need priority service? Choose, then take your ticket."
    ),
    "guidance_on": pgettext_lazy(
        "kiosk speech",
        "Spoken guidance is on. Tap a button once to hear it, and again to choose it.",
    ),
    "guidance_off": pgettext_lazy("kiosk speech", "Spoken guidance is off."),
}

LABELS = {
    "back": pgettext_lazy("kiosk speech", "Back"),
    "start_over": pgettext_lazy("kiosk speech", "Start over"),
    "have_documents": pgettext_lazy("kiosk speech", "I have the documents. Continue."),
    "missing_documents": pgettext_lazy(
        "kiosk speech", "I don't have all the documents. Print the list."
    ),
    "confirm": pgettext_lazy("kiosk speech", "Take my ticket"),
    "done": pgettext_lazy("kiosk speech", "Done"),
    "accessible": pgettext_lazy("kiosk speech", "Larger text and contrast"),
    "guidance": pgettext_lazy("kiosk speech", "Spoken guidance"),
    "priority_none": pgettext_lazy("kiosk speech", "No priority"),
    "clear": pgettext_lazy("kiosk speech", "Clear"),
    "delete": pgettext_lazy("kiosk speech", "Delete"),
    "try_again": pgettext_lazy("kiosk speech", "Try again"),
    "search": pgettext_lazy("kiosk speech", "Search for a service"),
}

# The kiosk's message boxes, spoken in the page's own wording (kiosk.views.STRINGS).
MESSAGE_KEYS = (
    "checklist_printing",
    "closed",
    "daily_cap_reached",
    "network",
    "throttled",
    "error",
)

DOCUMENTS = pgettext_lazy("kiosk speech", "Bring these documents: %(list)s.")
NO_DOCUMENTS = pgettext_lazy("kiosk speech", "No documents are needed.")
YOUR_TICKET = pgettext_lazy("kiosk speech", "Your ticket number is %(number)s.")
NOBODY_AHEAD = pgettext_lazy("kiosk speech", "Nobody is ahead of you.")
AHEAD = npgettext_lazy(
    "kiosk speech", "%(n)s person is ahead of you.", "%(n)s people are ahead of you.", "n"
)


def spoken_text(*, centre: Centre, key: str, language: str) -> str:
    """The text `key` says at `centre`'s kiosk in `language`; refused unless the server
    wrote it (KioskError `speech_unknown`, `speech_language`)."""
    if language not in VOICES:
        raise KioskError("speech_language")
    match = KEY_RE.match(key or "")
    if not match:
        raise KioskError("speech_unknown")
    kind, name = match.groups()
    say = _KINDS.get(kind)
    text = say(centre, name, language) if say else None
    if not text:
        raise KioskError("speech_unknown")
    return text


def _translated(table: dict):
    def say(centre: Centre, name: str, language: str) -> str | None:
        if name not in table:
            return None
        with translation.override(language):
            return str(table[name])

    return say


def _message(centre: Centre, name: str, language: str) -> str | None:
    if name not in MESSAGE_KEYS:
        return None
    with translation.override(language):
        return str(STRINGS[name])


def _offered(centre: Centre):
    return Service.objects.filter(offers__centre=centre, offers__is_active=True, is_active=True)


def _department(centre: Centre, code: str, language: str) -> str | None:
    department = Department.objects.filter(
        code=code, services__in=_offered(centre).values("pk")
    ).first()
    return department.name_in(language) if department else None


def _service(centre: Centre, code: str, language: str) -> str | None:
    service = _offered(centre).filter(code=code).first()
    return service.name_in(language) if service else None


def _offered_bundle(centre: Centre, code: str) -> Bundle | None:
    offered = CentreService.objects.filter(centre=centre, is_active=True).values("service_id")
    return (
        Bundle.objects.filter(code=code, is_active=True)
        .exclude(items__service__in=Service.objects.exclude(pk__in=offered))
        .first()
    )


def _bundle(centre: Centre, code: str, language: str) -> str | None:
    bundle = _offered_bundle(centre, code)
    return bundle.name_in(language) if bundle else None


def _documents_of(services: list[Service], language: str) -> str:
    documents = []
    for service in services:
        for document in Service.localise(service.required_documents, language):
            if document not in documents:
                documents.append(document)
    with translation.override(language):
        if not documents:
            return str(NO_DOCUMENTS)
        return DOCUMENTS % {"list": ("، " if language == "ar" else ", ").join(documents)}


def _documents(centre: Centre, code: str, language: str) -> str | None:
    service = _offered(centre).filter(code=code).first()
    return _documents_of([service], language) if service else None


def _bundle_documents(centre: Centre, code: str, language: str) -> str | None:
    bundle = _offered_bundle(centre, code)
    return _documents_of(bundle.ordered_services(), language) if bundle else None


def _priority(centre: Centre, code: str, language: str) -> str | None:
    if code not in SELF_DECLARED_PRIORITIES:
        return None
    priority = PriorityClass.objects.filter(code=code, is_active=True).first()
    return priority.name_in(language) if priority else None


LANGUAGE_NAMES = {"ar": "العَرَبِيَّة", "en": "English"}


def _language(centre: Centre, name: str, language: str) -> str | None:
    return LANGUAGE_NAMES.get(name)


def _digit(centre: Centre, name: str, language: str) -> str | None:
    return name if len(name) == 1 and name.isdigit() else None


def spoken_number(letter: str, number: int, language: str) -> str:
    """A-012 as espeak-ng reads it rightly: the letter by its (vocalised) name, digits."""
    if language == "en":
        return f"{' '.join(letter)} {number}"
    names = " ".join(ARABIC_LETTERS[ch][1] if ch in ARABIC_LETTERS else ch for ch in letter)
    return f"{names} {number}"


def _ticket(centre: Centre, token: str, language: str) -> str | None:
    since = timezone.now() - dt.timedelta(minutes=TICKET_MINUTES)
    ticket = Ticket.objects.filter(centre=centre, token=token, issued_at__gte=since).first()
    if not ticket:
        return None
    position = ticket_position(ticket)
    with translation.override(language):
        parts = [YOUR_TICKET % {"number": spoken_number(ticket.letter, ticket.number, language)}]
        if position == 0:
            parts.append(str(NOBODY_AHEAD))
        elif position is not None:
            parts.append(AHEAD % {"n": position})
    return " ".join(parts)


_KINDS = {
    "prompt": _translated(PROMPTS),
    "label": _translated(LABELS),
    "department": _department,
    "service": _service,
    "bundle": _bundle,
    "documents": _documents,
    "bundle-documents": _bundle_documents,
    "priority": _priority,
    "digit": _digit,
    "language": _language,
    "message": _message,
    "ticket": _ticket,
}
