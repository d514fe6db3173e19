"""Every action a supervisor takes for someone else leaves one audit entry with who, what,
when, before and after, written in the same transaction as the change; each action has one
name (`AuditLog.Action`)."""

import pytest

from centre.models import Service
from counters import services
from counters.models import AuditLog
from queueing.models import Counter, Ticket

API = "/api/v1/centres/amman/"


def post(world, path, body=None):
    return world.client("supervisor").post(API + path, body or {}, content_type="application/json")


def test_it_records_opening_a_counter_with_before_and_after(world):
    dave = world.staff["dave"]
    assert post(world, "counters/3/open/", {"staff": dave.pk}).status_code == 200
    entry = AuditLog.objects.get()
    assert (entry.actor, entry.action, entry.target) == (
        world.staff["supervisor"],
        "counter.open",
        f"staff {dave.pk} → counter 3",
    )
    assert entry.before["counter"]["state"] == "closed"
    assert entry.after["counter"] == {
        "state": "open",
        "pause_reason": "",
        "staff": dave.pk,
        "ticket": None,
    }
    assert entry.after["staff"]["counter"] == 3


def test_it_records_a_move_between_counters_as_opening_the_new_one(world):
    assert post(world, "counters/3/open/", {"staff": world.staff["agent"].pk}).status_code == 200
    entry = AuditLog.objects.get()
    assert entry.action == "counter.open"
    assert (entry.before["staff"]["counter"], entry.after["staff"]["counter"]) == (1, 3)
    assert Counter.objects.get(pk=world.counters[1].pk).state == Counter.State.CLOSED


def test_it_records_calling_transferring_and_cancelling_tickets(world):
    post(world, "counters/1/call-specific/", {"ticket": world.waiting.pk})
    post(
        world,
        f"tickets/{world.called.pk}/transfer/",
        {"service": "licence-renewal", "placement": "front"},
    )
    post(world, f"tickets/{world.waiting.pk}/cancel/", {"reason": "duplicate"})
    call, transfer, cancel = AuditLog.objects.order_by("at", "id")
    assert (call.action, call.target, call.before["ticket"], call.after["ticket"]) == (
        "counter.call-specific",
        "counter 1",
        None,
        world.waiting.display_number,
    )
    assert transfer.before["service"] == "passport-renewal"
    assert (transfer.after["service"], transfer.after["status"], transfer.after["placement"]) == (
        "licence-renewal",
        "waiting",
        "front",
    )
    assert (cancel.before["status"], cancel.after["status"], cancel.after["reason"]) == (
        "called",
        "cancelled",
        "duplicate",
    )


def test_it_records_a_change_of_certified_services(world):
    dave = world.staff["dave"]
    response = post(
        world, f"staff/{dave.pk}/services/", {"universal": False, "services": ["licence-renewal"]}
    )
    assert response.status_code == 200
    entry = AuditLog.objects.get()
    assert entry.before == {"counter": None, "universal": True, "services": []}
    assert entry.after == {"counter": None, "universal": False, "services": ["licence-renewal"]}
    dave.refresh_from_db()
    assert dave.certified_service_ids() == {Service.objects.get(code="licence-renewal").pk}


def test_it_writes_nothing_when_the_engine_refuses(world):
    response = post(world, "counters/2/close/")  # bob still has a ticket at counter 2
    assert (response.status_code, response.json()["code"]) == (409, "counter_busy")
    assert not AuditLog.objects.exists()


def test_it_moves_a_waiting_ticket_to_another_service_and_audits_it(world):
    response = post(world, f"tickets/{world.waiting.pk}/transfer/", {"service": "licence-renewal"})
    assert response.status_code == 200
    world.waiting.refresh_from_db()
    assert (world.waiting.status, world.waiting.service.code) == ("waiting", "licence-renewal")
    entry = AuditLog.objects.get()
    assert (entry.action, entry.after["service"]) == ("ticket.transfer", "licence-renewal")


def test_it_rejects_services_the_centre_does_not_offer(world):
    response = post(
        world,
        f"staff/{world.staff['dave'].pk}/services/",
        {"universal": False, "services": ["nope"]},
    )
    assert (response.status_code, response.json()["code"]) == (400, "service_not_offered")
    assert world.staff["dave"].certifications.count() == 0


def test_it_undoes_the_change_when_the_audit_entry_cannot_be_written(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "_audit", broken)
    with pytest.raises(RuntimeError):
        services.ticket_cancel(actor=world.staff["supervisor"], ticket=world.waiting, reason="x")
    assert Ticket.objects.get(pk=world.waiting.pk).status == Ticket.Status.WAITING


def test_it_lists_the_audit_log_newest_first_for_managers(world):
    post(world, "counters/1/close/")
    post(world, "counters/3/open/", {"staff": world.staff["dave"].pk})
    rows = world.client("manager").get(API + "supervisor/audit/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [row["action"] for row in rows] == ["counter.open", "counter.close"]
    assert rows[0]["action_label"] == "Opened a counter"
    assert rows[0]["actor"] == "sam"


def test_it_audits_a_supervisors_counter_action_under_the_actions_one_name(world):
    response = post(world, "counters/2/recall/")
    assert response.status_code == 200
    entry = AuditLog.objects.get()
    assert (entry.action, entry.target) == ("counter.recall", "counter 2")
    assert entry.action in AuditLog.Action.values


def test_it_does_not_audit_an_agent_at_their_own_counter(world):
    client = world.client("agent")
    response = client.post(API + "counters/1/call-next/", {}, content_type="application/json")
    assert response.status_code == 200
    assert not AuditLog.objects.exists()


def test_an_agent_transfers_the_ticket_at_their_own_counter_only(world):
    bob = world.client("bob")
    body = {"service": "licence-renewal"}
    url = f"{API}tickets/{world.called.pk}/transfer/"
    refused = world.client("agent").post(url, body, content_type="application/json")
    assert (refused.status_code, refused.json()["code"]) == (403, "not_at_counter")
    assert Ticket.objects.get(pk=world.called.pk).service.code == "passport-renewal"
    response = bob.post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["ticket"]["service"] == "licence-renewal"
    assert not AuditLog.objects.exists()
