"""A centre may cap the tickets issued per service and local day."""

import datetime as dt

import pytest

from centre.models import CentreService
from queueing import engine
from queueing.errors import QueueError
from tests.queueing.conftest import AMMAN, db_state, issue


@pytest.fixture
def capped(passport):
    CentreService.objects.filter(service=passport).update(daily_cap=2)
    return passport


def test_it_refuses_a_ticket_over_the_cap_and_changes_nothing(centre, capped):
    issue(centre, "passport-renewal")
    issue(centre, "passport-renewal")
    before = db_state()
    with pytest.raises(QueueError) as refused:
        issue(centre, "passport-renewal")
    assert (refused.value.code, refused.value.status, refused.value.params) == (
        "daily_cap_reached",
        409,
        {"service": "passport-renewal"},
    )
    assert db_state() == before


def test_cancelled_tickets_do_not_count(centre, capped):
    issue(centre, "passport-renewal")
    engine.ticket_cancel(ticket=issue(centre, "passport-renewal"))
    assert issue(centre, "passport-renewal").number == 3


def test_the_cap_restarts_with_the_local_day(centre, capped):
    late = dt.datetime(2026, 3, 10, 23, 59, tzinfo=AMMAN)
    issue(centre, "passport-renewal", at=late)
    issue(centre, "passport-renewal", at=late)
    assert issue(centre, "passport-renewal", at=late + dt.timedelta(minutes=2)).number == 1


def test_the_cap_counts_the_service_inside_bundles(centre, capped, bundle):
    issue(centre, bundle_code="travel")
    issue(centre, "passport-renewal")
    with pytest.raises(QueueError, match="daily_cap_reached"):
        issue(centre, bundle_code="travel")


def test_uncapped_services_are_unaffected(centre, capped, licence):
    issue(centre, "passport-renewal")
    issue(centre, "passport-renewal")
    assert issue(centre, "licence-renewal").number == 1


def test_the_cap_is_per_centre(centre, other_centre, capped):
    CentreService.objects.create(centre=other_centre, service=capped, letter="A", daily_cap=1)
    issue(other_centre, "passport-renewal")
    issue(centre, "passport-renewal")
    assert issue(centre, "passport-renewal").number == 2
