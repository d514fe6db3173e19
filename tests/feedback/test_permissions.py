"""Who sees and handles requests: agents and supervisors never; managers their centre's;
department officers their department's; analysts all, without personal data; exports never
contain personal data."""

import pytest

from feedback import services
from feedback.models import CitizenRequest

pytestmark = pytest.mark.django_db
PERSONAL = ("Huda Saleh", "0791112223", "9861234567")


def queue(client, user):
    client.force_login(user)
    return client.get("/api/v1/feedback/queue/")


@pytest.mark.parametrize("who", ["alice", "sam"])
def test_agents_and_supervisors_never_see_requests(client, complaint, who, request):
    user = request.getfixturevalue(who).user
    assert queue(client, user).status_code == 403
    for url in (
        "/complaints/manage/",
        f"/complaints/manage/{complaint.reference}/",
        "/complaints/manage/export.csv",
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert not any(p in response.content.decode() for p in PERSONAL)


def test_the_centre_manager_sees_and_handles_with_personal_data(client, complaint, manager):
    [row] = queue(client, manager.user).json()
    assert row["contact"] == {
        "name": "Huda Saleh",
        "phone": "0791112223",
        "national_number": "9861234567",
    }
    page = client.get(f"/complaints/manage/{complaint.reference}/").content.decode()
    assert all(p in page for p in PERSONAL)
    answered = client.post(
        f"/api/v1/feedback/queue/{complaint.reference}/answer/",
        {"answer": "Done"},
        content_type="application/json",
    )
    assert answered.status_code == 200 and answered.json()["status"] == "answered"


def test_another_centres_manager_sees_nothing(client, complaint, other_manager):
    assert queue(client, other_manager.user).json() == []
    assert client.get(f"/complaints/manage/{complaint.reference}/").status_code == 404
    response = client.post(f"/api/v1/feedback/queue/{complaint.reference}/close/")
    assert response.status_code == 404


def test_the_assigned_departments_officer_sees_personal_data(
    client, complaint, officer, licensing, manager
):
    [row] = queue(client, officer).json()
    assert row["contact"]["national_number"] == "9861234567"
    services.request_assign(request=complaint, department=licensing, by=manager.user)
    assert queue(client, officer).json() == []


def test_analysts_read_every_request_without_personal_data(client, complaint, analyst):
    [row] = queue(client, analyst.user).json()
    assert "contact" not in row
    assert (
        client.post(
            f"/api/v1/feedback/queue/{complaint.reference}/answer/",
            {"answer": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
    page = client.get(f"/complaints/manage/{complaint.reference}/").content.decode()
    assert not any(p in page for p in PERSONAL)


def test_exports_never_contain_personal_data_or_free_text(client, complaint, manager):
    client.force_login(manager.user)
    response = client.get("/complaints/manage/export.csv")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and complaint.reference in text
    assert not any(p in text for p in PERSONAL) and "document" not in text


def test_the_queue_filters_by_state_type_department_and_overdue(
    client, complaint, manager, centre, civil
):
    services.request_submit(kind="suggestion", body="More seats please", centre=centre)
    client.force_login(manager.user)

    def refs(query):
        return {r["reference"] for r in client.get(f"/api/v1/feedback/queue/?{query}").json()}

    suggestion = CitizenRequest.objects.get(kind="suggestion").reference
    assert refs("kind=complaint") == {complaint.reference}
    assert refs("department=civil") == {complaint.reference}
    assert refs("status=received") == {complaint.reference, suggestion}
    assert refs("overdue=1") == set()
    CitizenRequest.objects.filter(pk=complaint.pk).update(due_at=complaint.received_at)
    assert refs("overdue=1") == {complaint.reference}
    assert client.get("/complaints/manage/?overdue=on").status_code == 200
