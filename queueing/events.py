"""Domain events of the queue, delivered to subscribers only after the transaction commits.

The engine knows nothing of websockets: the real-time layer connects to `queue_event` and
turns each event into one broadcast.
"""

import dataclasses
import datetime as dt

from django.db import transaction
from django.dispatch import Signal

# Sent with `event=QueueEvent` once the change that produced it is committed.
queue_event = Signal()


@dataclasses.dataclass(frozen=True)
class QueueEvent:
    kind: str  # "ticket.called", "counter.changed", ...
    centre_id: int
    at: dt.datetime
    ticket_id: int | None = None
    counter_id: int | None = None
    staff_id: int | None = None
    data: dict = dataclasses.field(default_factory=dict)


def emit_on_commit(event: QueueEvent) -> None:
    """Send `event` once the transaction commits; nothing is sent if it rolls back.

    `send_robust` calls every receiver even when one fails (the failure is logged), so a
    broken subscriber cannot starve the displays or the others.
    """
    transaction.on_commit(lambda: queue_event.send_robust(sender=QueueEvent, event=event))
