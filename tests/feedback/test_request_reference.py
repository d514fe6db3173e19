"""A request's reference number is the only key to its staff answer: it cannot be guessed,
its look-up time leaks nothing, and guessing is throttled."""

import math
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback import services
from nafitha.references import ALPHABET as REFERENCE_ALPHABET

pytestmark = pytest.mark.django_db
STATUS = "/api/v1/feedback/requests/{}/"


def _secret_characters(reference: str) -> str:
    kind, *groups = reference.split("-")
    assert kind in "CSQR" and all(set(group) <= set(REFERENCE_ALPHABET) for group in groups)
    return "".join(groups)


def test_it_draws_references_of_at_least_64_random_bits(complaint):
    secret = _secret_characters(complaint.reference)
    assert re.fullmatch(r"C(-[2-9A-Z]{5}){3}", complaint.reference)
    assert len(secret) * math.log2(len(REFERENCE_ALPHABET)) >= 64
    others = {services.request_submit(kind="inquiry", body="x" * 20).reference for _ in range(5)}
    assert len(others) == 5


def test_it_finds_a_reference_typed_in_lower_case(client, complaint):
    response = client.get(STATUS.format(complaint.reference.lower()))
    page = client.get(f"/complaints/{complaint.reference.lower()}/?lang=en")
    assert response.status_code == 200
    assert response.json()["reference"] == complaint.reference
    assert page.status_code == 200


def test_a_near_miss_shows_nothing(client, complaint, manager):
    services.request_answer(request=complaint, answer="We spoke to the employee.", by=manager.user)
    last = complaint.reference[-1]
    near = complaint.reference[:-1] + ("2" if last != "2" else "3")

    response = client.get(STATUS.format(near), HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(f"/complaints/{near}/?lang=en")

    assert response.status_code == 404 and response.json()["code"] == "request_unknown"
    assert page.status_code == 404 and "We spoke" not in page.content.decode()


def test_the_database_compares_a_digest_never_the_reference_itself(client, complaint):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(STATUS.format(complaint.reference)).status_code == 200
    lookups = [q["sql"] for q in queries if "feedback_citizenrequest" in q["sql"]]
    assert lookups and all(complaint.reference not in sql for sql in lookups)
    assert any(complaint.reference_digest in sql for sql in lookups)


def test_guessing_is_throttled_per_client(client, complaint):
    statuses = [client.get(STATUS.format(f"C-2222{n:02d}")).status_code for n in range(61)]
    assert set(statuses[:60]) == {404}
    refused = client.get(STATUS.format(complaint.reference), HTTP_ACCEPT_LANGUAGE="ar")
    assert refused.status_code == 429
    page = client.get(f"/complaints/{complaint.reference}/?lang=en")
    assert page.status_code == 429 and "Too many attempts" in page.content.decode()
