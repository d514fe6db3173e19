"""The live service level counts those still waiting past target, so it cannot read 100 %
beside overdue queues."""

import pytest

from queueing import engine
from scorecard.dashboard import dashboard_snapshot
from tests.scorecard.conftest import at


def test_it_counts_citizens_still_waiting_past_target_as_missed(
    centre, passport, counter, alice, run
):
    run(engine.counter_open, counter=counter, staff=alice, now=at(8))
    run(engine.ticket_issue, centre=centre, service_codes=["passport-renewal"], now=at(8, 0))
    run(engine.ticket_issue, centre=centre, service_codes=["passport-renewal"], now=at(8, 1))
    run(engine.ticket_call_next, counter=counter, staff=alice, now=at(8, 5))  # 5 min: met

    before_target = dashboard_snapshot(centre, names=False, now=at(8, 20))["today"]
    assert before_target["service_level"] == pytest.approx(100)  # the second is at 19 min
    assert before_target["waiting_past_target"] == 0

    past_target = dashboard_snapshot(centre, names=False, now=at(8, 30))["today"]
    assert past_target["waiting_past_target"] == 1
    assert past_target["service_level"] == pytest.approx(50)
    assert [
        a["kind"] for a in dashboard_snapshot(centre, names=False, now=at(8, 30))["alerts"]
    ] == ["overdue"]


def test_it_labels_the_service_level_with_its_definition(client, centre, counter, alice):
    from staff.models import Staff
    from tests.conftest import make_staff

    client.force_login(make_staff("maryam", centre, role=Staff.Role.MANAGER).user)
    client.cookies["django_language"] = "en"
    html = client.get("/dashboard/amman/").content.decode()
    assert "out of everyone called today or still waiting past target" in html
