"""Appointments interleave with walk-ins (docs/engine.md, "Appointments"): a property test
over the engine's own routing (`queueing.routing.choose_groups`) on a simulated day.

Assumptions, as the plan makes them: slots last the service's standard time L and no service
takes longer; the appointment places of a slot (`_places`) are no more than the open counters
C; citizens checked in on time. Then:

* a punctual appointment is called within L of its booked time (every busy counter frees
  within L, and due appointments come first);
* no walk-in starves: with m the most places of one slot and C > m, at least C − m calls of
  every period L go to walk-ins, so one with n walk-ins ahead is called within
  L · (2 + 2(n + 1) / (C − m)).
"""

import dataclasses
import datetime as dt
import heapq

from hypothesis import given, settings
from hypothesis import strategies as st

from appointments.models import AppointmentPlan
from appointments.selectors import _places
from queueing.routing import CandidateGroup, choose_groups

T0 = dt.datetime(2026, 3, 9, 8, 0, tzinfo=dt.UTC)
SERVICE = 1
L = 10  # minutes
SLOTS = 18  # a three-hour morning


@dataclasses.dataclass
class Citizen:
    arrives: float  # minutes from opening
    queue_since: float
    rank: int
    service_minutes: float
    booked: float | None = None
    called: float | None = None


@st.composite
def days(draw):
    counters = draw(st.integers(1, 4))
    planned = draw(st.integers(1, counters))
    walk_in_percent = draw(st.sampled_from([0, 25, 50, 75]))
    plan = AppointmentPlan(counters=planned, walk_in_percent=walk_in_percent)
    places = [_places(i, plan) for i in range(SLOTS)]
    most = max(places)
    citizens = []
    for index, seats in enumerate(places):
        for _ in range(draw(st.integers(0, seats))):  # some places left unbooked
            booked = index * L
            early = draw(st.floats(0, 30))
            citizens.append(
                Citizen(
                    arrives=max(0.0, booked - early),
                    queue_since=booked,
                    rank=1,
                    service_minutes=draw(st.floats(L / 2, L)),
                    booked=booked,
                )
            )
    walk_ins = draw(st.lists(st.floats(0, SLOTS * L), max_size=80))
    for arrives in walk_ins:
        citizens.append(Citizen(arrives, arrives, 0, draw(st.floats(L / 2, L))))
    return counters, most, citizens


def simulate(counters: int, citizens: list[Citizen]) -> None:
    """Counters call with the engine's routing whenever they are free and someone waits."""
    free_at = [0.0] * counters
    heapq.heapify(free_at)
    pending = sorted(citizens, key=lambda c: c.arrives)
    while any(c.called is None for c in citizens):
        now = heapq.heappop(free_at)
        waiting = [c for c in pending if c.called is None and c.arrives <= now]
        if not waiting:
            now = min(c.arrives for c in pending if c.called is None)
            waiting = [c for c in pending if c.called is None and c.arrives <= now]
        at = T0 + dt.timedelta(minutes=now)
        groups = {}
        for c in waiting:
            oldest = T0 + dt.timedelta(minutes=c.queue_since)
            group = groups.get(c.rank)
            groups[c.rank] = CandidateGroup(
                SERVICE,
                c.rank,
                False,
                min(oldest, group.oldest) if group else oldest,
                (group.waiting if group else 0) + 1,
            )
        first = choose_groups(groups.values(), targets={SERVICE: 15}, profile=None, now=at)[0]
        chosen = min(
            (c for c in waiting if c.rank == first.priority_rank),
            key=lambda c: (c.queue_since, c.arrives),
        )
        chosen.called = now
        heapq.heappush(free_at, now + chosen.service_minutes)


@settings(max_examples=150, deadline=None)
@given(days())
def test_no_walk_in_starves_and_no_punctual_appointment_waits_beyond_its_window(day):
    counters, most, citizens = day
    simulate(counters, citizens)
    for c in citizens:
        if c.booked is not None:
            assert c.called - c.booked <= L + 1e-9, "a punctual appointment waited too long"
    if counters > most:
        walk_ins = sorted((c for c in citizens if c.rank == 0), key=lambda c: c.arrives)
        for n, c in enumerate(walk_ins):
            ahead = sum(1 for other in walk_ins[:n] if other.called >= c.arrives)
            bound = L * (2 + 2 * (ahead + 1) / (counters - most))
            assert c.called - c.arrives <= bound + 1e-9, "a walk-in starved"
