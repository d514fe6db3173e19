"""Listening to the engine: the counter state history the engine itself does not log."""

from queueing.events import QueueEvent, counter_changes
from scorecard.aggregation import record_counter_change


def keep_counter_history(sender, events: tuple[QueueEvent, ...], **kwargs) -> None:
    """Receiver of `queue_changed`: every counter state change, for open and idle time."""
    for event in counter_changes(events):
        record_counter_change(
            counter_id=event.counter_id,
            centre_id=event.centre_id,
            state=event.data.get("state", ""),
            reason=event.data.get("reason", ""),
            at=event.at,
        )
