"""Random operation sequences keep the queue consistent (hypothesis stateful testing).

Three counters — two universal employees and one certified for licences only — and a
supervisor go through random issues, calls, services, no-shows, transfers, returns,
cancellations, walk-outs, recalls and pauses while the clock moves on (across local
midnight too). Before each operation an oracle works out from the database which
refusal, if any, the engine must give; a refusal must change nothing. After every step
the invariants below hold, and at the end counters that keep calling serve everyone.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Count, Max
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from centre.models import CentreService
from queueing import engine
from queueing.errors import QueueError
from queueing.models import Counter, Ticket, TicketEvent, TicketStep
from tests.queueing.conftest import T0, db_state

S = Ticket.Status
STEP = TicketStep.Status
ACTIVE_STEP = (STEP.WAITING, STEP.CALLED, STEP.SERVING)
SERVICES = ["passport-renewal", "id-card", "licence-renewal"]
REQUESTS = [
    ["passport-renewal"],
    ["id-card"],
    ["licence-renewal"],
    ["licence-renewal", "id-card"],
    "travel",
]

counter_index = st.integers(0, 2)
pick = st.integers(0, 10_000)


class QueueMachine(RuleBasedStateMachine):
    def __init__(self, world):
        super().__init__()
        self.centre = world["centre"]
        self.counters = world["counters"]
        self.agents = world["agents"]
        self.supervisor = world["supervisor"]
        self.certified = world["certified"]  # per agent: service ids, or None for universal
        self.offered = set(
            CentreService.objects.filter(centre=self.centre).values_list("service_id", flat=True)
        )
        self.now = T0
        self.savepoint = transaction.savepoint()
        for counter, agent in zip(self.counters, self.agents, strict=True):
            engine.counter_open(counter=counter, staff=agent, now=self.now)

    def teardown(self):
        try:
            self.drain()
        finally:
            transaction.savepoint_rollback(self.savepoint)

    # --- helpers ---------------------------------------------------------------------------

    def tick(self):
        self.now += dt.timedelta(seconds=30)
        return self.now

    def attempt(self, expected: str | None, operation):
        """Run `operation`; it must fail with `expected` (changing nothing) or succeed if None."""
        before = db_state() if expected else None
        try:
            result = operation()
        except QueueError as refused:
            assert refused.code == expected, f"refused with {refused.code}, expected {expected}"
            assert db_state() == before
            return None
        assert expected is None, f"succeeded, but {expected} was expected"
        return result

    def counter(self, index) -> Counter:
        return Counter.objects.get(pk=self.counters[index].pk)

    def active(self, counter) -> Ticket | None:
        return Ticket.objects.filter(counter=counter, status__in=Ticket.AT_COUNTER_STATUSES).first()

    def at_counter_refusal(self, index, allowed=Ticket.AT_COUNTER_STATUSES) -> str | None:
        counter = self.counter(index)
        if counter.staff_id != self.agents[index].pk:
            return "not_at_counter"
        ticket = self.active(counter)
        if ticket is None:
            return "counter_idle"
        return None if ticket.status in allowed else "invalid_transition"

    def eligible(self, index) -> set[int]:
        certified = self.certified[index]
        return self.offered if certified is None else self.offered & certified

    def some_ticket(self, index) -> Ticket | None:
        tickets = list(Ticket.objects.order_by("pk"))
        return tickets[index % len(tickets)] if tickets else None

    # --- rules -----------------------------------------------------------------------------

    @rule(minutes=st.integers(1, 300))
    def wait(self, minutes):
        self.now += dt.timedelta(minutes=minutes)

    @rule(
        requests=st.lists(st.sampled_from(REQUESTS), min_size=1, max_size=3),
        priority=st.sampled_from([None, None, "elderly", "disability"]),
    )
    def issue(self, requests, priority):
        for request in requests:
            options = (
                {"bundle_code": request} if isinstance(request, str) else {"service_codes": request}
            )
            engine.ticket_issue(centre=self.centre, priority=priority, now=self.tick(), **options)

    @rule(index=counter_index)
    def call_next(self, index):
        counter = self.counter(index)
        expected = None
        if counter.staff_id != self.agents[index].pk:
            expected = "not_at_counter"
        elif counter.state != Counter.State.OPEN:
            expected = "counter_not_open"
        elif self.active(counter):
            expected = "counter_busy"
        eligible = Ticket.objects.filter(status=S.WAITING, service_id__in=self.eligible(index))
        best_rank = eligible.aggregate(rank=Max("priority_rank"))["rank"]
        called = self.attempt(
            expected,
            lambda: engine.ticket_call_next(
                counter=counter, staff=self.agents[index], now=self.tick()
            ),
        )
        if expected is None:
            # Nobody eligible is left waiting, and the highest priority class goes first.
            assert (called is None) == (best_rank is None)
            if called is not None:
                assert called.priority_rank == best_rank
                assert called.service_id in self.eligible(index)

    @rule(index=counter_index, which=pick)
    def call_specific(self, index, which):
        ticket = self.some_ticket(which)
        if ticket is None:
            return
        counter = self.counter(index)
        expected = None
        if counter.state != Counter.State.OPEN:
            expected = "counter_not_open"
        elif self.active(counter):
            expected = "counter_busy"
        elif ticket.status != S.WAITING:
            expected = "invalid_transition"
        elif ticket.service_id not in self.eligible(index):
            expected = "not_certified"
        self.attempt(
            expected,
            lambda: engine.ticket_call_specific(
                counter=counter, staff=self.supervisor, ticket=ticket, now=self.tick()
            ),
        )

    @rule(index=counter_index)
    def recall(self, index):
        expected = self.at_counter_refusal(index, (S.CALLED,))
        self.attempt(
            expected,
            lambda: engine.ticket_recall(
                counter=self.counters[index], staff=self.agents[index], now=self.tick()
            ),
        )

    @rule(index=counter_index)
    def start(self, index):
        expected = self.at_counter_refusal(index, (S.CALLED,))
        self.attempt(
            expected,
            lambda: engine.ticket_start(
                counter=self.counters[index], staff=self.agents[index], now=self.tick()
            ),
        )

    @rule(index=counter_index, outcome=st.sampled_from(TicketStep.Outcome.values))
    def complete(self, index, outcome):
        expected = self.at_counter_refusal(index)
        self.attempt(
            expected,
            lambda: engine.ticket_complete(
                counter=self.counters[index],
                staff=self.agents[index],
                outcome=outcome,
                now=self.tick(),
            ),
        )

    @rule(index=counter_index, requeue=st.booleans())
    def no_show(self, index, requeue):
        expected = self.at_counter_refusal(index, (S.CALLED,))
        if expected is None and self.active(self.counter(index)).call_count < 2:
            expected = "no_show_too_early"
        self.attempt(
            expected,
            lambda: engine.ticket_no_show(
                counter=self.counters[index],
                staff=self.agents[index],
                requeue=requeue,
                now=self.tick(),
            ),
        )

    @rule(
        index=counter_index,
        service=st.sampled_from(SERVICES),
        placement=st.sampled_from(["front", "end", "age"]),
    )
    def transfer(self, index, service, placement):
        expected = self.at_counter_refusal(index)
        if expected is None and self.active(self.counter(index)).service.code == service:
            expected = "same_service"
        self.attempt(
            expected,
            lambda: engine.ticket_transfer(
                counter=self.counters[index],
                staff=self.agents[index],
                service_code=service,
                placement=placement,
                now=self.tick(),
            ),
        )

    @rule(index=counter_index, service=st.sampled_from(SERVICES))
    def add_service(self, index, service):
        expected = self.at_counter_refusal(index)
        self.attempt(
            expected,
            lambda: engine.ticket_add_service(
                counter=self.counters[index],
                staff=self.agents[index],
                service_code=service,
                now=self.tick(),
            ),
        )

    @rule(index=counter_index)
    def return_to_queue(self, index):
        expected = self.at_counter_refusal(index)
        self.attempt(
            expected,
            lambda: engine.ticket_return_to_queue(
                counter=self.counters[index], staff=self.agents[index], now=self.tick()
            ),
        )

    @rule(which=pick)
    def cancel(self, which):
        ticket = self.some_ticket(which)
        if ticket is None:
            return
        expected = None if ticket.status in (S.WAITING, S.CALLED) else "invalid_transition"
        self.attempt(
            expected,
            lambda: engine.ticket_cancel(ticket=ticket, staff=self.supervisor, now=self.tick()),
        )

    @rule(which=pick)
    def walk_out(self, which):
        ticket = self.some_ticket(which)
        if ticket is None:
            return
        expected = None if ticket.status == S.WAITING else "invalid_transition"
        self.attempt(expected, lambda: engine.ticket_walk_out(ticket=ticket, now=self.tick()))

    @rule(index=counter_index, reason=st.sampled_from(Counter.PauseReason.values))
    def pause(self, index, reason):
        counter = self.counter(index)
        expected = None
        if counter.staff_id != self.agents[index].pk:
            expected = "not_at_counter"
        elif counter.state != Counter.State.OPEN:
            expected = "counter_not_open"
        self.attempt(
            expected,
            lambda: engine.counter_pause(
                counter=counter, staff=self.agents[index], reason=reason, now=self.tick()
            ),
        )

    @rule(index=counter_index)
    def resume(self, index):
        counter = self.counter(index)
        expected = None
        if counter.staff_id != self.agents[index].pk:
            expected = "not_at_counter"
        elif counter.state != Counter.State.PAUSED:
            expected = "invalid_transition"
        self.attempt(
            expected,
            lambda: engine.counter_resume(
                counter=counter, staff=self.agents[index], now=self.tick()
            ),
        )

    @rule(index=counter_index)
    def close_or_reopen(self, index):
        counter = self.counter(index)
        agent = self.agents[index]
        if counter.state == Counter.State.CLOSED:
            self.attempt(
                None, lambda: engine.counter_open(counter=counter, staff=agent, now=self.tick())
            )
        else:
            expected = "counter_busy" if self.active(counter) else None
            self.attempt(
                expected,
                lambda: engine.counter_close(counter=counter, staff=agent, now=self.tick()),
            )

    # --- invariants --------------------------------------------------------------------------

    @invariant()
    def each_ticket_is_in_one_state_consistent_with_its_steps(self):
        steps: dict[int, list[TicketStep]] = {}
        for step in TicketStep.objects.order_by("position"):
            steps.setdefault(step.ticket_id, []).append(step)
        for ticket in Ticket.objects.all():
            mine = steps[ticket.pk]
            current = next(s for s in mine if s.pk == ticket.current_step_id)
            assert current.service_id == ticket.service_id
            active = [s for s in mine if s.status in ACTIVE_STEP]
            if ticket.status in Ticket.ACTIVE_STATUSES:
                assert active == [current]
                assert current.status == ticket.status  # waiting/called/serving alike
                assert (ticket.counter_id is None) == (ticket.status == S.WAITING)
            else:
                assert active == []
                assert not any(s.status == STEP.PENDING for s in mine)
                assert ticket.counter_id is None and ticket.ended_at is not None
                assert current.status == ticket.status  # done/no_show/walked_out/cancelled

    @invariant()
    def numbers_are_unique_and_gap_free_per_centre_letter_and_day(self):
        groups: dict[tuple, list[int]] = {}
        for key in Ticket.objects.values_list("centre_id", "service_day", "letter", "number"):
            groups.setdefault(key[:3], []).append(key[3])
        for numbers in groups.values():
            assert sorted(numbers) == list(range(1, len(numbers) + 1))

    @invariant()
    def no_step_is_served_twice(self):
        completions = dict(
            TicketEvent.objects.filter(kind="completed")
            .values_list("step_id")
            .annotate(n=Count("id"))
        )
        assert all(n == 1 for n in completions.values())
        done = set(TicketStep.objects.filter(status=STEP.DONE).values_list("pk", flat=True))
        assert done == set(completions)

    @invariant()
    def a_counter_holds_at_most_one_ticket_served_by_its_employee(self):
        held = list(
            Ticket.objects.filter(status__in=Ticket.AT_COUNTER_STATUSES).values_list(
                "counter_id", "staff_id"
            )
        )
        assert len({counter_id for counter_id, _ in held}) == len(held)
        counters = {c.pk: c for c in Counter.objects.filter(centre=self.centre)}
        for counter in counters.values():
            assert (counter.staff_id is None) == (counter.state == Counter.State.CLOSED)
        for counter_id, staff_id in held:
            assert counters[counter_id].state != Counter.State.CLOSED
            assert counters[counter_id].staff_id == staff_id

    # --- the end -----------------------------------------------------------------------------

    def drain(self):
        """Counters that keep calling serve every waiting ticket."""
        for index, counter in enumerate(self.counters):
            counter = self.counter(index)
            agent = self.agents[index]
            if counter.state == Counter.State.CLOSED:
                engine.counter_open(counter=counter, staff=agent, now=self.tick())
            elif counter.state == Counter.State.PAUSED:
                engine.counter_resume(counter=counter, staff=agent, now=self.tick())
            if self.active(counter):
                engine.ticket_complete(counter=counter, staff=agent, now=self.tick())
        for _ in range(1000):
            called = False
            for counter, agent in zip(self.counters, self.agents, strict=True):
                if engine.ticket_call_next(counter=counter, staff=agent, now=self.tick()):
                    engine.ticket_complete(counter=counter, staff=agent, now=self.tick())
                    called = True
            if not called:
                break
        assert not Ticket.objects.filter(status__in=Ticket.ACTIVE_STATUSES).exists()
        self.each_ticket_is_in_one_state_consistent_with_its_steps()
        self.no_step_is_served_twice()


def test_random_operation_sequences_keep_the_queue_consistent(
    centre, bundle, id_card, licence, counter, counter2, alice, bob, carol, sam
):
    world = {
        "centre": centre,
        "counters": [counter, counter2, Counter.objects.create(centre=centre, number=3)],
        "agents": [alice, bob, carol],
        "certified": [None, None, {licence.pk}],
        "supervisor": sam,
    }
    run_state_machine_as_test(
        lambda: QueueMachine(world),
        settings=settings(
            max_examples=50,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
