"""Which queue a counter calls from next: the universal-employee routing policy.

The engine groups the waiting tickets a counter may serve by (service, priority rank,
at-front flag) and asks `choose_groups` for the order to try them in; it then claims the
oldest ticket of the first group it can lock. Policies:

* ``charter`` (default): priority classes first, then tickets sent to the front by a
  transfer, then the queue most overdue against its service's charter target
  (longest wait ÷ target wait), then arrival.
* ``fifo``: priority classes first, then front, then arrival, whatever the service.

Under either policy a group whose oldest ticket queues from a time still to come (an
appointment checked in before its booked time) is not due yet (`queueing.models.not_due`,
the rule positions and waiting lists use too): it comes after every due group, and is
called early only when nothing else waits (docs/engine.md, "Appointments").

A work profile puts ordered rules before the policy: the first rule whose condition holds
(e.g. "when the longest wait for service X passes 30 minutes") restricts the call to
its service; if no rule holds, the profile's default policy decides among all services.
"""

import dataclasses
import datetime as dt
from collections.abc import Iterable

from centre.models import WorkProfile
from queueing.models import call_rank, not_due


@dataclasses.dataclass(frozen=True)
class CandidateGroup:
    service_id: int
    priority_rank: int
    at_front: bool
    oldest: dt.datetime
    waiting: int


def _charter_key(targets: dict[int, int], now: dt.datetime):
    def key(group: CandidateGroup):
        waited = (now - group.oldest).total_seconds()
        overdue = waited / (60 * targets.get(group.service_id, 15))
        return (
            not_due(group.oldest, now),
            *call_rank(group.priority_rank, group.at_front),
            -overdue,
            group.oldest,
        )

    return key


def _fifo_key(now: dt.datetime):
    def key(group: CandidateGroup):
        return (
            not_due(group.oldest, now),
            *call_rank(group.priority_rank, group.at_front),
            group.oldest,
        )

    return key


def _rule_holds(rule, groups: list[CandidateGroup], now: dt.datetime) -> bool:
    mine = [g for g in groups if g.service_id == rule.service_id]
    if not mine:
        return False
    if rule.min_longest_wait_minutes is not None:
        longest = now - min(g.oldest for g in mine)
        if longest < dt.timedelta(minutes=rule.min_longest_wait_minutes):
            return False
    return rule.min_waiting is None or sum(g.waiting for g in mine) >= rule.min_waiting


def choose_groups(
    groups: Iterable[CandidateGroup],
    *,
    targets: dict[int, int],
    profile: WorkProfile | None,
    now: dt.datetime,
) -> list[CandidateGroup]:
    """Order candidate groups, best first; the caller claims from the first it can."""
    groups = list(groups)
    policy = profile.default_policy if profile else WorkProfile.Policy.CHARTER
    key = _fifo_key(now) if policy == WorkProfile.Policy.FIFO else _charter_key(targets, now)
    ordered = sorted(groups, key=key)
    if profile is None:
        return ordered
    for rule in sorted(profile.rules.all(), key=lambda r: r.position):
        if _rule_holds(rule, groups, now):
            preferred = [g for g in ordered if g.service_id == rule.service_id]
            return preferred + [g for g in ordered if g.service_id != rule.service_id]
    return ordered
