"""Idempotency-Key over HTTP: whole keys only (no silent cut), bound to the client and to the
request first sent with it."""

import pytest

from queueing.models import Ticket

URL = "/api/v1/centres/amman/tickets/"
PASSPORT = {"services": ["passport-renewal"]}


def post(client, body=PASSPORT, key=None, address="198.51.100.7", **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(URL, body, format="json", REMOTE_ADDR=address, **headers, **extra)


def test_two_long_keys_sharing_80_characters_are_refused_not_merged(api, centre, passport):
    prefix = "k" * 80
    first = post(api, {**PASSPORT, "language": "en"}, key=prefix + "-one")
    second = post(api, key=prefix + "-two")
    assert (first.status_code, second.status_code) == (400, 400)
    assert first.json() == {
        "code": "idempotency_key_invalid",
        "detail": "The Idempotency-Key header must be 1 to 80 visible ASCII characters.",
    }
    assert not Ticket.objects.exists()


def test_an_80_character_key_is_kept_whole(api, centre, passport):
    key = "k" * 79
    one, two = post(api, key=key + "1"), post(api, key=key + "2")
    assert (one.status_code, two.status_code) == (201, 201)
    assert one.json()["token"] != two.json()["token"]


def test_a_replay_with_another_body_is_a_conflict(api, centre, passport, licence):
    first = post(api, key="tap-1")
    replay = post(api, {"services": ["licence-renewal"]}, key="tap-1")
    assert replay.status_code == 409
    assert replay.json()["code"] == "idempotency_key_reused"
    assert replay.json()["detail"] == "سبق استخدام مفتاح Idempotency-Key هذا لطلب مختلف."
    assert list(Ticket.objects.values_list("pk", flat=True)) == [first.json()["id"]]


def test_another_client_with_the_same_key_gets_its_own_ticket(api, centre, passport):
    mine = post(api, key="tap-1", address="198.51.100.7")
    theirs = post(api, key="tap-1", address="203.0.113.50")
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert theirs.json()["token"] != mine.json()["token"]
    assert post(api, key="tap-1", address="198.51.100.7").json()["id"] == mine.json()["id"]


@pytest.mark.parametrize("key", ["", None])
def test_no_key_means_no_replay(api, centre, passport, key):
    assert post(api, key=key).status_code == post(api, key=key).status_code == 201
    assert Ticket.objects.count() == 2
