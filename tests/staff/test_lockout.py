"""Log-in lock-out: after AXES_FAILURE_LIMIT failures for an account, or from an address, the
staff log-in, the admin and the API token refuse even the right password, in the person's
language, and record the failures for the admin."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token

from tests.conftest import make_staff

pytestmark = pytest.mark.django_db
LOCKED_EN = "Too many failed log-in attempts"
LOCKED_AR = "محاولات دخول فاشلة كثيرة"


def staff_login(client, username, password, address="192.0.2.10", **headers):
    return client.post(
        "/staff/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, n, *, username="alice", address="192.0.2.10"):
    for i in range(n):
        staff_login(client, username, f"wrong-{i}", address)


def test_it_locks_an_account_after_the_limit_whatever_the_address(client, alice):
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert staff_login(client, "alice", "wrong", f"198.51.100.{i}").status_code == 200

    last = staff_login(client, "alice", "wrong", "198.51.100.99")
    right = staff_login(client, "alice", "pass-alice", "203.0.113.5")

    assert last.status_code == 429 and right.status_code == 429
    assert LOCKED_AR in right.content.decode()  # pages speak Arabic first
    assert 'lang="ar" dir="rtl"' in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_locks_an_address_after_the_limit_across_accounts(client, alice, centre):
    make_staff("bob", centre)
    for username in ["bob", "carla", "dina", "emad", "fadi"][: settings.AXES_FAILURE_LIMIT]:
        staff_login(client, username, "wrong", "192.0.2.10")

    refused = staff_login(client, "alice", "pass-alice", "192.0.2.10")
    assert refused.status_code == 429 and "_auth_user_id" not in client.session

    elsewhere = staff_login(client, "alice", "pass-alice", "192.0.2.77")
    assert elsewhere.status_code == 302 and "_auth_user_id" in client.session


def test_the_message_follows_the_chosen_language(client, alice):
    fail(client, settings.AXES_FAILURE_LIMIT)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = staff_login(client, "alice", "pass-alice").content.decode()
    assert LOCKED_EN in page and LOCKED_AR not in page


def test_fewer_failures_change_nothing(client, alice):
    fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert staff_login(client, "alice", "pass-alice").status_code == 302


def test_a_forged_forwarding_header_does_not_spread_the_attempts(client, alice):
    for i in range(settings.AXES_FAILURE_LIMIT):
        staff_login(
            client,
            f"user{i}",
            "wrong",
            "198.51.100.7",
            HTTP_X_REAL_IP=f"10.0.0.{i}",
            HTTP_X_FORWARDED_FOR=f"10.0.1.{i}",
        )
    assert staff_login(client, "alice", "pass-alice", "198.51.100.7").status_code == 429


def test_the_admin_log_in_counts_and_is_locked(client, django_user_model):
    django_user_model.objects.create_superuser("root", password="pw-root-2026")
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/?next=/admin/", {"username": "root", "password": f"no{i}"})
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "root", "password": "pw-root-2026"}
    )
    assert response.status_code == 429 and LOCKED_AR in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_api_token_is_refused_with_the_error_shape(client, alice):
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/api/v1/auth/token/",
            {"username": "alice", "password": f"no{i}"},
            content_type="application/json",
        )
    response = client.post(
        "/api/v1/auth/token/",
        {"username": "alice", "password": "pass-alice"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert response.json()["detail"].startswith(LOCKED_EN)
    assert not Token.objects.exists()


def test_the_admin_lists_failed_attempts_for_those_allowed_to_see_them(client, alice):
    fail(client, 2)
    assert AccessAttempt.objects.get(username="alice").failures_since_start == 2
    assert AccessFailureLog.objects.filter(username="alice").count() == 2

    reviewer = get_user_model().objects.create_user("reviewer", password="x", is_staff=True)
    reviewer.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="axes",
            codename__in=["view_accessattempt", "view_accessfailurelog"],
        )
    )
    client.force_login(reviewer)
    for page in ("/admin/axes/accessattempt/", "/admin/axes/accessfailurelog/"):
        response = client.get(page)
        assert response.status_code == 200 and "alice" in response.content.decode()

    client.force_login(alice.user)  # an employee without an admin account sees nothing
    assert client.get("/admin/axes/accessattempt/").status_code == 302
