"""The supervisor reads the audit log as sentences in the UI language, timed in the centre's
zone: no action codes, no JSON."""

import datetime as dt
import re

import time_machine
from django.utils import translation

from counters.audit import SENTENCES, audit_sentence
from counters.models import AuditLog
from nafitha.text import strip_bidi_controls

API = "/api/v1/centres/amman/"
CODE = re.compile(r"\b(counter|ticket|staff)\.[a-z-]+\b|[{}]")


def act(world, path, body, language):
    client = world.client("supervisor")
    response = client.post(
        API + path, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200, response.content
    audit = client.get(API + "supervisor/audit/", HTTP_ACCEPT_LANGUAGE=language)
    return audit.json()


def test_every_action_reads_as_a_sentence_in_arabic_with_arabic_numbers(world):
    dave = world.staff["dave"]
    dave.user.first_name, dave.user.last_name = "داود", "الخطيب"
    dave.user.save()
    act(world, "counters/3/open/", {"staff": dave.pk}, "ar")
    act(world, "counters/1/call-specific/", {"ticket": world.waiting.pk}, "ar")
    audit = act(world, f"tickets/{world.called.pk}/cancel/", {"reason": "مكررة"}, "ar")
    texts = [row["text"] for row in audit]
    assert any("الشباك ٣" in t and "داود الخطيب" in t for t in texts), texts
    assert any("السبب: مكررة" in t for t in texts), texts
    called = world.waiting.number_in("ar")
    assert any(called in t and "الشباك ١" in t for t in texts), texts
    for text in texts:
        assert not CODE.search(text), text
        assert not re.search(r"[0-9]", text), text


def test_the_time_is_the_centres_local_time_in_the_ui_language(world):
    with time_machine.travel(dt.datetime(2026, 11, 29, 7, 5, tzinfo=dt.UTC), tick=False):
        audit = act(world, "counters/3/open/", {"staff": world.staff["dave"].pk}, "en")
    assert "10:05" in audit[0]["when"]  # Asia/Amman is UTC+3
    assert "opened Counter 3" in audit[0]["text"]


def test_the_table_covers_every_action_the_supervisor_actions_write(world):
    """A new audit action name must get its sentence in SENTENCES (the one table)."""
    act(world, "counters/3/open/", {"staff": world.staff["dave"].pk}, "en")
    act(
        world,
        f"tickets/{world.waiting.pk}/transfer/",
        {"service": "licence-renewal", "placement": "front"},
        "en",
    )
    act(
        world,
        f"staff/{world.staff['dave'].pk}/services/",
        {"universal": True, "services": []},
        "en",
    )
    written = set(AuditLog.objects.values_list("action", flat=True))
    assert written <= set(SENTENCES), written - set(SENTENCES)


def test_a_counter_action_names_the_employee_from_the_state_after_it():
    entry = AuditLog(
        action="counter.open", target="counter 3", actor_name="Sam", after={"staff": "dave"}
    )
    with translation.override("en"):
        text = audit_sentence(entry, {"dave": "Dave Doe"})
    assert strip_bidi_controls(text) == "Sam opened Counter 3 for Dave Doe."


def test_an_action_missing_from_the_table_still_reads_as_a_sentence():
    entry = AuditLog(action="counter.renamed-later", target="counter 2", actor_name="Sam")
    with translation.override("ar"):
        text = strip_bidi_controls(audit_sentence(entry, {}))
    assert text == "غيّر Sam الشباك ٢."
