"""Listening to the engine: the counter state history the engine itself does not log."""

from queueing.events import QueueEvent
from scorecard.aggregation import record_counter_change


def keep_counter_history(sender, event: QueueEvent, **kwargs) -> None:
    if event.kind != "counter.changed" or event.counter_id is None:
        return
    record_counter_change(
        counter_id=event.counter_id,
        centre_id=event.centre_id,
        state=event.data.get("state", ""),
        reason=event.data.get("reason", ""),
        at=event.at,
    )
