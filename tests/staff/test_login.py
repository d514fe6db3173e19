"""Staff log in, land on their role's screen in their own language, and log out."""

import pytest
from django.conf import settings

from staff.models import Staff
from tests.conftest import make_staff


def log_in(client, username):
    return client.post("/staff/login/", {"username": username, "password": "pass-" + username})


def test_it_logs_in_and_remembers_the_employees_language(client, alice):
    alice.language = "en"
    alice.save()
    response = log_in(client, "alice")
    assert response["Location"] == "/staff/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_it_refuses_a_wrong_password_with_a_message(client, alice):
    response = client.post("/staff/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert 'class="error" role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (Staff.Role.AGENT, "/counter/amman/"),
        (Staff.Role.SUPERVISOR, "/counter/amman/"),
        (Staff.Role.MANAGER, "/dashboard/amman/"),
        (Staff.Role.ANALYST, "/scorecard/"),
    ],
)
def test_it_sends_each_role_to_its_screen(client, centre, role, landing):
    staff = make_staff("someone", None if role == Staff.Role.ANALYST else centre, role=role)
    client.force_login(staff.user)
    assert client.get("/staff/")["Location"] == landing


def test_it_refuses_the_landing_page_to_a_user_who_is_not_staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("visitor"))
    assert client.get("/staff/").status_code == 403


def test_it_logs_out(client, alice):
    client.force_login(alice.user)
    assert client.post("/staff/logout/")["Location"] == "/staff/login/"
    assert client.get("/staff/").status_code == 302


def test_it_switches_language_and_keeps_it_for_the_employee(client, alice):
    client.force_login(alice.user)
    response = client.post("/staff/language/", {"language": "en", "next": "/counter/amman/"})
    assert response["Location"] == "/counter/amman/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    alice.refresh_from_db()
    assert alice.language == "en"


def test_it_does_not_redirect_elsewhere_after_switching_language(client):
    response = client.post("/staff/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_it_renders_the_login_page_right_to_left_in_arabic(client, db):
    html = client.get("/staff/login/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
