"""The Arabic admin names every section, model, column and filter in Arabic."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from queueing import engine

LATIN = re.compile(r"[A-Za-z]{2,}")
HEADINGS = [
    r"<caption>(.*?)</caption>",  # app sections on the index
    r'<th scope="row">(.*?)</th>',  # model names on the index
    r'<th scope="col"[^>]*>(.*?)</th>',  # changelist columns
    r"<h3>(.*?)</h3>",  # filter titles ("By centre")
]


@pytest.fixture
def arabic_admin(client, db):
    root = get_user_model().objects.create_superuser("root", password="pw-root-2026")
    client.force_login(root)
    client.cookies["django_language"] = "ar"
    return client


def untranslated(html: str) -> list[str]:
    found = []
    for pattern in HEADINGS:
        for chunk in re.findall(pattern, html, re.S):
            text = " ".join(re.sub(r"<[^>]+>", " ", chunk).split())
            if LATIN.search(text):
                found.append(text)
    return found


def test_it_names_every_section_and_model_in_arabic_on_the_index(arabic_admin):
    html = arabic_admin.get("/admin/").content.decode()
    assert "المراكز والخدمات" in html
    assert untranslated(html) == []


def test_it_names_every_column_and_filter_in_arabic(arabic_admin, counter, passport):
    engine.ticket_issue(centre=counter.centre, service_codes=[passport.code], priority="elderly")
    failures = {}
    for model in admin.site._registry:
        opts = model._meta
        html = arabic_admin.get(f"/admin/{opts.app_label}/{opts.model_name}/").content.decode()
        if untranslated(html):
            failures[opts.label] = untranslated(html)
    assert failures == {}


def test_it_shows_a_tickets_priority_in_the_admins_language(arabic_admin, counter, passport):
    engine.ticket_issue(centre=counter.centre, service_codes=[passport.code], priority="elderly")
    html = arabic_admin.get("/admin/queueing/ticket/").content.decode()
    assert "كبار السن" in html
    assert "Elderly" not in html
