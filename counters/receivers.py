"""Keeps the pause history from the engine's committed counter events."""

from django.db import transaction

from centre.models import Counter
from counters.models import PauseRecord
from queueing.events import QueueEvent, counter_changes


def record_pauses(sender, events: tuple[QueueEvent, ...], **kwargs) -> None:
    """Receiver of `queue_changed`: the pause history of every counter change."""
    for event in counter_changes(events):
        _record_pause(event)


def _record_pause(event: QueueEvent) -> None:
    """A counter that leaves the paused state ends its open pause; a new pause starts one."""
    with transaction.atomic():
        PauseRecord.objects.filter(counter_id=event.counter_id, ended_at__isnull=True).update(
            ended_at=event.at
        )
        if event.data.get("state") == Counter.State.PAUSED:
            staff_id = (
                Counter.objects.filter(pk=event.counter_id)
                .values_list("staff_id", flat=True)
                .first()
            )
            PauseRecord.objects.create(
                centre_id=event.centre_id,
                counter_id=event.counter_id,
                staff_id=staff_id,
                reason=event.data.get("reason", ""),
                started_at=event.at,
            )
