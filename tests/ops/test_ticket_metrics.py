import pytest

from queueing import engine
from tests.ops.conftest import sample

pytestmark = pytest.mark.urls("ops.urls")


@pytest.mark.django_db
def test_it_counts_ticket_events_by_centre_and_kind(
    centre, passport, counter, alice, open_counter, django_capture_on_commit_callbacks
):
    def count(kind):
        return sample("nafitha_ticket_events_total", centre="amman", kind=kind)

    before = {kind: count(kind) for kind in ("issued", "called", "completed")}
    with django_capture_on_commit_callbacks(execute=True):
        engine.ticket_issue(centre=centre, service_codes=["passport-renewal"])
        engine.ticket_call_next(counter=counter, staff=alice)
        engine.ticket_complete(counter=counter, staff=alice)
    assert {kind: count(kind) - before[kind] for kind in before} == {
        "issued": 1,
        "called": 1,
        "completed": 1,
    }


@pytest.mark.django_db
def test_it_reports_waiting_tickets_per_centre(client, centre, passport):
    for _ in range(2):
        engine.ticket_issue(centre=centre, service_codes=["passport-renewal"])
    assert b'nafitha_waiting_tickets{centre="amman"} 2.0' in client.get("/metrics").content


@pytest.mark.django_db
def test_it_times_requests_by_method_and_status_class(client):
    before = sample("nafitha_http_request_duration_seconds_count", method="GET", status="2xx")
    client.get("/healthz")
    after = sample("nafitha_http_request_duration_seconds_count", method="GET", status="2xx")
    assert after == before + 1
