"""Domain events of the queue: to must-keep writers inside the transaction, to everyone else
only after it commits.

The engine knows nothing of websockets or SMS: the kiosk app connects to `queue_changing`
to write its outbox rows in the engine's transaction, and the real-time layer connects to
`queue_changed` and turns each committed change into broadcasts. One engine action (a call, a completion) is one
transaction and usually several events ("started", "completed", "done"); subscribers get them
together, once, so a screen is told about one action once instead of once per event.
"""

import contextlib
import contextvars
import dataclasses
import datetime as dt
from collections.abc import Iterator

from django.db import transaction
from django.dispatch import Signal

# Sent with `events=(QueueEvent, ...)` once per committed engine transaction, in the order the
# engine emitted them. Its receivers may only do what can be lost and rebuilt (broadcasts,
# metrics, logs), quickly: they run on the request thread after commit, and a crash between
# commit and them loses their work.
queue_changed = Signal()

# Sent with the same `events` inside the engine's transaction, just before it commits, for
# apps above the engine that keep rows which must not be lost (the SMS outbox): what they
# write commits or rolls back with the change itself, and an exception (a `QueueError`
# refusal) rolls the whole action back. Keep receivers to a few small queries: the engine's
# locks are held while they run.
queue_changing = Signal()


@dataclasses.dataclass(frozen=True)
class QueueEvent:
    kind: str  # "ticket.called", "counter.changed", ...
    centre_id: int
    at: dt.datetime
    ticket_id: int | None = None
    counter_id: int | None = None
    staff_id: int | None = None
    data: dict = dataclasses.field(default_factory=dict)
    # What the engine already knew, so receivers need not ask the database; None: unknown.
    # Not recorded (`data` is the event row's). `phone`: the ticket has a number to text.
    # `waiting_phones`: a waiting ticket of the queue this call moved has one.
    phone: bool | None = None
    waiting_phones: bool | None = None


class Batch:
    """Items gathered during one engine transaction, however deeply engine calls nest.

    Only the outermost `gathering()` yields the list (inner ones yield None and add to it);
    an inner part that fails drops the items it added, as its savepoint rolls back.
    """

    def __init__(self, name: str):
        self._items: contextvars.ContextVar[list | None] = contextvars.ContextVar(
            name, default=None
        )

    def add(self, item) -> bool:
        """Add to the current batch; False when none is being gathered."""
        items = self._items.get()
        if items is None:
            return False
        items.append(item)
        return True

    @contextlib.contextmanager
    def gathering(self):
        outer = self._items.get()
        if outer is not None:
            mark = len(outer)
            try:
                yield None
            except BaseException:
                del outer[mark:]
                raise
            return
        items: list = []
        token = self._items.set(items)
        try:
            yield items
        finally:
            self._items.reset(token)


_events = Batch("nafitha_queue_events")


def _send(events: tuple[QueueEvent, ...]) -> None:
    # `send_robust` calls every receiver even when one fails (the failure is logged), so a
    # broken subscriber cannot starve the displays or the others.
    queue_changed.send_robust(sender=QueueEvent, events=events)


@contextlib.contextmanager
def collecting():
    """Gather the events emitted inside into one batch: `queue_changing` gets it before the
    transaction commits, `queue_changed` once it has.

    Enter it inside the transaction (the engine's `_atomic`). Nested, it adds to the outer
    batch; nothing is sent after commit if the transaction rolls back.
    """
    with _events.gathering() as batch:
        yield
    if batch:
        events = tuple(batch)
        queue_changing.send(sender=QueueEvent, events=events)
        transaction.on_commit(lambda: _send(events))


def counter_changes(events: tuple[QueueEvent, ...]) -> Iterator[QueueEvent]:
    """The `counter.changed` events of a batch that name their counter."""
    return (e for e in events if e.kind == "counter.changed" and e.counter_id is not None)


def emit_on_commit(event: QueueEvent) -> None:
    """Add `event` to the current batch, or send it alone once the transaction commits."""
    if not _events.add(event):
        transaction.on_commit(lambda: _send((event,)))
