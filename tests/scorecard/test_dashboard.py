"""The live dashboard snapshot: colours against the charter target, counters, alerts, today."""

import pytest

from queueing import engine
from scorecard.dashboard import dashboard_snapshot, wait_level
from tests.scorecard.conftest import at


def by_code(snapshot, key="services"):
    return {row.get("code") or row.get("number"): row for row in snapshot[key]}


@pytest.mark.parametrize(
    ("minutes", "level"),
    [(10, "green"), (14.9, "green"), (15, "amber"), (20, "amber"), (20.1, "red")],
)
def test_it_colours_the_longest_wait_against_the_target(minutes, level):
    assert wait_level(int(minutes * 60), 20) == level


def test_it_shows_queues_counters_and_an_overdue_alert(
    centre, passport, licence, open_counter, alice, counter2, run
):
    run(engine.ticket_issue, centre=centre, service_codes=["passport-renewal"], now=at(8))
    snapshot = dashboard_snapshot(centre, names=True, now=at(8, 21))
    passport_row = by_code(snapshot)["passport-renewal"]
    assert (
        passport_row["waiting"],
        passport_row["longest_wait_seconds"],
        passport_row["level"],
    ) == (1, 21 * 60, "red")
    assert snapshot["departments"][0]["level"] == "red"
    assert {"kind": "overdue", "service": "passport-renewal"}.items() <= snapshot["alerts"][
        0
    ].items()
    counters = by_code(snapshot, "counters")
    assert (counters[1]["status"], counters[1]["staff"], counters[2]["status"]) == (
        "idle",
        "alice",
        "closed",
    )


def test_it_alerts_on_a_service_nobody_at_an_open_counter_may_serve(
    centre, passport, licence, counter, carol, run
):
    run(engine.counter_open, counter=counter, staff=carol, now=at(8))
    run(engine.ticket_issue, centre=centre, service_codes=["passport-renewal"], now=at(8, 1))
    alerts = dashboard_snapshot(centre, names=True, now=at(8, 2))["alerts"]
    uncovered = {a["service"] for a in alerts if a["kind"] == "uncovered"}
    assert uncovered == {"passport-renewal"}


def test_it_alerts_on_a_counter_idle_while_people_wait(centre, passport, counter, alice, run):
    run(engine.counter_open, counter=counter, staff=alice, now=at(8))
    run(engine.ticket_issue, centre=centre, service_codes=["passport-renewal"], now=at(8, 1))
    assert not [
        a
        for a in dashboard_snapshot(centre, names=True, now=at(8, 4))["alerts"]
        if a["kind"] == "idle"
    ]
    idle = [
        a
        for a in dashboard_snapshot(centre, names=True, now=at(8, 6))["alerts"]
        if a["kind"] == "idle"
    ]
    assert idle == [{"kind": "idle", "counter": 1, "seconds": 360}]


def test_it_shows_staff_on_break_and_for_how_long(centre, passport, open_counter, alice, run):
    run(engine.counter_pause, counter=open_counter, staff=alice, reason="prayer", now=at(12))
    snapshot = dashboard_snapshot(centre, names=True, now=at(12, 10))
    assert [(b["number"], b["pause_reason"], b["since_seconds"]) for b in snapshot["breaks"]] == [
        (1, "prayer", 600)
    ]
    assert snapshot["totals"]["paused"] == 1


def test_it_reports_today_as_the_metrics_define_it(fixture_day, centre):
    today = dashboard_snapshot(centre, names=False, now=at(23, 59))["today"]
    assert (today["served"], today["arrivals"]) == (5, 6)
    assert today["service_level"] == pytest.approx(100 * 6 / 7)
    assert today["p90_wait_seconds"] == pytest.approx(1032)
    assert today["arrivals_by_hour"][8] == 4
