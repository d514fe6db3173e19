"""Complaints, suggestions, inquiries and reports: submission, validation, reference and
status page, and the workflow received → assigned → answered → closed (or rejected)."""

import pytest

from feedback import services
from feedback.errors import FeedbackError
from feedback.models import CitizenRequest, RequesterContact

pytestmark = pytest.mark.django_db
SUBMIT = "/api/v1/feedback/requests/"


def submit(client, **data):
    body = {"kind": "complaint", "body": "The queue screen was broken all morning.", **data}
    return client.post(SUBMIT, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def test_it_receives_a_request_about_a_visit_with_a_reference(client, visit, passport, civil):
    response = submit(client, ticket=visit.token, phone="٠٧٩١٢٣٤٥٦٧", name="Huda")
    assert response.status_code == 201
    body = response.json()
    req = CitizenRequest.objects.get(reference=body["reference"])
    assert body["status"] == "received" and body["status_url"] == f"/complaints/{req.reference}/"
    assert (req.ticket, req.centre, req.service, req.department) == (
        visit,
        visit.centre,
        passport,
        civil,
    )
    assert req.contact.phone == "+962791234567"  # Arabic-Indic digits are accepted, stored E.164
    assert "phone" not in str(body) and "Huda" not in str(body)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "praise"}, "kind"),
        ({"body": "short"}, "body"),
        ({"phone": "12345"}, "phone"),
        ({"phone": "+882123456789"}, "phone"),  # not Jordanian
        ({"phone": "064123456"}, "phone"),  # a landline
        ({"national_number": "12345"}, "national_number"),
        ({"ticket": "no-such-ticket"}, "ticket"),
        ({"service": "passport-renewal", "department": "licensing"}, "service"),
    ],
)
def test_it_refuses_invalid_requests(client, passport, licensing, data, field):
    response = submit(client, **data)
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not CitizenRequest.objects.exists()


def test_anonymous_requests_store_no_contact(client):
    reference = submit(client).json()["reference"]
    assert not RequesterContact.objects.filter(request__reference=reference).exists()


def test_the_status_page_shows_the_answer_escaped_and_never_personal_data(
    client, complaint, manager
):
    services.request_answer(request=complaint, answer="<b>Fixed</b> & thanks", by=manager.user)
    page = client.get(f"/complaints/{complaint.reference}/?lang=en")
    html = page.content.decode()
    assert page.status_code == 200
    assert "&lt;b&gt;Fixed&lt;/b&gt; &amp; thanks" in html and "<b>Fixed</b>" not in html
    assert "Answered" in html
    assert "Huda" not in html and "0791112223" not in html and "9861234567" not in html
    assert (
        client.get(f"/api/v1/feedback/requests/{complaint.reference}/").json()["answer"]
        == "<b>Fixed</b> & thanks"
    )


def test_an_unknown_reference_says_so(client, db):
    page = client.get("/complaints/C-AAAA-BBBB/?lang=en")
    assert page.status_code == 404
    assert "No request has this reference number." in page.content.decode()


def test_the_public_form_submits_and_shows_the_reference(client, centre):
    response = client.post(
        "/complaints/?lang=en",
        {
            "kind": "suggestion",
            "body": "Please add more seats near counter 5.",
            "centre": centre.code,
            "language": "en",
        },
    )
    req = CitizenRequest.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(
        f"/complaints/{req.reference}/"
    )
    assert (req.kind, req.centre, req.language) == ("suggestion", centre, "en")


def test_the_public_form_shows_errors_in_arabic(client):
    page = client.post("/complaints/?lang=ar", {"kind": "complaint", "body": "x"})
    assert page.status_code == 200
    assert 'lang="ar" dir="rtl"' in page.content.decode()
    assert not CitizenRequest.objects.exists()


def test_the_workflow_moves_forward_only(complaint, manager, civil):
    by = manager.user
    with pytest.raises(FeedbackError) as error:
        services.request_close(request=complaint, by=by)
    assert error.value.code == "request_invalid_transition"
    services.request_assign(request=complaint, department=civil, by=by)
    req = services.request_answer(request=complaint, answer="We spoke to the employee.", by=by)
    assert (req.status, req.answered_at is not None) == ("answered", True)
    with pytest.raises(FeedbackError):
        services.request_reject(request=req, reason="Too late", by=by)
    req = services.request_close(request=req, by=by)
    assert req.status == "closed"
    assert list(req.events.values_list("kind", flat=True)) == [
        "received",
        "assigned",
        "answered",
        "closed",
    ]


def test_a_rejection_needs_a_reason(complaint, manager):
    with pytest.raises(FeedbackError) as error:
        services.request_reject(request=complaint, reason="  ", by=manager.user)
    assert error.value.code == "reason_required"
    req = services.request_reject(request=complaint, reason="Outside our remit", by=manager.user)
    assert (req.status, req.rejection_reason) == ("rejected", "Outside our remit")


def test_submissions_are_throttled_per_client(client):
    statuses = [submit(client).status_code for _ in range(7)]
    assert statuses[:5] == [201] * 5 and statuses[-1] == 429
    assert CitizenRequest.objects.count() == 5
