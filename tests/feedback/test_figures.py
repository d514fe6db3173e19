"""The inputs the scorecard reads (CSAT, NPS, request response times, on-time share, share of
improvements based on citizen input), and the figures API."""

import datetime as dt

import pytest

from feedback import selectors, services
from feedback.models import CitizenRequest, ImprovementAction, ServiceFeedback
from queueing import engine
from tests.feedback.conftest import serve

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers(client, centre, passport, open_counter, alice):
    """Five visits answered over their links: (satisfaction, recommend)."""
    for satisfaction, recommend in [(5, 10), (4, 9), (3, 7), (2, 3), (1, None)]:
        ticket = serve(
            engine.ticket_issue(centre=centre, service_codes=[passport.code]).ticket,
            open_counter,
            alice,
        )
        data = {"satisfaction": satisfaction} | (
            {"recommend": recommend} if recommend is not None else {}
        )
        assert (
            client.post(
                f"/api/v1/feedback/visits/{ticket.token}/", data, content_type="application/json"
            ).status_code
            == 201
        )
    return ServiceFeedback.objects.all()


def test_the_answers_give_csat_and_nps(answers):
    # CSAT: 2 of 5 scored 4–5; NPS over the 4 who rated: 2 promoters − 1 detractor = 25.
    assert selectors.feedback_summary(answers) == {
        "count": 5,
        "mean_satisfaction": 3.0,
        "csat": 40.0,
        "nps": 25.0,
    }
    assert selectors.feedback_summary(answers.none())["csat"] is None


def test_request_figures_count_response_time_and_on_time_share(centre, manager):
    received = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    on_time, late, open_late, _open_fresh = (
        services.request_submit(kind=kind, body="Some text here", centre=centre, now=received)
        for kind in ("complaint", "complaint", "inquiry", "suggestion")
    )
    services.request_answer(
        request=on_time, answer="Yes", by=None, now=received + dt.timedelta(hours=10)
    )
    services.request_answer(
        request=late, answer="Yes", by=None, now=late.due_at + dt.timedelta(hours=2)
    )
    figures = selectors.request_figures(
        CitizenRequest.objects.all(), now=open_late.due_at + dt.timedelta(hours=1)
    )
    assert figures["by_kind"] == {"complaint": 2, "inquiry": 1, "suggestion": 1}
    assert figures["overdue"] == 1  # the inquiry (5 days); the suggestion has 15
    assert figures["on_time_share"] == pytest.approx(33.3)  # 1 on time of 2 answered + 1 late open
    assert figures["mean_response_hours"] == pytest.approx(
        (10 + (late.due_at - received).total_seconds() / 3600 + 2) / 2, abs=0.1
    )


def test_the_improvement_share_counts_actions_linked_to_citizen_input(complaint, manager, answers):
    services.improvement_record(
        title="Document list posted at every counter", centre=complaint.centre, requests=[complaint]
    )
    services.improvement_record(
        title="Faster card printer", centre=complaint.centre, feedback=[answers.first()]
    )
    services.improvement_record(title="New paint", centre=complaint.centre)
    share = selectors.improvement_share(ImprovementAction.objects.all())
    assert share == {"improvements": 3, "based_on_citizen_input": 2, "share": pytest.approx(66.7)}


def test_the_figures_api_is_for_managers_and_analysts(
    client, answers, centre, manager, analyst, alice, other_manager
):
    client.force_login(manager.user)
    body = client.get(f"/api/v1/feedback/figures/?centre={centre.code}").json()
    assert body["feedback"]["count"] == 5
    assert client.get("/api/v1/feedback/figures/").status_code == 403  # national: analysts only
    client.force_login(analyst.user)
    assert client.get("/api/v1/feedback/figures/").status_code == 200
    for staff in (alice, other_manager):
        client.force_login(staff.user)
        assert client.get(f"/api/v1/feedback/figures/?centre={centre.code}").status_code == 403


def test_a_manager_records_an_improvement_from_the_page(client, complaint, manager, alice):
    client.force_login(alice.user)
    assert client.get("/feedback/improvements/").status_code == 403
    client.force_login(manager.user)
    response = client.post(
        "/feedback/improvements/", {"title": "Checklist at counters", "requests": [complaint.pk]}
    )
    assert response.status_code == 302
    action = ImprovementAction.objects.get()
    assert (action.centre, list(action.requests.all()), action.created_by) == (
        complaint.centre,
        [complaint],
        manager.user,
    )
