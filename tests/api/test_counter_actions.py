import pytest

from queueing import engine
from queueing.models import Ticket
from tests.api.conftest import action_url


@pytest.fixture
def waiting(centre, passport):
    return engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket


def test_it_runs_a_ticket_through_call_start_complete(
    as_staff, centre, open_counter, alice, waiting
):
    client = as_staff(alice)
    called = client.post(action_url(centre, 1, "call-next"))
    assert called.status_code == 200
    assert called.json()["ticket"]["number"] == "A-001"
    assert called.json()["counter"]["staff"] == "alice"
    assert client.post(action_url(centre, 1, "start")).json()["ticket"]["status"] == "serving"
    done = client.post(action_url(centre, 1, "complete"), {"outcome": "completed"}, format="json")
    assert done.json()["ticket"]["status"] == "done"
    assert done.json()["counter"]["ticket"] is None


def test_a_ticket_action_answers_without_the_steps_the_counters_list_still_has_them(
    as_staff, centre, open_counter, alice, waiting
):
    client = as_staff(alice)
    called = client.post(action_url(centre, 1, "call-next")).json()
    assert "services" not in called["ticket"]
    assert "services" not in called["counter"]["ticket"]
    assert called["counter"]["ticket"]["number"] == "A-001"
    listed = client.get(f"/api/v1/centres/{centre.code}/counters/").json()
    assert [step["code"] for step in listed[0]["ticket"]["services"]] == ["passport-renewal"]


def test_it_answers_204_when_nobody_waits(as_staff, centre, passport, open_counter, alice):
    assert as_staff(alice).post(action_url(centre, 1, "call-next")).status_code == 204


def test_it_opens_pauses_resumes_and_closes_a_counter(as_staff, centre, counter, alice):
    client = as_staff(alice)
    assert client.post(action_url(centre, 1, "open")).json()["counter"]["state"] == "open"
    paused = client.post(action_url(centre, 1, "pause"), {"reason": "prayer"}, format="json").json()
    assert (paused["counter"]["state"], paused["counter"]["pause_reason"]) == ("paused", "prayer")
    assert client.post(action_url(centre, 1, "resume")).json()["counter"]["state"] == "open"
    assert client.post(action_url(centre, 1, "close")).json()["counter"]["state"] == "closed"


def test_it_transfers_to_another_service(as_staff, centre, licence, open_counter, alice, waiting):
    client = as_staff(alice)
    client.post(action_url(centre, 1, "call-next"))
    response = client.post(
        f"/api/v1/centres/amman/tickets/{waiting.pk}/transfer/",
        {"service": "licence-renewal", "placement": "front"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["counter"]["ticket"] is None
    waiting.refresh_from_db()
    assert (waiting.status, waiting.service.code, waiting.at_front) == (
        "waiting",
        "licence-renewal",
        True,
    )


def test_it_refuses_no_show_before_enough_calls(as_staff, centre, open_counter, alice, waiting):
    client = as_staff(alice)
    client.post(action_url(centre, 1, "call-next"))
    response = client.post(action_url(centre, 1, "no-show"), {"requeue": False}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "no_show_too_early"
    client.post(action_url(centre, 1, "recall"))
    assert (
        client.post(action_url(centre, 1, "no-show"), {}, format="json").json()["ticket"]["status"]
        == "no_show"
    )


def test_it_refuses_calling_while_a_ticket_is_at_the_counter(
    as_staff, centre, open_counter, alice, waiting
):
    client = as_staff(alice)
    client.post(action_url(centre, 1, "call-next"))
    response = client.post(action_url(centre, 1, "call-next"))
    assert response.status_code == 409
    assert response.json()["code"] == "counter_busy"


def test_it_refuses_an_unknown_action(as_staff, centre, open_counter, alice):
    assert as_staff(alice).post(action_url(centre, 1, "teleport")).status_code == 409


def test_it_refuses_a_bad_pause_reason_and_changes_nothing(as_staff, centre, open_counter, alice):
    response = as_staff(alice).post(
        action_url(centre, 1, "pause"), {"reason": "nap"}, format="json"
    )
    assert response.status_code == 400
    open_counter.refresh_from_db()
    assert open_counter.state == "open"


def test_it_lets_a_supervisor_call_a_specific_ticket(as_staff, centre, passport, open_counter, sam):
    engine.ticket_issue(centre=centre, service_codes=["passport-renewal"])
    second = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    response = as_staff(sam).post(
        action_url(centre, 1, "call-specific"), {"ticket": second.pk}, format="json"
    )
    assert response.json()["ticket"]["number"] == "A-002"


def test_it_lets_a_supervisor_cancel_a_ticket(as_staff, centre, sam, waiting):
    response = as_staff(sam).post(
        f"/api/v1/centres/amman/tickets/{waiting.pk}/cancel/",
        {"reason": "duplicate"},
        format="json",
    )
    assert response.json()["ticket"]["status"] == "cancelled"


def test_it_shows_the_live_snapshot_to_centre_staff(as_staff, centre, open_counter, alice, waiting):
    body = as_staff(alice).get("/api/v1/centres/amman/live/").json()
    passport = body["services"][0]
    # A ticket taken now waits behind one 8-minute passport renewal at the one open counter.
    assert (passport["code"], passport["waiting"], passport["estimated_wait_seconds"]) == (
        "passport-renewal",
        1,
        480,
    )
    assert passport["target_wait_minutes"] == 20
    assert body["counters"][0]["state"] == "open"
    assert Ticket.objects.get().status == "waiting"


def test_it_audits_a_supervisor_acting_at_someone_elses_counter(
    as_staff, centre, open_counter, sam
):
    from counters.models import AuditLog

    as_staff(sam).post(action_url(centre, 1, "pause"), {"reason": "admin"}, format="json")
    entry = AuditLog.objects.get()
    assert (entry.action, entry.before["state"], entry.after["state"]) == (
        "counter.pause",
        "open",
        "paused",
    )


def test_it_audits_a_supervisor_cancelling_a_ticket(as_staff, centre, sam, waiting):
    from counters.models import AuditLog

    as_staff(sam).post(
        f"/api/v1/centres/amman/tickets/{waiting.pk}/cancel/",
        {"reason": "duplicate"},
        format="json",
    )
    assert AuditLog.objects.get().action == "ticket.cancel"


def test_done_next_completes_and_calls_in_one_request(
    as_staff, centre, passport, open_counter, alice, waiting
):
    second = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    client = as_staff(alice)
    client.post(action_url(centre, 1, "call-next"))
    response = client.post(
        action_url(centre, 1, "call-next"), {"finish": "referred"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["ticket"]["id"] == second.pk
    waiting.refresh_from_db()
    assert waiting.status == Ticket.Status.DONE
    assert waiting.steps.get().outcome == "referred"


def test_done_next_refuses_an_unknown_outcome_and_changes_nothing(
    as_staff, centre, open_counter, alice, waiting
):
    client = as_staff(alice)
    client.post(action_url(centre, 1, "call-next"))
    response = client.post(action_url(centre, 1, "call-next"), {"finish": "lost"}, format="json")
    assert response.status_code == 400
    waiting.refresh_from_db()
    assert waiting.status == Ticket.Status.CALLED


def test_transfer_is_no_longer_a_counter_action(as_staff, centre, open_counter, alice, waiting):
    """One route per action: a transfer is addressed to the ticket."""
    client = as_staff(alice)
    client.post(action_url(centre, 1, "call-next"))
    response = client.post(action_url(centre, 1, "transfer"), {"service": "licence-renewal"})
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")
    waiting.refresh_from_db()
    assert waiting.service.code == "passport-renewal"


@pytest.mark.parametrize("action", ["call-next", "start", "complete"])
def test_an_unknown_counter_is_404_and_nothing_changes(
    as_staff, centre, open_counter, alice, waiting, action
):
    response = as_staff(alice).post(action_url(centre, 99, action))
    assert response.status_code == 404
    waiting.refresh_from_db()
    assert (waiting.status, waiting.counter_id) == ("waiting", None)
