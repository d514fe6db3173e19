"""The short form behind the tracking page and the printed QR: validation, one answer per
visit, the answer's anonymous links, and the link's expiry."""

import datetime as dt

import pytest
import time_machine

from feedback.models import FeedbackPolicy, ServiceFeedback
from queueing import engine
from tests.feedback.conftest import serve

pytestmark = pytest.mark.django_db


def url(ticket):
    return f"/api/v1/feedback/visits/{ticket.token}/"


def test_it_stores_the_answer_linked_to_the_visit_not_the_citizen(
    client, visit, open_counter, alice, passport
):
    response = client.post(
        url(visit),
        {"satisfaction": 4, "recommend": 9, "comment": " Quick "},
        content_type="application/json",
    )
    assert response.status_code == 201
    answer = ServiceFeedback.objects.get()
    assert (answer.satisfaction, answer.recommend, answer.comment) == (4, 9, "Quick")
    assert (answer.ticket, answer.centre_id, answer.service, answer.counter, answer.staff) == (
        visit,
        visit.centre_id,
        passport,
        open_counter,
        alice,
    )
    assert answer.channel == "link" and answer.language == "en"
    assert not any(hasattr(answer, field) for field in ("phone", "name", "national_number"))


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"satisfaction": 0},
        {"satisfaction": 6},
        {"satisfaction": "good"},
        {"satisfaction": 3, "recommend": 11},
        {"satisfaction": 3, "recommend": -1},
        {"satisfaction": 3, "comment": "x" * 1001},
    ],
)
def test_it_refuses_invalid_answers(client, visit, data):
    response = client.post(url(visit), data, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not ServiceFeedback.objects.exists()


def test_it_accepts_an_answer_without_recommendation(client, visit):
    assert (
        client.post(url(visit), {"satisfaction": 2}, content_type="application/json").status_code
        == 201
    )
    assert ServiceFeedback.objects.get().recommend is None


def test_it_refuses_a_second_answer_for_the_same_visit(client, visit):
    client.post(url(visit), {"satisfaction": 5}, content_type="application/json")
    response = client.post(
        url(visit), {"satisfaction": 1}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert response.json() == {
        "code": "already_answered",
        "detail": "Feedback for this visit has already been given. Thank you!",
    }
    assert ServiceFeedback.objects.get().satisfaction == 5


def test_the_page_says_a_second_answer_was_refused(client, visit):
    client.post(f"/feedback/{visit.token}/", {"satisfaction": 5})
    page = client.get(f"/feedback/{visit.token}/?lang=en")
    assert page.status_code == 409
    assert "already been given" in page.content.decode()


def test_it_refuses_feedback_before_the_visit_is_finished(client, centre, passport):
    ticket = engine.ticket_issue(centre=centre, service_codes=[passport.code]).ticket
    response = client.post(url(ticket), {"satisfaction": 5}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "visit_not_finished"


def test_the_link_expires_after_the_window(client, visit, settings):
    settings.NAFITHA_FEEDBACK_LINK_HOURS = 48
    with time_machine.travel(visit.ended_at + dt.timedelta(hours=47, minutes=59)):
        assert client.get(url(visit)).status_code == 200
    with time_machine.travel(visit.ended_at + dt.timedelta(hours=48, minutes=1)):
        response = client.post(url(visit), {"satisfaction": 5}, content_type="application/json")
        page = client.get(f"/feedback/{visit.token}/?lang=en")
    assert response.status_code == 410
    assert response.json()["code"] == "link_expired"
    assert page.status_code == 410
    assert "This feedback link has expired" in page.content.decode()
    assert not ServiceFeedback.objects.exists()


def test_the_page_form_opens_in_the_tickets_language_and_works_without_javascript(client, visit):
    page = client.get(f"/feedback/{visit.token}/")
    assert page.status_code == 200
    assert '<html lang="en" dir="ltr">' in page.content.decode()
    response = client.post(
        f"/feedback/{visit.token}/", {"satisfaction": 3, "comment": "<script>alert(1)</script>"}
    )
    assert response.status_code == 200
    assert ServiceFeedback.objects.get().comment == "<script>alert(1)</script>"


def test_a_centre_may_ask_once_per_service_step(client, centre, bundle, open_counter, alice):
    FeedbackPolicy.objects.create(centre=centre, per_step=True)
    ticket = serve(
        engine.ticket_issue(centre=centre, bundle_code=bundle.code).ticket, open_counter, alice
    )
    first = client.get(url(ticket)).json()["service"]["name_en"]
    assert (
        client.post(url(ticket), {"satisfaction": 5}, content_type="application/json").status_code
        == 201
    )
    second = client.get(url(ticket)).json()["service"]["name_en"]
    assert (
        client.post(url(ticket), {"satisfaction": 2}, content_type="application/json").status_code
        == 201
    )
    assert (first, second) == ("Passport renewal", "Driving licence renewal")
    assert (
        client.post(url(ticket), {"satisfaction": 1}, content_type="application/json").status_code
        == 409
    )
    assert sorted(ServiceFeedback.objects.values_list("service__code", "satisfaction")) == [
        ("licence-renewal", 2),
        ("passport-renewal", 5),
    ]


def test_per_visit_a_bundle_is_asked_once(client, centre, bundle, open_counter, alice):
    ticket = serve(
        engine.ticket_issue(centre=centre, bundle_code=bundle.code).ticket, open_counter, alice
    )
    assert (
        client.post(url(ticket), {"satisfaction": 4}, content_type="application/json").status_code
        == 201
    )
    assert (
        client.post(url(ticket), {"satisfaction": 4}, content_type="application/json").status_code
        == 409
    )
    assert ServiceFeedback.objects.get().step is None


def test_answers_are_throttled_per_client(client, visit, centre, passport, open_counter, alice):
    statuses = [
        client.post(url(visit), {"satisfaction": 5}, content_type="application/json").status_code
        for _ in range(25)
    ]
    assert statuses[0] == 201 and 429 in statuses


def test_an_unknown_visit_is_not_found(client, db):
    assert client.get("/api/v1/feedback/visits/nope/").status_code == 404
    assert client.get("/feedback/nope/").status_code == 404
