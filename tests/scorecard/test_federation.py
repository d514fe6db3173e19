"""Federation: feed export → wipe → import gives the same scorecard; bad feeds change nothing."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from centre.models import Centre
from queueing.models import CounterEvent, Ticket
from scorecard.aggregation import aggregate_day
from scorecard.federation import FeedError, export_feed, import_feed
from scorecard.models import CentreDay, FederatedCentre, ServiceDay
from scorecard.periods import parse_period
from scorecard.selectors import load_framework, national
from staff.models import Staff
from tests.scorecard.conftest import DAY, next_day


def snapshot():
    return json.loads(json.dumps(national(parse_period("2026-11"), load_framework()), default=str))


def state():
    return (
        list(
            CentreDay.objects.order_by("centre__code", "day").values_list(
                "centre__code", "day", "visits", "wait_sum"
            )
        ),
        ServiceDay.objects.count(),
        list(FederatedCentre.objects.values_list("centre__code", "instance")),
    )


@pytest.fixture
def feed_file(fixture_day, centre, tmp_path):
    aggregate_day(DAY, [centre], now=next_day(12))
    path = tmp_path / "feed.json"
    call_command("export_feed", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(path))
    return path


def wipe_local_data():
    """What the national instance does not have: the other instance's tickets and staff."""
    CentreDay.objects.all().delete()
    ServiceDay.objects.all().delete()
    Ticket.objects.all().delete()
    CounterEvent.objects.all().delete()
    users = list(Staff.objects.values_list("user_id", flat=True))
    Staff.objects.all().delete()
    get_user_model().objects.filter(pk__in=users).delete()
    Centre.objects.all().delete()


def test_it_round_trips_a_feed_to_the_same_scorecard(feed_file):
    before = snapshot()
    wipe_local_data()
    call_command("import_feed", str(feed_file), stdout=io.StringIO())
    assert snapshot() == before
    assert before[0]["centre"]["code"] == "amman" and before[0]["score"] is not None
    assert FederatedCentre.objects.get().instance == "nafitha"


def test_it_changes_nothing_when_a_feed_is_imported_again(feed_file):
    wipe_local_data()
    feed = json.loads(feed_file.read_text())
    assert import_feed(feed) == {"written": 1, "unchanged": 0}
    first = (state(), list(CentreDay.objects.values_list("pk", flat=True)))
    assert import_feed(feed) == {"written": 0, "unchanged": 1}
    assert (state(), list(CentreDay.objects.values_list("pk", flat=True))) == first


def test_it_carries_no_personal_data(feed_file):
    text = feed_file.read_text()
    assert "alice" not in text and "token" not in text and "phone" not in text


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda f: f.update(version=2), "unsupported feed version"),
        (lambda f: f["days"][0]["figures"].update(visits=-1), "minimum"),
        (lambda f: f["days"][0]["figures"].pop("served"), "served"),
        (lambda f: f["days"].append({**f["days"][0], "centre": "nowhere"}), "not listed"),
        (lambda f: f["days"].append(dict(f["days"][0])), "twice"),
    ],
)
def test_it_refuses_a_bad_feed_whole(feed_file, change, reason):
    wipe_local_data()
    feed = json.loads(feed_file.read_text())
    change(feed)
    before = state()
    with pytest.raises(FeedError, match=reason):
        import_feed(feed)
    assert state() == before


def test_it_refuses_to_overwrite_a_centre_this_instance_runs(feed_file, centre):
    with pytest.raises(CommandError, match="run by this instance"):
        call_command("import_feed", str(feed_file))


def test_it_exports_only_its_own_centres(feed_file):
    wipe_local_data()
    import_feed(json.loads(feed_file.read_text()))
    assert export_feed(DAY, DAY)["days"] == []
