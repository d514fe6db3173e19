"""Malformed bodies and parameters get a 400 with the API's error shape (or a 400 page in the
visitor's language), change nothing, and never reach int(), the ORM or date arithmetic."""

import json

import pytest
from django.utils import translation

from feedback.models import CitizenRequest, FeedbackTablet, ImprovementAction
from nafitha.input import MAX_JSON_DEPTH
from queueing.models import Ticket
from staff.models import Staff
from tests.conftest import make_staff

NOT_OBJECTS = ["[]", '"x"', "1", "null"]
DEEP = "[" * 10000 + "]" * 10000


def refused(response, code: str | None = None) -> dict:
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert {"code", "detail"} <= set(body) and body["detail"]
    if code:
        assert body["code"] == code
    return body


@pytest.fixture
def manager(centre):
    return make_staff("maha", centre, role=Staff.Role.MANAGER)


@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_it_refuses_a_request_body_that_is_not_an_object(api, db, body):
    response = api.post("/api/v1/feedback/requests/", body, content_type="application/json")
    refused(response, "malformed_request")
    assert not CitizenRequest.objects.exists()


@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_it_refuses_a_tablet_answer_that_is_not_an_object(api, centre, counter, body):
    tablet = FeedbackTablet.objects.create(centre=centre, counter=counter)
    response = api.post(
        f"/api/v1/feedback/tablets/{tablet.token}/answers/", body, content_type="application/json"
    )
    refused(response, "malformed_request")


@pytest.mark.parametrize("body", [*NOT_OBJECTS, json.dumps({"centre": "amman", "counter": "abc"})])
def test_it_refuses_a_malformed_tablet_registration(api, counter, manager, body):
    api.force_authenticate(manager.user)
    response = api.post("/api/v1/feedback/tablets/", body, content_type="application/json")
    refused(response)
    assert not FeedbackTablet.objects.exists()


def test_it_refuses_a_deeply_nested_body_in_the_callers_language(api, centre, passport):
    response = api.post(
        "/api/v1/centres/amman/tickets/",
        DEEP,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    body = refused(response, "malformed_request")
    with translation.override("ar"):
        assert body["detail"] == translation.gettext("The request body is nested too deeply.")
    assert not Ticket.objects.exists()


def test_it_refuses_an_object_nested_deeper_than_any_request_needs(api, centre, passport):
    nested = {"services": ["passport-renewal"]}
    for _ in range(MAX_JSON_DEPTH):
        nested = {"x": nested}
    response = api.post("/api/v1/centres/amman/tickets/", nested, format="json")
    refused(response, "malformed_request")
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("value", ["²", "①", "١", "-1", "0", "1.0", "99999999999999999999999"])
def test_it_refuses_a_counter_parameter_that_is_not_a_plain_number(as_staff, alice, value):
    response = as_staff(alice).get("/api/v1/centres/amman/console/", {"counter": value})
    refused(response, "parameter_invalid")


@pytest.mark.parametrize("value", ["²", "abc", "0"])
def test_it_refuses_a_malformed_audit_limit(as_staff, sam, value):
    response = as_staff(sam).get("/api/v1/centres/amman/supervisor/audit/", {"limit": value})
    refused(response, "parameter_invalid")


def test_it_still_caps_the_audit_limit(as_staff, sam):
    response = as_staff(sam).get("/api/v1/centres/amman/supervisor/audit/", {"limit": "100000"})
    assert response.status_code == 200


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2026-02-30", "2026-1-1", "x"])
def test_it_refuses_a_pause_day_it_cannot_hold(as_staff, sam, day):
    response = as_staff(sam).get("/api/v1/centres/amman/supervisor/pauses/", {"day": day})
    refused(response, "parameter_invalid")


@pytest.mark.parametrize("period", ["0001-01-01", "9999-12-31", "0001", "9999-Q4", "0001-W01"])
def test_it_refuses_a_period_far_from_any_data(as_staff, centre, period):
    analyst = make_staff("nour", None, role=Staff.Role.ANALYST)
    client = as_staff(analyst)
    for url in ("/api/v1/scorecard/", "/api/v1/scorecard/centres/amman/"):
        refused(client.get(url, {"period": period}), "period_invalid")


def test_the_scorecard_page_refuses_a_far_period_in_the_visitors_language(client, centre):
    analyst = make_staff("nour", None, role=Staff.Role.ANALYST)
    client.force_login(analyst.user)
    client.cookies["django_language"] = "en"
    response = client.get("/scorecard/amman/", {"period": "0001-01-01"})
    assert response.status_code == 400
    assert "The period must look like" in response.content.decode()


@pytest.mark.parametrize("field", ["requests", "feedback"])
def test_the_improvements_form_refuses_ids_that_are_not_numbers(client, manager, field):
    client.force_login(manager.user)
    client.cookies["django_language"] = "en"
    response = client.post("/feedback/improvements/", {"title": "New chairs", field: "abc"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'lang="en"' in page and f"The value of “{field}” is not valid." in page
    assert not ImprovementAction.objects.exists()


def test_the_400_page_speaks_arabic_by_default(client, manager):
    client.force_login(manager.user)
    response = client.post("/feedback/improvements/", {"title": "x", "requests": "²"})
    assert response.status_code == 400
    assert 'lang="ar"' in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/feedback/requests/A%00B/",
        "/api/v1/feedback/figures/?centre=a%00b",
        "/api/v1/scorecard/?framework=a%00b",
        "/api/v1/tickets/a%00b/",
        "/api/v1/centres/amman/display-snapshot/?screen=a%00",
    ],
)
def test_it_refuses_a_null_character_in_an_api_path_or_query(api, centre, url):
    refused(api.get(url), "null_character")


@pytest.mark.parametrize("url", ["/t/a%00b/", "/feedback/a%00b/"])
def test_it_refuses_a_null_character_on_a_page_in_the_visitors_language(client, db, url):
    client.cookies["django_language"] = "en"
    response = client.get(url)
    assert response.status_code == 400
    assert "The request contains a null character." in response.content.decode()


def test_it_refuses_a_null_character_in_a_json_body(api, centre, passport):
    body = '{"kind": "complaint", "body": "x", "centre": "am\\u0000man"}'
    response = api.post("/api/v1/feedback/requests/", body, content_type="application/json")
    refused(response, "malformed_request")
    assert not CitizenRequest.objects.exists()


def test_it_refuses_a_null_character_in_a_form_body(api, centre, passport):
    response = api.post(
        "/api/v1/feedback/requests/",
        "kind=complaint&body=x&centre=am%00man",
        content_type="application/x-www-form-urlencoded",
    )
    refused(response, "null_character")
    assert not CitizenRequest.objects.exists()
