"""Wait estimators: several rules behind one interface, so they can be compared on recorded
days (`manage.py backtest_estimates`) and the best one chosen per centre.

Each estimator is a pure function of a `QueueState` — a snapshot of one centre's hall — and
of the place in the queue being asked about, and returns seconds or None ("no estimate": no
open counter can serve the service). Live, the state is read from the database; in the
back-test it is rebuilt from the event log at any moment of a past day.

* `zms`: the baseline of Berlin's and Munich's citizen offices: people ahead in the same
  queue × mean service time ÷ counters serving it × 0.8.
* `pool`: Nafitha's rule — the work ahead in every queue the certified open counters could
  serve, ÷ those counters (`queueing.selectors` explains it).
* `last_called`: the wait of the last citizen of the same service and priority class to be
  called (the "last to enter service" delay, robust in many-server queues by Ibrahim &
  Whitt), less the time already waited; `pool` when nobody has been called yet.
* `simulation`: a short simulation of the hall as it stands, no new arrivals, each free
  counter calling whom `queueing.routing.choose_groups` picks (the engine's own choice), with
  exponential service times; the mean over a few seeds of when this citizen is called
  (`planning.simulation.queue_wait`, registered by the planner's app config).
"""

import dataclasses
import datetime as dt
from collections.abc import Callable

from queueing.models import not_due

DEFAULT_SERVICE_SECONDS = 600.0


@dataclasses.dataclass(frozen=True)
class Waiting:
    service_id: int
    rank: int
    queued_at: dt.datetime


@dataclasses.dataclass(frozen=True)
class QueueState:
    at: dt.datetime
    waiting: tuple[Waiting, ...]
    counters: tuple[frozenset[int], ...]  # services each open, staffed counter may serve
    service_seconds: dict[int, float]
    last_called_wait: dict[tuple[int, int], float]  # (service, rank) → seconds waited
    targets: dict[int, int] = dataclasses.field(default_factory=dict)  # charter minutes

    def ahead_of(self, service_ids: set[int], rank: int, queued_at: dt.datetime) -> list[Waiting]:
        """Waiting citizens of `service_ids` called before a ticket of `rank` queued at
        `queued_at`, in the engine's order (`queueing.models.call_key`): an appointment not
        yet due comes after every due ticket, whatever its class; then a higher class, or
        the same class and earlier."""

        def key(w_rank: int, w_queued_at: dt.datetime) -> tuple:
            return (not_due(w_queued_at, self.at), -w_rank, w_queued_at)

        mine = key(rank, queued_at)
        return [
            w
            for w in self.waiting
            if w.service_id in service_ids and key(w.rank, w.queued_at) < mine
        ]

    def mean(self, service_id: int) -> float:
        return self.service_seconds.get(service_id, DEFAULT_SERVICE_SECONDS)


Estimator = Callable[[QueueState, int, int, dt.datetime], float | None]


def zms(state: QueueState, service_id: int, rank: int, queued_at: dt.datetime) -> float | None:
    serving = sum(service_id in services for services in state.counters)
    if not serving:
        return None
    ahead = len(state.ahead_of({service_id}, rank, queued_at))
    return ahead * state.mean(service_id) / serving * 0.8


def pool(state: QueueState, service_id: int, rank: int, queued_at: dt.datetime) -> float | None:
    serving = [services for services in state.counters if service_id in services]
    if not serving:
        return None
    reachable = set().union(*serving)
    work = sum(state.mean(w.service_id) for w in state.ahead_of(reachable, rank, queued_at))
    return work / len(serving)


def last_called(
    state: QueueState, service_id: int, rank: int, queued_at: dt.datetime
) -> float | None:
    if not any(service_id in services for services in state.counters):
        return None
    last = state.last_called_wait.get((service_id, rank))
    if last is None:
        return pool(state, service_id, rank, queued_at)
    return max(0.0, last - (state.at - queued_at).total_seconds())


ESTIMATORS: dict[str, Estimator] = {"zms": zms, "pool": pool, "last_called": last_called}


def register(name: str, estimator: Estimator) -> None:
    """Add an estimator defined in an app above this one (the planner registers
    `simulation` when it is ready: queueing imports no app above it)."""
    ESTIMATORS[name] = estimator
