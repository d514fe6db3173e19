"""What an issue reads once and keeps: the hall the remote allowance read (the answer's
position and wait), the ticket written with its current step, and the mean service times
kept per process under a generation the completions bump (docs/benchmarks.md, cut 14)."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from queueing import engine, selectors
from queueing.models import ServiceTimeStat, Ticket
from tests.processes import pin_clock, two_processes
from tests.queueing.conftest import T0, issue, minutes

ISSUE_URL = "/api/v1/centres/amman/tickets/"


def test_a_remote_issue_answers_with_the_hall_it_read_as_a_fresh_read_would(
    centre, passport, licence, counter, alice
):
    engine.counter_open(counter=counter, staff=alice)
    issue(centre, "licence-renewal", at=T0)
    issue(centre, "passport-renewal", at=T0)
    issue(centre, "passport-renewal", at=T0, priority="elderly")
    answers = [
        APIClient(REMOTE_ADDR=f"192.0.2.{n}")
        .post(ISSUE_URL, {"services": ["passport-renewal"]}, format="json")
        .json()
        for n in (1, 2)
    ]
    for answer in answers:
        status = APIClient().get(f"/api/v1/tickets/{answer['token']}/").json()
        assert answer["channel"] == "remote"
        assert (answer["position"], answer["estimated_wait_seconds"]) == (
            status["position"],
            status["estimated_wait_seconds"],
        )
    # Two passports ahead of the first (one of them elderly), and it ahead of the second.
    assert [answer["position"] for answer in answers] == [2, 3]


@pytest.mark.parametrize("codes", [["passport-renewal"], ["passport-renewal", "licence-renewal"]])
def test_a_ticket_is_written_with_its_first_step_as_current(centre, passport, licence, codes):
    first = issue(centre, *codes)
    second = issue(centre, *codes)
    for ticket in (first, second):
        stored = Ticket.objects.select_related("current_step").get(pk=ticket.pk)
        assert stored.current_step.ticket_id == ticket.pk
        assert stored.current_step.position == 0
        assert [step.pk for step in ticket.written_steps] == list(
            stored.steps.order_by("position").values_list("pk", flat=True)
        )


@pytest.fixture
def completed(centre, licence, counter, alice):
    """Complete one licence ticket of `seconds` at the counter."""
    engine.counter_open(counter=counter, staff=alice)

    def complete(seconds: int, at: dt.datetime) -> None:
        issue(centre, "licence-renewal", at=at)
        engine.ticket_call_next(counter=counter, staff=alice, now=at)
        engine.ticket_start(counter=counter, staff=alice, now=at)
        engine.ticket_complete(counter=counter, staff=alice, now=at + dt.timedelta(seconds=seconds))

    return complete


def test_the_process_that_completes_reads_the_new_mean_at_once(
    centre, licence, completed, settings
):
    settings.NAFITHA_SERVICE_TIME_ALPHA = 0.5
    assert selectors.mean_service_seconds(centre)[licence.pk] == 300  # the standard 5 min
    completed(600, T0)
    assert selectors.mean_service_seconds(centre)[licence.pk] == 600
    completed(300, T0 + minutes(20))
    assert selectors.mean_service_seconds(centre)[licence.pk] == 450


def test_a_saved_row_is_read_again(centre, licence):
    assert selectors.mean_service_seconds(centre)[licence.pk] == 300
    ServiceTimeStat.objects.create(centre=centre, service=licence, mean_seconds=90)
    assert selectors.mean_service_seconds(centre)[licence.pk] == 90


def test_another_process_reads_the_new_mean_within_the_check_interval(
    centre, licence, completed, settings, monkeypatch
):
    clock = pin_clock(monkeypatch, settings)
    process = two_processes(monkeypatch, (selectors, "_service_times", dict))
    process("b")
    assert selectors.mean_service_seconds(centre)[licence.pk] == 300
    process("a")
    completed(600, T0)
    process("b")
    clock.now += 0.5
    assert selectors.mean_service_seconds(centre)[licence.pk] == 300  # its copy, still trusted
    clock.now += 0.5
    assert selectors.mean_service_seconds(centre)[licence.pk] == 600
