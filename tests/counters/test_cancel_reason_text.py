"""A supervisor's cancel reason is stored without bidi controls (nafitha/text.py)."""

from counters.models import AuditLog
from queueing.models import Ticket


def test_the_cancel_reason_loses_reordering_controls(world):
    response = world.client("supervisor").post(
        f"/api/v1/centres/amman/tickets/{world.waiting.pk}/cancel/",
        {"reason": "\u202eetacilpud\u202c"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert AuditLog.objects.get(action="ticket.cancel").after["reason"] == "etacilpud"
    assert Ticket.objects.get(pk=world.waiting.pk).status == Ticket.Status.CANCELLED
