"""API tokens checked once per process (staff/authentication.py): a kept check costs no query,
and a revoked token, a deactivated user or a changed or deleted employee is refused at once by
the process that made the change and within the generation check interval by every other.

Two worker processes are played by two copies of the per-process state (the generations read
and the checks kept); the database and the cache are what they share. The clock is pinned.
"""

from collections import OrderedDict

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token, TokenProxy
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.test import APIClient

from nafitha import generations
from staff import authentication
from staff.access import staff_of
from staff.models import Staff
from tests.conftest import make_staff
from tests.processes import Clock, pin_clock, two_processes

pytestmark = pytest.mark.django_db

COUNTERS = "/api/v1/centres/amman/counters/"


@pytest.fixture
def clock(monkeypatch, settings) -> Clock:
    return pin_clock(monkeypatch, settings, authentication)


@pytest.fixture
def processes(monkeypatch):
    """Each process with its own generations read and its own checks kept."""
    return two_processes(monkeypatch, (authentication, "_kept", OrderedDict))


@pytest.fixture
def alice(centre) -> Staff:
    return make_staff("alice", centre)


@pytest.fixture
def key(alice) -> str:
    return Token.objects.create(user=alice.user).key


def check(key: str):
    return authentication.StaffTokenAuthentication().authenticate_credentials(key)


def kept(key: str, django_assert_num_queries):
    """The check, asserting it was answered from what the process kept."""
    with django_assert_num_queries(0):
        return check(key)


def refused(key: str) -> bool:
    try:
        check(key)
    except AuthenticationFailed:
        return True
    return False


def test_a_checked_token_is_answered_without_a_query(
    clock, processes, key, alice, django_assert_num_queries
):
    check(key)
    user, token = kept(key, django_assert_num_queries)
    assert token.key == key
    assert staff_of(user).pk == alice.pk and staff_of(user).user is user


def test_a_request_never_changes_what_the_next_one_gets(
    clock, processes, key, alice, django_assert_num_queries
):
    user, _ = check(key)
    user.first_name = "changed"
    staff_of(user).role = Staff.Role.MANAGER
    assert staff_of(user).centre.code == "amman"  # loads the centre onto this copy only
    user, _ = kept(key, django_assert_num_queries)
    assert user.first_name == "" and staff_of(user).role == Staff.Role.AGENT
    with django_assert_num_queries(1):
        assert staff_of(user).centre.code == "amman"  # not what another request loaded


def test_a_deleted_token_is_refused_at_once_through_the_api(centre, alice, key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(COUNTERS).status_code == 200
    Token.objects.get(key=key).delete()
    response = api.get(COUNTERS)
    assert response.status_code == 403
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.parametrize(
    "revoke",
    [
        pytest.param(lambda key: TokenProxy.objects.get(key=key).delete(), id="admin"),
        pytest.param(
            lambda key: call_command("drf_create_token", "-r", "alice", stdout=None), id="reset"
        ),
    ],
)
def test_a_revoked_token_is_refused_at_once(clock, processes, key, revoke):
    check(key)
    revoke(key)
    assert refused(key)
    assert not Token.objects.filter(key=key).exists()


def test_a_deactivated_user_is_refused_at_once(clock, processes, key, alice):
    check(key)
    alice.user.is_active = False
    alice.user.save()
    assert refused(key)


def test_a_deleted_user_is_refused_at_once(clock, processes, key, alice):
    check(key)
    alice.user.delete()
    assert refused(key)


def test_a_changed_or_deleted_employee_is_seen_at_once(clock, processes, key, alice):
    check(key)
    alice.role = Staff.Role.MANAGER
    alice.save()
    assert staff_of(check(key)[0]).role == Staff.Role.MANAGER
    alice.delete()
    assert staff_of(check(key)[0]) is None


def test_a_password_change_is_seen_at_once(clock, processes, key, alice):
    check(key)
    alice.user.set_password("another-secret")
    alice.user.save()
    assert check(key)[0].check_password("another-secret")


def test_a_log_in_does_not_drop_the_kept_checks(
    clock, processes, key, alice, django_assert_num_queries
):
    check(key)
    response = APIClient().post("/staff/login/", {"username": "alice", "password": "pass-alice"})
    assert response.status_code == 302
    alice.user.refresh_from_db()
    assert alice.user.last_login is not None  # saved by the log-in
    kept(key, django_assert_num_queries)


def test_another_process_refuses_a_revoked_token_within_the_interval(clock, processes, key):
    processes("b")
    check(key)
    processes("a")
    Token.objects.get(key=key).delete()
    assert refused(key)
    processes("b")
    clock.now += 0.99  # b read the generation 0.99 s ago: still trusted (the stated bound)
    assert not refused(key)
    clock.now += 0.01
    assert refused(key)


def test_the_commit_bumps_again(clock, processes, key, alice, django_capture_on_commit_callbacks):
    """A check that read the row before the commit, under the generation of the change, is
    dropped when the change commits."""
    with django_capture_on_commit_callbacks(execute=True):
        alice.user.is_active = False
        alice.user.save()
        during = generations.current(authentication.GENERATION_KEY)
    assert generations.current(authentication.GENERATION_KEY) != during


def test_a_change_without_signals_is_seen_within_the_kept_time(clock, processes, key, alice):
    """A queryset update() (or, on the embedded default, a command in another process) bumps
    nothing: the kept check expires."""
    check(key)
    type(alice.user).objects.filter(pk=alice.user.pk).update(is_active=False)
    clock.now += authentication.KEEP_SECONDS - 0.01
    assert not refused(key)
    clock.now += 0.01
    assert refused(key)


def test_an_unknown_token_is_not_kept(clock, processes, key, django_assert_num_queries):
    for _ in range(2):
        assert refused("0" * 40)
    assert "0" * 40 not in authentication._kept
    check(key)
    assert list(authentication._kept) == [key]


def test_the_kept_checks_are_bounded(
    clock, processes, centre, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(authentication, "KEEP", 3)
    keys = [Token.objects.create(user=make_staff(f"agent{n}", centre).user).key for n in range(4)]
    for key in keys[:3]:
        check(key)
    kept(keys[0], django_assert_num_queries)  # now the most recently used
    check(keys[3])
    assert list(authentication._kept) == [keys[2], keys[0], keys[3]]
    with django_assert_num_queries(1):
        check(keys[1])  # the least recently used was dropped
