"""403, 404 and 500 pages: styled like the rest of Nafitha, in the person's language, with a
way back."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def speaking(client, language):
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize(
    ("language", "heading", "back"),
    [
        ("ar", "الصفحة غير موجودة", "العودة إلى الصفحة الرئيسية"),
        ("en", "Page not found", "Back to the start page"),
    ],
)
def test_it_shows_a_styled_not_found_page_in_the_persons_language(client, language, heading, back):
    response = speaking(client, language).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert "nafitha/base.css" in html
    assert heading in html
    assert back in html and 'href="/"' in html


@pytest.mark.parametrize(
    ("language", "heading", "back"),
    [
        ("ar", "لا يمكنك فتح هذه الصفحة", "صفحة عملي"),
        ("en", "You cannot open this page", "My work page"),
    ],
)
def test_it_shows_a_styled_forbidden_page_with_a_way_back(client, language, heading, back):
    user = get_user_model().objects.create_user("visitor", password="x")
    client.force_login(user)
    response = speaking(client, language).get("/staff/")  # logged in, but not staff
    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert "nafitha/base.css" in html
    assert heading in html
    assert back in html and 'href="/staff/"' in html


@pytest.mark.parametrize(
    ("language", "heading", "direction"),
    [("ar", "حدث خطأ من جهتنا", "rtl"), ("en", "Something went wrong on our side", "ltr")],
)
def test_it_renders_the_server_error_page_without_a_request_context(language, heading, direction):
    request = RequestFactory().get("/")
    with translation.override(language):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}"' in html
    assert "nafitha/base.css" in html
    assert heading in html
    assert 'href="/"' in html
