"""The complaint form's lists: named empty choices, and services tagged with their department."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_it_offers_named_empty_choices_not_dashes(client, passport, licence):
    client.cookies["django_language"] = "ar"
    html = client.get("/complaints/").content.decode()
    assert "---------" not in html
    assert html.count('<option value="" selected>غير محدد</option>') == 3


def test_it_tags_each_service_with_its_department(client, passport, licence):
    html = client.get("/complaints/").content.decode()
    options = dict(re.findall(r'<option value="([\w-]+)" data-department="([\w-]+)"', html))
    assert options == {
        passport.code: passport.department.code,
        licence.code: licence.department.code,
    }
    assert "feedback/request_form.js" in html
