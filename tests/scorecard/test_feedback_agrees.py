"""The feedback page and the scorecard read the citizen's voice with one set of definitions:
on the same answers and complaints they show the same CSAT, NPS and on-time share."""

import pytest
import time_machine

from feedback.models import CitizenRequest, ServiceFeedback
from queueing import engine
from scorecard.aggregation import aggregate_day
from scorecard.periods import parse_period
from scorecard.selectors import centre_card, load_framework
from staff.models import Staff
from tests.conftest import make_staff
from tests.scorecard.conftest import DAY, at, next_day

pytestmark = pytest.mark.django_db
Status = CitizenRequest.Status


@pytest.fixture
def voices(centre, passport):
    # (satisfaction, recommend): CSAT 4/7; NPS over the 6 who rated: 2 promoters − 1 detractor.
    for minute, (satisfaction, recommend) in enumerate(
        [(5, 10), (4, 9), (4, None), (3, 7), (2, 3), (1, 8), (5, 8)]
    ):
        ticket = engine.ticket_issue(
            centre=centre, service_codes=[passport.code], now=at(8, minute)
        ).ticket
        ServiceFeedback.objects.create(
            ticket=ticket,
            centre=centre,
            service=passport,
            satisfaction=satisfaction,
            recommend=recommend,
            channel="tablet",
            submitted_at=at(10, minute),
        )
    due = at(17)
    for reference, status, answered, closed in (
        ("C-1", Status.ANSWERED, at(16), None),  # on time
        ("C-2", Status.ANSWERED, at(18), None),  # late
        ("C-3", Status.REJECTED, None, at(12)),  # rejected in time: on time
        ("C-4", Status.RECEIVED, None, None),  # still open past its deadline: late
        ("C-5", Status.CLOSED, None, at(12)),  # closed unanswered: not judged
    ):
        CitizenRequest.objects.create(
            reference=reference,
            kind=CitizenRequest.Kind.COMPLAINT,
            body="…",
            centre=centre,
            status=status,
            received_at=at(9),
            due_at=due,
            answered_at=answered,
            closed_at=closed,
        )


def test_the_feedback_page_and_the_scorecard_show_the_same_figures(client, voices, centre):
    now = next_day(12)
    aggregate_day(DAY, [centre], now=now)
    card = centre_card(centre, parse_period(DAY.isoformat()), load_framework())
    scorecard = {i["metric"]: i["value"] for d in card["dimensions"] for i in d["indicators"]}
    client.force_login(make_staff("maha", centre, role=Staff.Role.MANAGER).user)
    with time_machine.travel(now, tick=False):
        page = client.get(f"/api/v1/feedback/figures/?centre={centre.code}").json()

    assert page["feedback"]["csat"] == round(scorecard["csat"], 1) == 57.1
    assert page["feedback"]["nps"] == round(scorecard["nps"], 1) == 16.7
    assert page["requests"]["on_time_share"] == round(scorecard["complaints_on_time"], 1) == 50.0
